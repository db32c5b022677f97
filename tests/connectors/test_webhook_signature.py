"""HMAC checks of Adyen's standard webhooks: every item must be signed, or nothing counts."""

from __future__ import annotations

import base64
import copy
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from werkzeug.datastructures import Headers

from connectors.payments.adyen import (
    AdyenConnector,
    sign_notification_item,
    verify_notification_items,
)
from tests.connectors.conftest import HMAC_KEY, MERCHANT, openapi_document, settings_for

OTHER_HMAC_KEY = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00"


def item(psp: str, reference: str, value: int = 2500, **extra: Any) -> dict[str, Any]:
    """An AUTHORISATION item shaped like the example in Adyen's Webhooks document."""
    return {
        "additionalData": {"paymentMethodVariant": "visa"},
        "amount": {"currency": "EUR", "value": value},
        "eventCode": "AUTHORISATION",
        "eventDate": "2026-05-04T10:15:00+02:00",
        "merchantAccountCode": MERCHANT,
        "merchantReference": reference,
        "paymentMethod": "visa",
        "pspReference": psp,
        "reason": "null",
        "success": "true",
        **extra,
    }


def notification(*items: dict[str, Any]) -> dict[str, Any]:
    return {"live": "false", "notificationItems": [{"NotificationRequestItem": i} for i in items]}


def signed_batch(key: str = HMAC_KEY) -> dict[str, Any]:
    return notification(
        sign_notification_item(item("QFQTPCQ8HXSKGK82", "ride-1001"), key),
        sign_notification_item(item("JZ5GXQDT3LBDW382", "ride-1002", 4100), key),
        sign_notification_item(item("V4HZ4RBFJGXXGN82", "ride-1003", 990), key),
    )


def test_signature_matches_adyens_published_test_vector() -> None:
    # The item, key and signature from the test suite of Adyen's Python library.
    published = {
        "pspReference": "7914073381342284",
        "merchantReference": "TestPayment-1407325143704",
        "merchantAccountCode": "TestMerchant",
        "amount": {"currency": "EUR", "value": 1130},
        "eventCode": "AUTHORISATION",
        "success": "true",
        "eventDate": "2019-05-06T17:15:34.121+02:00",
        "operations": ["CANCEL", "CAPTURE", "REFUND"],
        "paymentMethod": "visa",
    }
    signed = sign_notification_item(published, HMAC_KEY)

    assert (
        signed["additionalData"]["hmacSignature"] == "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0="
    )
    assert "additionalData" not in published  # the input is left alone
    assert verify_notification_items(notification(signed), HMAC_KEY) is True


def test_signing_keeps_other_additional_data() -> None:
    signed = sign_notification_item(item("QFQTPCQ8HXSKGK82", "ride-1"), HMAC_KEY)
    assert signed["additionalData"]["paymentMethodVariant"] == "visa"
    assert len(base64.b64decode(signed["additionalData"]["hmacSignature"])) == 32


def test_correctly_signed_batch_is_accepted() -> None:
    assert verify_notification_items(signed_batch(), HMAC_KEY) is True


def test_hex_key_case_does_not_matter() -> None:
    assert verify_notification_items(signed_batch(), HMAC_KEY.lower()) is True


def test_connector_verifies_with_its_configured_key() -> None:
    connector = AdyenConnector(settings_for("http://127.0.0.1:9"))
    assert connector.verify_notification(signed_batch()) is True
    assert connector.verify_notification(signed_batch(OTHER_HMAC_KEY)) is False


def test_wrong_key_is_rejected() -> None:
    assert verify_notification_items(signed_batch(OTHER_HMAC_KEY), HMAC_KEY) is False


def test_batch_with_one_forged_item_is_rejected() -> None:
    batch = signed_batch()
    # The SDK helper alone would look at the first item only.
    batch["notificationItems"][2]["NotificationRequestItem"]["amount"]["value"] = 1
    assert verify_notification_items(batch, HMAC_KEY) is False


def test_batch_with_one_unsigned_item_is_rejected() -> None:
    batch = signed_batch()
    batch["notificationItems"].append({"NotificationRequestItem": item("X" * 16, "ride-9")})
    assert verify_notification_items(batch, HMAC_KEY) is False


