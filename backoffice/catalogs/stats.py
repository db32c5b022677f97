"""Word counts and weekly activity of one catalog, for the launch manager planning staff.

Coverage in messages is what the gates count (``Catalog.coverage``); coverage in source
words says how much work is left. Activity counts each person's saves and reviews per
ISO week, from the catalog's history (bounded to recent weeks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from backoffice.accounts.models import User
from backoffice.catalogs import inheritance
from backoffice.catalogs.models import Catalog, Message, TranslationHistory
from backoffice.core.db import db, utcnow

_WORD_RE = re.compile(r"%\(\w+\)\w|\{\w*\}|<[^>]*>|[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
WEEKS = 12
DONE = inheritance.DONE_STATES


def words(text: str) -> int:
    """Words a translator reads: placeholders and tags do not count."""
    return sum(1 for w in _WORD_RE.findall(text or "") if w[0] not in "%{<")


@dataclass
class WordCoverage:
    messages: int = 0
    messages_done: int = 0
    messages_inherited: int = 0
    words: int = 0
    words_done: int = 0
    words_inherited: int = 0

    @property
    def share_messages(self) -> float:
        done = self.messages_done + self.messages_inherited
        return done / self.messages if self.messages else 1.0

    @property
    def share_words(self) -> float:
        done = self.words_done + self.words_inherited
        return done / self.words if self.words else 1.0

    @property
    def words_left(self) -> int:
        return self.words - self.words_done - self.words_inherited


def word_coverage(catalog: Catalog) -> WordCoverage:
    inherited = set(inheritance.inherited_texts(catalog))
    result = WordCoverage()
    rows = db.session.execute(select(Message.msgid, Message.msgid_plural, Message.state,
                                     Message.source_key)
                              .where(Message.catalog_id == catalog.id,
                                     Message.obsolete.is_(False)))
    for msgid, plural, state, key in rows:
        count = words(msgid) + words(plural or "")
        result.messages += 1
        result.words += count
        if state in DONE:
            result.messages_done += 1
            result.words_done += count
        elif key in inherited:
            result.messages_inherited += 1
            result.words_inherited += count
    return result


@dataclass
class PersonWeeks:
    email: str
    weeks: dict[str, dict[str, int]] = field(default_factory=dict)

    def total(self, kind: str) -> int:
        return sum(week.get(kind, 0) for week in self.weeks.values())


def _week(moment: date) -> str:
    year, week, _day = moment.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_activity(catalog: Catalog, weeks: int = WEEKS) -> tuple[list[str], list[PersonWeeks]]:
    """The last ``weeks`` ISO weeks (newest first) and each person's translations
    (saves, bulk edits) and reviews in them."""
    now = utcnow()
    since = now - timedelta(weeks=weeks)
    labels = sorted({_week(now - timedelta(weeks=i)) for i in range(weeks)}, reverse=True)
    rows = db.session.execute(
        select(TranslationHistory.created_at, TranslationHistory.action, User.email)
        .join(Message, Message.id == TranslationHistory.message_id)
        .join(User, User.id == TranslationHistory.author_id)
        .where(Message.catalog_id == catalog.id, TranslationHistory.created_at >= since))
    people: dict[str, PersonWeeks] = {}
    for created, action, email in rows:
        kind = "reviews" if action == "review" else (
            "translations" if action in ("edit", "replace", "copy_parent") else None)
        if kind is None:
            continue
        person = people.setdefault(email, PersonWeeks(email))
        week = person.weeks.setdefault(_week(created), {})
        week[kind] = week.get(kind, 0) + 1
    return labels, sorted(people.values(), key=lambda p: -(p.total("translations")
                                                          + p.total("reviews")))
