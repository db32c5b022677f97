"""Threads on one message in one locale: comments, questions with @mentions, requests for
context and reports of a wrong source text. A resolved thread stays in the history; the
next comment on that message opens a new one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from backoffice.audit import operations as audit
from backoffice.catalogs.models import Catalog, Message
from backoffice.comments.models import Comment, CommentThread
from backoffice.core.db import db, utcnow
from backoffice.core.errors import NotFoundError, OperationError

KINDS = ("question", "context", "problem")
# Requests for the launch manager and product owner: the translator cannot go on alone.
REQUEST_KINDS = ("context", "problem")
MAX_BODY = 4000
MAX_MENTIONS = 10
_MENTION_RE = re.compile(
    r"(?<![\w.@])@([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24})")


def mentioned_emails(body: str) -> list[str]:
    found: list[str] = []
    for match in _MENTION_RE.finditer(body):
        email = match.group(1).rstrip(".").lower()
        if email not in found:
            found.append(email)
    return found[:MAX_MENTIONS]


def open_thread(message: Message) -> CommentThread | None:
    return db.session.scalar(select(CommentThread).where(
        CommentThread.message_id == message.id, CommentThread.resolved_at.is_(None))
        .order_by(CommentThread.id.desc()).limit(1))


def threads(message: Message) -> list[CommentThread]:
    """Every thread of the message, the open one first, then the resolved, newest first."""
    rows = list(db.session.scalars(select(CommentThread).where(
        CommentThread.message_id == message.id).order_by(CommentThread.id.desc())))
    return sorted(rows, key=lambda t: t.resolved_at is not None)


def _link(message: Message, catalog: Catalog) -> str:
    """The editor at this message (a path: the mail adds the console's address)."""
    return f"/catalogs/{catalog.domain}/{catalog.locale_code}/?m={message.id}#m{message.id}"


def add_comment(message: Message, catalog: Catalog, body: str, *, actor: Any,
                kind: str = "question", notify: bool = True) -> Comment:
    """Add to the message's open thread (or open one). ``kind`` "context" or "problem"
    flags the thread for the launch manager and product owner."""
    from backoffice.accounts.models import User
    from backoffice.notifications import operations as notifications

    body = (body or "").strip()
    if not body:
        raise OperationError(_("Write a comment first."), "body")
    if len(body) > MAX_BODY:
        raise OperationError(_("A comment holds at most %(count)s characters.", count=MAX_BODY),
                             "body")
    if kind not in KINDS:
        raise OperationError(_("Unknown kind of comment."), "kind")
    thread = open_thread(message)
    if thread is None:
        thread = CommentThread(message_id=message.id, locale_code=catalog.locale_code,
                               domain=catalog.domain, kind=kind,
                               created_by_id=getattr(actor, "id", None), created_at=utcnow())
        db.session.add(thread)
        db.session.flush()
    elif kind in REQUEST_KINDS:
        thread.kind = kind
    comment = Comment(thread_id=thread.id, author_id=getattr(actor, "id", None), body=body,
                      created_at=utcnow())
    db.session.add(comment)
    db.session.flush()
    db.session.expire(thread, ["comments"])
    mentioned = []
    if notify:
        emails = mentioned_emails(body)
        people = list(db.session.scalars(select(User).where(
            func.lower(User.email).in_(emails)))) if emails else []
        link = _link(message, catalog)
        for person in people:
            if notifications.notify_mention(person, actor, text=body, link=link,
                                            key=f"comment:{comment.id}"):
                mentioned.append(person.email)
    audit.record("comment.added", "message",
                 f"{catalog.domain}/{catalog.locale_code}/{message.id}",
                 after={"thread": thread.id, "kind": thread.kind, "comment": comment.id,
                        "mentioned": mentioned}, actor=actor)
    return comment


def get_thread(thread_id: int) -> CommentThread:
    thread = db.session.get(CommentThread, thread_id)
    if thread is None:
        raise NotFoundError(_("This thread does not exist."))
    return thread


def resolve(thread: CommentThread, *, actor: Any) -> CommentThread:
    if thread.resolved_at is not None:
        raise OperationError(_("This thread is already resolved."))
    thread.resolved_at = utcnow()
    thread.resolved_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record("comment.thread_resolved", "comment_thread", thread.id,
                 before={"kind": thread.kind}, after={"resolved": True}, actor=actor)
    return thread


def open_count(catalog: Catalog) -> int:
    """Open threads (questions) on the catalog's messages."""
    return int(db.session.scalar(select(func.count(CommentThread.id)).where(
        CommentThread.locale_code == catalog.locale_code, CommentThread.domain == catalog.domain,
        CommentThread.resolved_at.is_(None))) or 0)


def open_message_ids() -> Any:
    """A subquery of the messages with an open thread (the editor's "questions" filter)."""
    return select(CommentThread.message_id).where(CommentThread.resolved_at.is_(None))


def requests(locales: Sequence[str] | None = None, limit: int = 200
             ) -> list[tuple[CommentThread, Message]]:
    """Open requests for context and reports of a wrong source, oldest first."""
    query = (select(CommentThread, Message).join(Message, Message.id == CommentThread.message_id)
             .where(CommentThread.resolved_at.is_(None),
                    CommentThread.kind.in_(REQUEST_KINDS)))
    if locales is not None:
        query = query.where(CommentThread.locale_code.in_(list(locales)))
    rows = db.session.execute(query.order_by(CommentThread.id).limit(limit))
    return [(row[0], row[1]) for row in rows]


def thread_json(thread: CommentThread) -> dict[str, Any]:
    return {
        "id": thread.id, "message": thread.message_id, "locale": thread.locale_code,
        "domain": thread.domain, "kind": thread.kind,
        "created_at": thread.created_at.isoformat(),
        "resolved_at": thread.resolved_at.isoformat() if thread.resolved_at else None,
        "comments": [{"id": c.id, "author": c.author.email if c.author else None,
                      "body": c.body, "created_at": c.created_at.isoformat()}
                     for c in thread.comments],
    }
