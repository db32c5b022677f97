"""Adyen standard webhooks: authenticate every item, store each event once, raw.

Either the whole request is authentic (every item's HMAC signature checks out with the key
of the connector its merchant account belongs to) and every new item is stored, or
nothing is stored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backoffice.core.crypto import decrypt_secret
from backoffice.core.db import db, utcnow
from backoffice.core.json_body import JSONBodyError, parse_json
from backoffice.payments import signals
from backoffice.payments.models import PaymentConnectorConfig, WebhookEvent
from connectors.payments.adyen import verify_notification_items

MAX_WEBHOOK_BYTES = 1024 * 1024


class WebhookError(Exception):
    """A request we refuse; the message goes back to the sender."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class WebhookOutcome:
    stored: int
    duplicates: int


def parse_body(body: bytes) -> dict[str, Any]:
    """The notification as a dict, or a 400 saying what is wrong with it."""
    try:
        payload = parse_json(body, max_bytes=MAX_WEBHOOK_BYTES)
    except JSONBodyError as error:
        raise WebhookError(error.status, error.message) from None
    if not isinstance(payload, dict):
        raise WebhookError(400, "The body must be a JSON object with notificationItems.")
    items = payload.get("notificationItems")
    if not isinstance(items, list) or not items:
        raise WebhookError(400, "The body has no notificationItems.")
    return payload


def _item(wrapper: Any) -> dict[str, Any]:
    item = wrapper.get("NotificationRequestItem") if isinstance(wrapper, dict) else None
    return item if isinstance(item, dict) else {}


def _authenticate(payload: dict[str, Any]) -> dict[str, PaymentConnectorConfig]:
    """The connector of each merchant account in the payload, or a 401."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for wrapper in payload["notificationItems"]:
        merchant = _item(wrapper).get("merchantAccountCode")
        if not isinstance(merchant, str) or not merchant:
            raise WebhookError(401, "Invalid HMAC signature.")
        groups[merchant].append(wrapper)
    found: dict[str, PaymentConnectorConfig] = {}
    for merchant, wrappers in groups.items():
        candidates = db.session.scalars(
            select(PaymentConnectorConfig).where(
                PaymentConnectorConfig.merchant_account == merchant,
                PaymentConnectorConfig.hmac_key_encrypted.is_not(None),
            ).order_by(PaymentConnectorConfig.id)
        )
        for connector in candidates:
            if connector.hmac_key_encrypted is None:
                continue  # the query keeps only connectors with a key
            key = decrypt_secret(connector.hmac_key_encrypted)
            if verify_notification_items({"notificationItems": wrappers}, key) is True:
                found[merchant] = connector
                break
        else:
            raise WebhookError(401, "Invalid HMAC signature.")
    return found


def _text(item: dict[str, Any], name: str, limit: int) -> str:
    value = item.get(name)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise WebhookError(400, f"{name} is missing or longer than {limit} characters.")
    return value


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def receive(payload: dict[str, Any]) -> WebhookOutcome:
    """Store every authentic, new item; replays are recognised and stored once."""
    connectors = _authenticate(payload)
    rows = []
    for wrapper in payload["notificationItems"]:
        item = _item(wrapper)
        rows.append((
            _text(item, "pspReference", 64),
            _text(item, "eventCode", 64),
            _text(item, "merchantAccountCode", 100),
            item,
        ))
    stored = duplicates = 0
    seen: set[tuple[str, str, str]] = set()
    now = utcnow()
    for psp, event, merchant, item in rows:
        key = (psp, event, merchant)
        if key in seen or _exists(key):
            duplicates += 1
            seen.add(key)
            continue
        seen.add(key)
        event_row = WebhookEvent(
            connector_id=connectors[merchant].id,
            country_code=country_of(item, connectors[merchant]),
            psp_reference=psp, event_code=event, merchant_account_code=merchant,
            success=_flag(item.get("success")), live=_flag(payload.get("live")),
            received_at=now,
            raw={"live": payload.get("live"), "NotificationRequestItem": item},
        )
        try:
            with db.session.begin_nested():
                db.session.add(event_row)
        except IntegrityError:
            # Another request stored the same event between our check and our insert.
            duplicates += 1
            continue
        stored += 1
    if stored:
        signals.webhooks_stored.send(sorted({c.id for c in connectors.values()}), count=stored)
    return WebhookOutcome(stored, duplicates)


def country_of(item: dict[str, Any], connector: PaymentConnectorConfig) -> str | None:
    """The country a notification is about: the shopper's country when Adyen sends it
    (``additionalData.shopperCountry``), else the only country the connector serves in
    the payment's currency."""
    served = {link.country_code: link.currency for link in connector.countries}
    extra = item.get("additionalData")
    if isinstance(extra, dict):
        named = extra.get("shopperCountry")
        if isinstance(named, str) and named.upper() in served:
            return named.upper()
    amount = item.get("amount")
    currency = amount.get("currency") if isinstance(amount, dict) else None
    matches = [code for code, served_in in served.items() if served_in == currency]
    return matches[0] if len(matches) == 1 else None


def _exists(key: tuple[str, str, str]) -> bool:
    psp, event, merchant = key
    return db.session.scalar(
        select(WebhookEvent.id).where(
            WebhookEvent.psp_reference == psp,
            WebhookEvent.event_code == event,
            WebhookEvent.merchant_account_code == merchant,
        )
    ) is not None