@pytest.mark.parametrize(
    "field_name", ["success", "eventCode", "merchantReference", "pspReference"]
)
def test_changing_a_signed_field_is_rejected(field_name: str) -> None:
    batch = signed_batch()
    first = batch["notificationItems"][0]["NotificationRequestItem"]
    first[field_name] = "false" if field_name == "success" else first[field_name] + "X"
    assert verify_notification_items(batch, HMAC_KEY) is False


def without_signature(batch: dict[str, Any]) -> dict[str, Any]:
    del batch["notificationItems"][1]["NotificationRequestItem"]["additionalData"]["hmacSignature"]
    return batch


def empty_signature(batch: dict[str, Any]) -> dict[str, Any]:
    batch["notificationItems"][1]["NotificationRequestItem"]["additionalData"]["hmacSignature"] = ""
    return batch


def no_additional_data(batch: dict[str, Any]) -> dict[str, Any]:
    del batch["notificationItems"][1]["NotificationRequestItem"]["additionalData"]
    return batch


def garbage_signature(batch: dict[str, Any]) -> dict[str, Any]:
    batch["notificationItems"][1]["NotificationRequestItem"]["additionalData"]["hmacSignature"] = (
        "not base64 é"
    )
    return batch


def no_amount(batch: dict[str, Any]) -> dict[str, Any]:
    del batch["notificationItems"][1]["NotificationRequestItem"]["amount"]
    return batch


def smuggled_item(batch: dict[str, Any]) -> dict[str, Any]:
    # A forged item carrying a genuine one: the SDK would verify the nested one instead.
    genuine = copy.deepcopy(batch["notificationItems"][0])
    forged = item("FORGED0000000000", "ride-666", 1)
    forged["additionalData"] = {"hmacSignature": "AAAA"}
    forged["notificationItems"] = [genuine]
    batch["notificationItems"].append({"NotificationRequestItem": forged})
    return batch


@pytest.mark.parametrize(
    "tamper",
    [
        without_signature,
        empty_signature,
        no_additional_data,
        garbage_signature,
        no_amount,
        smuggled_item,
    ],
)
def test_malformed_signatures_are_rejected(tamper: Any) -> None:
    assert verify_notification_items(tamper(signed_batch()), HMAC_KEY) is False


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"notificationItems": []},
        {"notificationItems": None},
        {"notificationItems": [{}]},
        {"notificationItems": ["item"]},
        {"notificationItems": [{"NotificationRequestItem": None}]},
        [],
        None,
    ],
)
def test_payloads_without_items_are_rejected(payload: Any) -> None:
    assert verify_notification_items(payload, HMAC_KEY) is False


@pytest.mark.parametrize("key", ["", "not-hex", "ABC"])
def test_unusable_keys_reject_everything(key: str) -> None:
    assert verify_notification_items(signed_batch(), key) is False


@dataclass
class WebhookCall:
    """An incoming webhook as openapi-core's WebhookRequest protocol describes it."""

    name: str
    body: bytes
    method: str = "post"
    content_type: str = "application/json"
    parameters: RequestParameters = field(
        default_factory=lambda: RequestParameters(
            header=Headers({"Authorization": "Basic " + base64.b64encode(b"adyen:pw").decode()})
        )
    )


@pytest.fixture(scope="module")
def webhooks_document() -> OpenAPI:
    return OpenAPI.from_file_path(str(openapi_document("Webhooks-v1.json")))


def test_signed_batch_matches_adyens_webhook_document(webhooks_document: OpenAPI) -> None:
    # Keeps the test payloads honest: they are what Adyen documents sending.
    call = WebhookCall("/AUTHORISATION", json.dumps(signed_batch()).encode())
    webhooks_document.validate_request(call)


def test_webhook_document_check_bites(webhooks_document: OpenAPI) -> None:
    batch = signed_batch()
    batch["notificationItems"][0]["NotificationRequestItem"]["eventCode"] = "PAYOUT"
    with pytest.raises(OpenAPIError):
        webhooks_document.validate_request(
            WebhookCall("/AUTHORISATION", json.dumps(batch).encode())
        )
