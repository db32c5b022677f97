"""Management v3 `GET /merchants/{merchantId}/paymentMethodSettings`, page by page.

The merchant account's method settings as stored, with only Management's fields (the
local-only `name` stays here), paged with `pageSize` (1 to 100) and `pageNumber` and the
`_links` Adyen sends. Errors are Management's RestServiceError bodies (RFC 7807 style).
"""

from __future__ import annotations

from math import ceil
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from connectors.payments.local_adyen.wire import ApiErrors, json_response, reference

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10

# Management's PaymentMethod fields; anything else in the data (e.g. "name") stays local.
MANAGEMENT_FIELDS = (
    "id",
    "type",
    "allowed",
    "enabled",
    "countries",
    "currencies",
    "verificationStatus",
    "businessLineId",
    "storeIds",
    "reference",
    "shopperInteraction",
    "customRoutingFlags",
)


def method_settings(
    request: Request,
    merchant: str,
    data: dict[str, Any],
    key_config: dict[str, Any],
    errors: ManagementErrors,
) -> Response:
    account = data["merchantAccounts"].get(merchant)
    if account is None or merchant not in key_config.get("merchantAccounts", []):
        return errors.forbidden(f"Not allowed to access merchant account {merchant}.")
    page_size = _int_arg(request, "pageSize", DEFAULT_PAGE_SIZE)
    page_number = _int_arg(request, "pageNumber", 1)
    if page_size is None or not 1 <= page_size <= MAX_PAGE_SIZE:
        return errors.invalid_field(
            "pageSize",
            request.args.get("pageSize", ""),
            f"Must be between 1 and {MAX_PAGE_SIZE}.",
        )
    if page_number is None or page_number < 1:
        return errors.invalid_field(
            "pageNumber", request.args.get("pageNumber", ""), "Must be 1 or more."
        )
    methods = account["paymentMethods"]
    pages_total = ceil(len(methods) / page_size)
    start = (page_number - 1) * page_size
    page = [
        {name: method[name] for name in MANAGEMENT_FIELDS if name in method}
        for method in methods[start : start + page_size]
    ]

    def link(number: int) -> dict[str, str]:
        query = urlencode({"pageNumber": number, "pageSize": page_size})
        return {"href": f"{request.base_url}?{query}"}

    last = max(pages_total, 1)
    links = {"first": link(1), "last": link(last), "self": link(page_number)}
    if page_number < pages_total:
        links["next"] = link(page_number + 1)
    if 1 < page_number <= last:
        links["prev"] = link(page_number - 1)
    body = {
        "_links": links,
        "data": page,
        "itemsTotal": len(methods),
        "pagesTotal": pages_total,
    }
    return json_response(body, 200)


def _int_arg(request: Request, name: str, default: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        return None


class ManagementErrors(ApiErrors):
    """Management's RestServiceError bodies (RFC 7807 style)."""

    def __init__(self, request: Request) -> None:
        self._instance = request.path

    def _error(
        self,
        status: int,
        problem: str,
        code: str,
        title: str,
        detail: str,
        invalid_fields: list[dict[str, str]] | None = None,
    ) -> Response:
        body: dict[str, Any] = {
            "type": f"https://docs.adyen.com/errors/{problem}",
            "errorCode": code,
            "title": title,
            "detail": detail,
            "status": status,
            "instance": self._instance,
            "requestId": reference(),
        }
        if invalid_fields:
            body["invalidFields"] = invalid_fields
        return json_response(body, status)

    def unauthorized(self) -> Response:
        return self._error(
            401,
            "security/unauthorized",
            "00_401",
            "Unauthorized",
            "Not authorized to access this service.",
        )

    def forbidden(self, detail: str, error_code: str | None = None) -> Response:
        return self._error(403, "security/forbidden", error_code or "00_403", "Forbidden",
                           detail)

    def invalid_field(self, name: str, value: str, message: str) -> Response:
        return self._error(
            422,
            "validation",
            "00_422",
            "Invalid parameters",
            f"Invalid {name}.",
            [{"name": name, "value": value, "message": message}],
        )

    def unprocessable(self, message: str | None, error_code: str | None) -> Response:
        return self._error(
            422,
            "validation",
            error_code or "00_422",
            "Invalid parameters",
            message or "The request could not be processed.",
        )

    def internal(self, message: str | None, error_code: str | None) -> Response:
        return self._error(
            500,
            "general/internal",
            error_code or "00_500",
            "An internal error happened",
            message or "Try again later.",
        )
