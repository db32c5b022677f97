"""A connector's Adyen settings, and where its API key may go.

The key travels with every call, to the connector's base URLs when they are set. So the
addresses follow three rules, all decided here: a base URL names Adyen's own host or a
host of the server's allowlist (``BACKOFFICE_ADYEN_URL_ALLOWLIST``, configuration only;
loopback by default outside production, nothing in production) - the connector code
checks it again on every request; pointing a connector at a new address takes the API key
typed again, so a stored key never follows an address its editor chose; and the change is
audited with the addresses (the audit log never holds keys).
"""

from __future__ import annotations

from typing import Protocol

from flask import current_app
from flask_babel import gettext as _

from backoffice.core.crypto import decrypt_secret
from backoffice.core.errors import OperationError
from backoffice.payments.models import PaymentConnectorConfig
from connectors.payments.adyen import AdyenSettings, DisallowedHostError, InvalidSettingsError
from connectors.payments.adyen_settings import as_platform

BASE_URL_FIELDS = ("checkout_base_url", "management_base_url")


class SettingsInput(Protocol):
    """What a connector form or API body says about the account (see ConnectorInput)."""

    @property
    def platform(self) -> str: ...
    @property
    def merchant_account(self) -> str: ...
    @property
    def live_endpoint_prefix(self) -> str | None: ...
    @property
    def checkout_base_url(self) -> str | None: ...
    @property
    def management_base_url(self) -> str | None: ...


def url_allowlist() -> tuple[str, ...]:
    """The host patterns a base URL may name besides Adyen's, from the configuration."""
    return tuple(current_app.config.get("ADYEN_URL_ALLOWLIST", ()))


def base_urls_allowed() -> bool:
    """Whether base URLs can name anything but Adyen (else forms do not offer them)."""
    return bool(url_allowlist())


def settings_for(connector: PaymentConnectorConfig) -> AdyenSettings:
    """The connector's settings with its keys decrypted, for one call."""
    return AdyenSettings(
        platform=as_platform(connector.platform),
        api_key=decrypt_secret(connector.api_key_encrypted),
        merchant_account=connector.merchant_account,
        live_endpoint_prefix=connector.live_endpoint_prefix,
        hmac_key=(
            decrypt_secret(connector.hmac_key_encrypted) if connector.hmac_key_encrypted else None
        ),
        checkout_base_url=connector.checkout_base_url,
        management_base_url=connector.management_base_url,
        timeout_seconds=float(current_app.config.get("ADYEN_TIMEOUT_SECONDS", 10.0)),
        allowed_hosts=url_allowlist(),
    )


def check_settings(data: SettingsInput, api_key: str, hmac_key: str | None) -> None:
    """Refuse settings the Adyen connector could never use, with its own explanation."""
    try:
        AdyenSettings(
            platform=as_platform(data.platform),
            api_key=api_key,
            merchant_account=data.merchant_account,
            live_endpoint_prefix=data.live_endpoint_prefix,
            hmac_key=hmac_key,
            checkout_base_url=data.checkout_base_url,
            management_base_url=data.management_base_url,
            allowed_hosts=url_allowlist(),
        )
    except DisallowedHostError as error:
        allowed = url_allowlist()
        raise OperationError(
            _("%(url)s cannot be used: this server sends Adyen keys only to Adyen's own "
              "addresses and to the hosts its administrator lists in "
              "BACKOFFICE_ADYEN_URL_ALLOWLIST (%(allowed)s).",
              url=error.url, allowed=", ".join(allowed) if allowed else _("none")),
            error.field,
        ) from None
    except InvalidSettingsError as error:
        raise OperationError(error.message, _settings_field(error.message)) from None


def _settings_field(message: str) -> str | None:
    lowered = message.lower()
    for marker, field in (
        ("live endpoint prefix", "live_endpoint_prefix"), ("hmac", "hmac_key"),
        ("api key", "api_key"), ("merchant account", "merchant_account"),
        ("checkout_base_url", "checkout_base_url"),
        ("management_base_url", "management_base_url"), ("platform", "platform"),
    ):
        if marker in lowered:
            return field
    return None


def require_key_for_new_address(
    connector: PaymentConnectorConfig | None, data: SettingsInput, api_key_typed: bool
) -> None:
    """A base URL that changes to a new address needs the API key typed again.

    Going back to Adyen's own addresses (an empty base URL) does not: the key goes to the
    one who issued it.
    """
    if connector is None or api_key_typed:
        return
    for name in BASE_URL_FIELDS:
        new = getattr(data, name)
        if new is not None and new != getattr(connector, name):
            raise OperationError(
                _("Enter the API key again to change the base URLs: the key is sent to "
                  "those addresses."),
                "api_key",
            )
