"""E-mail over SMTP: ``BACKOFFICE_SMTP_URL`` names the server.

``smtp://host:port`` (plain, as a local sink listens), ``smtp+starttls://user:pass@host:587``
or ``smtps://user:pass@host:465``. Each mail is written in its reader's console language,
links to the exact page, and holds no secret: notifications carry none.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from backoffice.config import ConfigError
from backoffice.notifications.kinds import label, render
from backoffice.notifications.models import Notification

if TYPE_CHECKING:
    from backoffice.accounts.models import User

SMTP_TIMEOUT = 20  # seconds: a slow server makes the task retry, never a request wait


def _language(user: object) -> str:
    languages: Sequence[str] = current_app.config["CONSOLE_LANGUAGES"]
    chosen = getattr(user, "language", None)
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    return default


def _absolute(path: str) -> str:
    base: str = current_app.config["BASE_URL"]
    return base.rstrip("/") + "/" + path.lstrip("/")


def notification_mail(item: Notification) -> EmailMessage:
    """One notification as an e-mail in its reader's language."""
    with force_locale(_language(item.user)):
        subject = _("[Launch backoffice] %(kind)s", kind=label(item.kind))
        body = "\n\n".join([
            render(item.kind, item.params),
            _("Open: %(url)s", url=_absolute(item.link)),
            _footer(),
        ])
    return _message(item.user.email, subject, body, f"notification-{item.id}")


def digest_mail(user: User, items: list[Notification]) -> EmailMessage:
    """The day's notifications of one person in one e-mail."""
    with force_locale(_language(user)):
        subject = _("[Launch backoffice] %(count)d new notifications", count=len(items))
        lines = [_("Since the last digest:")]
        for item in items:
            lines.append(f"- {render(item.kind, item.params)}\n  {_absolute(item.link)}")
        body = "\n\n".join(["\n".join(lines), _footer()])
    return _message(user.email, subject, body, None)


def _footer() -> str:
    return _("You receive this because of your notification preferences: %(url)s",
             url=_absolute("/notifications/preferences"))


def _message(to: str, subject: str, body: str, key: str | None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    # A stable id for one notification: a mail sent again after a retry is recognisable.
    domain = current_app.config["MAIL_FROM"].rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<{key}@{domain}>" if key else make_msgid(domain=domain)
    message.set_content(body)
    return message


def send(message: EmailMessage) -> None:
    """Hand one message to the configured SMTP server (raises on failure: tasks retry)."""
    url = current_app.config.get("SMTP_URL")
    if not url:
        raise ConfigError("BACKOFFICE_SMTP_URL is not set: no mail can be sent.")
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, parts.port or 465, timeout=SMTP_TIMEOUT,
                                                context=ssl.create_default_context())
    elif parts.scheme in ("smtp", "smtp+starttls"):
        client = smtplib.SMTP(host, parts.port or 25, timeout=SMTP_TIMEOUT)
    else:
        raise ConfigError("BACKOFFICE_SMTP_URL must start with smtp://, smtp+starttls:// or "
                          "smtps://.")
    with client:
        if parts.scheme == "smtp+starttls":
            client.starttls(context=ssl.create_default_context())
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)
