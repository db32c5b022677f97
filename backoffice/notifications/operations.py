"""Notifying people, reading one's inbox, choosing how mail comes.

``notify`` is the one way anything tells a person something: it records the notification
once per person and event (its ``key``), and queues the e-mail the person asked for.
``notify_mention`` is the entry point for messages that mention someone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from backoffice.accounts.models import User
from backoffice.audit import operations as audit
from backoffice.core.db import db, rows_changed, utcnow
from backoffice.core.errors import NotFoundError, OperationError
from backoffice.core.permissions import Permission, Role
from backoffice.countries.models import Country, CountryLocale
from backoffice.countries.scopes import country as country_target
from backoffice.notifications.kinds import KINDS, MENTION
from backoffice.notifications.models import (
    Delivery,
    MailStatus,
    Notification,
    NotificationPreference,
)
from backoffice.tasks.queue import enqueue

INBOX_PAGE = 50
MAX_EXCERPT = 300


# --- who hears of what -------------------------------------------------------------------


def _active_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)))


def finance(country_code: str | None = None) -> list[User]:
    """The finance team (for a country: those whose scope covers it)."""
    target = country_target(country_code) if country_code else None
    return [user for user in _active_users() if user.role == Role.FINANCE
            and (target is None or user.may(target, write=True))]


def approvers(country_code: str, requester_id: int | None) -> list[User]:
    """Everyone who may approve a payment change of the country, the requester aside."""
    target = country_target(country_code)
    return [user for user in _active_users()
            if user.id != requester_id and user.can(Permission.PAYMENTS_APPROVE)
            and user.may(target, write=True)]


def country_people(country: Country) -> list[User]:
    """Who answers for a country: its owner, else the launch managers who may manage it."""
    if country.owner is not None and country.owner.active:
        return [country.owner]
    target = country_target(country.code)
    return [user for user in _active_users() if user.role == Role.LAUNCH_MANAGER
            and user.may(target, write=True)]


def locale_people(locale: str) -> list[User]:
    """Who owns a locale's catalogs: the translators and reviewers assigned to it, and the
    owners of the countries that use it."""
    owners = set(db.session.scalars(
        select(Country.owner_id).join(CountryLocale, CountryLocale.country_code == Country.code)
        .where(CountryLocale.locale_code == locale, Country.owner_id.is_not(None))))
    return [user for user in _active_users() if user.id in owners or locale in user.locales]


# --- notifying -----------------------------------------------------------------------------


def delivery_of(user_id: int, kind: str) -> str:
    chosen = db.session.get(NotificationPreference, (user_id, kind))
    return chosen.delivery if chosen is not None else Delivery.IMMEDIATE.value


def notify(users: Iterable[Any], kind: str, *, key: str, params: Mapping[str, Any],
           link: str, country_code: str | None = None) -> list[Notification]:
    """Tell each person once about the event ``key``; queue the e-mail they asked for.

    Running it again for the same event adds nothing, so watchers and retried tasks may
    call it freely.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    people = {user.id: user for user in users if user is not None and user.active}
    if not people:
        return []
    known = set(db.session.scalars(select(Notification.user_id).where(
        Notification.key == key, Notification.user_id.in_(sorted(people)))))
    mail = bool(current_app.config.get("SMTP_URL"))
    created = []
    for user_id in sorted(set(people) - known):
        delivery = delivery_of(user_id, kind) if mail else Delivery.OFF.value
        status = {Delivery.IMMEDIATE.value: MailStatus.PENDING,
                  Delivery.DIGEST.value: MailStatus.DIGEST}.get(delivery, MailStatus.NONE)
        item = Notification(user_id=user_id, kind=kind, key=key[:160], params=dict(params),
                            link=link[:300], country_code=country_code,
                            created_at=utcnow(), mail_status=status.value)
        try:
            with db.session.begin_nested():
                db.session.add(item)
        except IntegrityError:
            continue  # another worker told this person of this event a moment ago
        created.append(item)
        if status == MailStatus.PENDING:
            enqueue("notifications.mail", notification_id=item.id)
    return created


def notify_mention(mentioned: Any, author: Any, *, text: str, link: str, key: str,
                   country_code: str | None = None) -> list[Notification]:
    """Tell ``mentioned`` that ``author`` mentioned them or asked them something.

    ``key`` names the message (``message:123``), so that editing it does not notify
    again; ``text`` is shortened to an excerpt.
    """
    excerpt = " ".join((text or "").split())
    if len(excerpt) > MAX_EXCERPT:
        excerpt = excerpt[:MAX_EXCERPT - 1] + "…"
    if mentioned is None or getattr(mentioned, "id", None) == getattr(author, "id", None):
        return []
    return notify([mentioned], MENTION, key=f"mention:{key}",
                  params={"author": getattr(author, "email", "?"), "excerpt": excerpt},
                  link=link, country_code=country_code)


def resolve(key: str) -> int:
    """Mark an event's notifications read for everyone (the approval was decided)."""
    result = db.session.execute(
        update(Notification).where(Notification.key == key, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False))
    return rows_changed(result)


# --- the inbox -----------------------------------------------------------------------------


def unread_count(user: Any) -> int:
    return int(db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0)


def inbox(user: Any, *, unread_only: bool = False, limit: int = INBOX_PAGE,
          offset: int = 0) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(db.session.scalars(query.order_by(
        Notification.created_at.desc(), Notification.id.desc()).limit(limit).offset(offset)))


def get_own(user: Any, notification_id: int) -> Notification:
    item = db.session.get(Notification, notification_id)
    if item is None or item.user_id != user.id:
        raise NotFoundError(_("This notification does not exist."))
    return item


def mark_read(user: Any, notification_id: int | None = None) -> int:
    """Mark one of one's notifications read, or all of them (``None``)."""
    query = update(Notification).where(Notification.user_id == user.id,
                                       Notification.read_at.is_(None))
    if notification_id is not None:
        get_own(user, notification_id)
        query = query.where(Notification.id == notification_id)
    result = db.session.execute(query.values(read_at=utcnow())
                                .execution_options(synchronize_session=False))
    db.session.expire_all()
    return rows_changed(result)


# --- preferences ---------------------------------------------------------------------------


def preferences(user: Any) -> dict[str, str]:
    chosen = {row.kind: row.delivery for row in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    return {kind: chosen.get(kind, Delivery.IMMEDIATE.value) for kind in KINDS}


def set_preferences(user: Any, choices: Mapping[str, str]) -> dict[str, str]:
    """Save how each kind comes by e-mail; audited like any change of an account."""
    before = preferences(user)
    for kind, delivery in choices.items():
        if kind not in KINDS:
            raise OperationError(_("Unknown kind of notification: %(kind)s.", kind=kind))
        if delivery not in {d.value for d in Delivery}:
            raise OperationError(_("Choose immediate, daily digest or off."), kind)
    changed = {kind: delivery for kind, delivery in choices.items() if before[kind] != delivery}
    for kind, delivery in changed.items():
        row = db.session.get(NotificationPreference, (user.id, kind))
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=delivery))
        else:
            row.delivery = delivery
    if changed:
        db.session.flush()
        audit.record("notifications.preferences_changed", "user", user.id,
                     before={kind: before[kind] for kind in changed}, after=changed,
                     actor=user)
    return preferences(user)
