"""The machine-translation connector as the app sees it: its settings (key encrypted,
off by default), and one suggestion for one message."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.catalogs.models import Catalog, Message
from backoffice.core.crypto import decrypt_secret, encrypt_secret, secret_hint
from backoffice.core.db import db
from backoffice.core.errors import ConflictError, OperationError
from backoffice.memory.models import MachineTranslationSettings
from connectors.machine_translation import (
    MachineSettings,
    MachineTranslationError,
    MachineTranslator,
)
from connectors.machine_translation.build import build_machine_translator

PROVIDERS = ("deepl",)


class MachineUnavailable(OperationError):
    status_code = 502


def settings() -> MachineTranslationSettings | None:
    return db.session.scalar(select(MachineTranslationSettings).order_by(
        MachineTranslationSettings.id).limit(1))


def enabled() -> bool:
    row = settings()
    return bool(row and row.enabled)


def allowlist() -> tuple[str, ...]:
    """Hosts besides DeepL's own the connector may call (the Adyen rule's list unless
    ``MACHINE_TRANSLATION_URL_ALLOWLIST`` is set: loopback outside production)."""
    value = current_app.config.get("MACHINE_TRANSLATION_URL_ALLOWLIST")
    if value is None:
        value = current_app.config.get("ADYEN_URL_ALLOWLIST", ())
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    return tuple(value)


def configure(*, server_url: str, api_key: str | None, enabled: bool, provider: str = "deepl",
              actor: Any = None) -> MachineTranslationSettings:
    if provider not in PROVIDERS:
        raise OperationError(_("Unknown machine-translation provider."), "provider")
    server_url = (server_url or "").strip()
    try:
        build_machine_translator(MachineSettings(provider, server_url, "x"), allowlist())
    except MachineTranslationError as error:
        raise OperationError(error.message, "server_url") from None
    row = settings()
    before = None if row is None else {"server_url": row.server_url, "enabled": row.enabled,
                                       "key": row.api_key_hint}
    if row is None:
        if not api_key:
            raise OperationError(_("Give the API key."), "api_key")
        row = MachineTranslationSettings(provider=provider, server_url=server_url,
                                         api_key_encrypted="", api_key_hint="")
        db.session.add(row)
    elif row.server_url != server_url and not api_key:
        raise OperationError(_("Changing the server URL takes the API key again."), "api_key")
    if api_key:
        row.api_key_encrypted = encrypt_secret(api_key)
        row.api_key_hint = secret_hint(api_key)
    row.provider, row.server_url, row.enabled = provider, server_url, enabled
    row.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record("memory.machine_configured", "machine_translation", provider, before=before,
                 after={"server_url": server_url, "enabled": enabled, "key": row.api_key_hint},
                 actor=actor)
    return row


def translator() -> MachineTranslator | None:
    """The configured connector, or None while it is off."""
    row = settings()
    if row is None or not row.enabled:
        return None
    return build_machine_translator(
        MachineSettings(row.provider, row.server_url, decrypt_secret(row.api_key_encrypted)),
        allowlist())


def translate(texts: list[str], locale: str) -> list[str]:
    machine = translator()
    if machine is None:
        raise ConflictError(_("Machine translation is off."))
    try:
        return machine.translate(texts, target_locale=locale)
    except MachineTranslationError as error:
        raise MachineUnavailable(
            _("No machine suggestion: %(reason)s", reason=error.message)) from None


def suggestion(message: Message, catalog: Catalog) -> dict[str, Any]:
    sources = [message.msgid] if message.msgid_plural is None else [
        message.msgid] + [message.msgid_plural] * (catalog.nplurals - 1)
    forms = translate(sources, catalog.locale_code)
    row = settings()
    return {"provider": "DeepL" if row and row.provider == "deepl" else "machine",
            "translations": forms, "source": message.msgid}
