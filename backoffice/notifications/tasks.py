"""The notification tasks: immediate mails, the daily digest, and the watchers' rounds."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.notifications import mail, watchers
from backoffice.notifications.models import MailStatus, Notification
from backoffice.tasks.registry import task

DIGEST_LIMIT = 200  # notifications in one digest mail; the rest wait for the next one


@task("notifications.mail", retries=6, retry_delay=30, retry_backoff=2.0)
def send_notification_mail(notification_id: int) -> bool:
    """Mail one notification, once: a notification already sent is left alone."""
    item = db.session.get(Notification, notification_id)
    if item is None or item.mail_status != MailStatus.PENDING:
        return False
    mail.send(mail.notification_mail(item))
    item.mail_status = MailStatus.SENT.value
    item.mailed_at = utcnow()
    return True


@task("notifications.digest", schedule={"minute": "0", "hour": "7"})
def send_digests() -> int:
    """Each person who chose the daily digest gets one mail with what is new."""
    waiting = db.session.scalars(
        select(Notification).where(Notification.mail_status == MailStatus.DIGEST)
        .order_by(Notification.user_id, Notification.id))
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for item in waiting:
        if len(by_user[item.user_id]) < DIGEST_LIMIT:
            by_user[item.user_id].append(item)
    sent = 0
    for items in by_user.values():
        mail.send(mail.digest_mail(items[0].user, items))
        now = utcnow()
        for item in items:
            item.mail_status = MailStatus.SENT.value
            item.mailed_at = now
        # One person's digest is committed as soon as it is sent: a failure further on
        # retries the others without mailing this person twice.
        db.session.commit()
        sent += 1
    return sent


@task("notifications.watch", retries=2, retry_delay=20, schedule={"minute": "*"})
def watch() -> int:
    """Every minute: scheduled moves done, countries at risk, catalogs complete or below."""
    return watchers.watch_all()
