"""What the editor shows beside the text: where an inherited text comes from, the
"inherited" and "overridden" filters, the source's placeholders and tags to insert, who
won a conflict, and which catalogs a person may open or change.

Access is always decided by ``User.may`` on the targets ``countries.scopes`` builds, the
rule the routes declare; this module only asks it about the rows it lists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from backoffice.catalogs import inheritance
from backoffice.catalogs.models import Catalog, Message, State
from backoffice.core.db import db
from backoffice.countries import scopes

DONE_STATES = inheritance.DONE_STATES
# The editor's filters beyond a message's own state: the parent locale's text, and open
# questions (comment threads).
EXTRA_FILTERS = ("inherited", "overridden", "questions")

# Placeholders and tags a translation must carry over: %(name)s, %s, %d, {name}, <b>, </b>.
_TOKEN_RE = re.compile(
    r"%\([A-Za-z_]\w{0,63}\)[-#0 +.\d]{0,8}[sdifrxXeEgGcuo]"
    r"|%[sdif]"
    r"|(?<!\{)\{[A-Za-z_]\w{0,63}(?:![rsa])?\}(?!\})"
    r"|\{\d{0,3}\}"
    r"|</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>]{0,200})?/?>"
)
MAX_TOKENS = 9  # Alt+Shift+1..9


def source_tokens(msgid: str, msgid_plural: str | None = None) -> list[str]:
    """The distinct placeholders and tags of the source, in order (at most nine)."""
    found: list[str] = []
    for text in (msgid, msgid_plural or ""):
        for match in _TOKEN_RE.finditer(text):
            if match.group(0) not in found:
                found.append(match.group(0))
    return found[:MAX_TOKENS]


def inherited_sources(catalog: Catalog, keys: Sequence[str]) -> dict[str, str]:
    """For these messages, the locale whose done text the catalog inherits (nearest first)."""
    if not keys:
        return {}
    found: dict[str, str] = {}
    for ancestor in inheritance.ancestors(catalog):
        wanted = [k for k in keys if k not in found]
        if not wanted:
            break
        rows = db.session.scalars(select(Message.source_key).where(
            Message.catalog_id == ancestor.id, Message.obsolete.is_(False),
            Message.state.in_(DONE_STATES), Message.source_key.in_(wanted)))
        for key in rows:
            found.setdefault(key, ancestor.locale_code)
    return found


def _inheritable_keys(catalog: Catalog) -> Any:
    """The source keys an ancestor has a done text for (a subquery), or None."""
    chain = inheritance.ancestors(catalog)
    if not chain:
        return None
    return select(Message.source_key).where(
        Message.catalog_id.in_([a.id for a in chain]), Message.obsolete.is_(False),
        Message.state.in_(DONE_STATES))


def narrow(query: Any, catalog: Catalog, state: str) -> Any:
    """The editor's state filter, with inheritance taken into account: "untranslated"
    leaves out what the parent gives, "inherited" lists it, "overridden" lists the
    variant's own texts where the parent has one too."""
    if state == "questions":
        from backoffice.comments.operations import open_message_ids

        return query.where(Message.id.in_(open_message_ids()))
    keys = _inheritable_keys(catalog)
    if state == "untranslated":
        query = query.where(Message.state == State.UNTRANSLATED.value)
        return query if keys is None else query.where(Message.source_key.not_in(keys))
    if state == "inherited":
        if keys is None:
            return query.where(Message.id.is_(None))
        return query.where(Message.state.not_in(DONE_STATES), Message.source_key.in_(keys))
    if state == "overridden":
        if keys is None:
            return query.where(Message.id.is_(None))
        return query.where(Message.state.in_(DONE_STATES), Message.source_key.in_(keys))
    return query


def conflict_details(message: Message) -> dict[str, Any]:
    """Who saved the text a person's save ran into, and when."""
    from backoffice.accounts.models import User

    who = None
    if message.author_id is not None:
        who = db.session.scalar(select(User.email).where(User.id == message.author_id))
    return {"by": who or "", "at": message.updated_at.strftime("%Y-%m-%d %H:%M UTC")
            if message.updated_at else ""}


def _allowed(user: Any, codes: Sequence[str], *, write: bool) -> set[str]:
    return {code for code in set(codes) if user.may(scopes.locale(code), write=write)}


def visible_catalogs(user: Any, catalogs: Sequence[Catalog]) -> list[Catalog]:
    """The catalogs the person may open: for a translator, their locales and the locales
    those inherit from."""
    readable = _allowed(user, [c.locale_code for c in catalogs], write=False)
    return [c for c in catalogs if c.locale_code in readable]


def may_change(user: Any, catalog: Catalog) -> bool:
    """Whether the person's scope lets them change this catalog's texts."""
    return bool(_allowed(user, [catalog.locale_code], write=True))
