"""The admin API of countries: list, create with CLDR's defaults, read, update.

Creating a country, or giving it locales, gives each locale its catalogs (``countries.
signals``). A country's answer says its state now (``countries.state``); its gates and
whether it is at risk are the launch pipeline's (``launch.api``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from backoffice.api.auth import api_requires
from backoffice.core.api_json import BadRequest, int_field, json_body, string_field
from backoffice.core.openapi import (
    COUNTRY_CODE_PARAM,
    INTEGER,
    NULLABLE_STRING,
    STRING,
    admin_json,
    obj,
    request_body,
)
from backoffice.core.permissions import Permission
from backoffice.countries import cldr, snapshots, validation
from backoffice.countries import operations as countries
from backoffice.countries.queries import all_countries, get_country
from backoffice.countries.scopes import country_arg, country_field
from backoffice.countries.state import CountryState, state_of, states_of

api = Blueprint("countries", __name__)


def _locale_specs(value: Any) -> list[validation.LocaleSpec]:
    if not isinstance(value, list) or not value:
        raise BadRequest('"locales" must be a non-empty list of {"code", "parent"}.', "locales")
    specs = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            item = {"code": item}
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not (
            item.get("parent") is None or isinstance(item.get("parent"), str)
        ):
            raise BadRequest(f'locales[{index}] must be {{"code": str, "parent": str|null}}.',
                             "locales")
        specs.append(validation.LocaleSpec(item["code"], item.get("parent"),
                                          item.get("other_language") is True))
    return specs


def _config(body: dict[str, Any], base: dict[str, Any]) -> validation.CountryConfig:
    """A configuration from the body, each missing field taken from ``base``."""
    locales = _locale_specs(body["locales"]) if "locales" in body else [
        validation.LocaleSpec(item["code"], item.get("parent")) for item in base["locales"]
    ]
    seats = int_field(body, "max_seats_per_ride")
    return validation.CountryConfig(
        locales=locales,
        currency=string_field(body, "currency", required=False, max_length=3)
        or base["currency"],
        timezone=string_field(body, "timezone", required=False, max_length=64)
        or base["timezone"],
        max_seats_per_ride=seats if seats is not None else base["max_seats_per_ride"],
        owner_email=string_field(body, "owner", required=False, max_length=254)
        if "owner" in body else base.get("owner"),
        notes=string_field(body, "notes", required=False, max_length=5000) or base.get("notes")
        or "",
    )


def _country_json(country: Any, state: CountryState | None = None) -> dict[str, Any]:
    state = state or state_of(country)
    return snapshots.snapshot(country, state) | {
        "version": country.version, "translation_threshold": country.translation_threshold,
        "stage": state.public_stage, "launch_stage": state.stage, "payment": state.payment,
    }


@api.route("/countries")
@api_requires(Permission.COUNTRIES_READ)
def countries_list() -> ResponseReturnValue:
    rows = all_countries()
    states = states_of(rows)
    return jsonify(countries=[_country_json(c, states[c.code]) for c in rows])


@api.route("/countries", methods=["POST"])
@api_requires(Permission.COUNTRIES_WRITE, scope=country_field())
def country_create() -> ResponseReturnValue:
    body = json_body()
    code = string_field(body, "code", max_length=2) or ""
    defaults = cldr.cldr_defaults(code).as_dict()
    config = _config(body, defaults)
    if not config.currency:
        raise BadRequest(
            f"{code} uses several currencies ({', '.join(defaults['currencies'])}): "
            'choose one with "currency".', "currency")
    if not config.timezone:
        raise BadRequest(f'{code} has several time zones: choose one with "timezone".',
                         "timezone")
    country = countries.create_country(
        code, config, reason=string_field(body, "reason", required=False))
    return jsonify(_country_json(country)), 201


@api.route("/countries/<code>")
@api_requires(Permission.COUNTRIES_READ)
def country_read(code: str) -> ResponseReturnValue:
    return jsonify(_country_json(get_country(code)))


@api.route("/countries/<code>", methods=["PATCH"])
@api_requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def country_update(code: str) -> ResponseReturnValue:
    country = get_country(code)
    body = json_body()
    version = int_field(body, "version", required=True)
    reason = string_field(body, "reason", required=False)
    countries.update_country(country, _config(body, snapshots.snapshot(country)),
                             expected_version=version, reason=reason)
    if "translation_threshold" in body:
        countries.set_translation_threshold(country, int_field(body, "translation_threshold"),
                                  reason=reason)
    return jsonify(_country_json(country))


LOCALES = {"type": "array", "items": {"type": "object", "properties": {
    "code": STRING, "parent": NULLABLE_STRING}, "required": ["code"]}}
COUNTRY_FIELDS = {"locales": LOCALES, "currency": STRING, "timezone": STRING,
                  "max_seats_per_ride": INTEGER, "owner": STRING, "notes": STRING,
                  "reason": STRING}
ADMIN_COUNTRY = {"$ref": "#/components/schemas/AdminCountry"}
OPENAPI_SCHEMAS = {"AdminCountry": obj({
    "code": STRING, "stage": STRING, "launch_stage": STRING, "payment": STRING,
    "currency": NULLABLE_STRING, "timezone": NULLABLE_STRING, "max_seats_per_ride": INTEGER,
    "owner": NULLABLE_STRING, "notes": STRING,
    "locales": {"type": "array", "items": obj({"code": STRING, "parent": NULLABLE_STRING})},
    "version": INTEGER, "translation_threshold": INTEGER,
})}
OPENAPI_PATHS = {
    "/api/v1/admin/countries": {
        "get": admin_json("listAdminCountries", "Every country's configuration",
                          obj({"countries": {"type": "array", "items": ADMIN_COUNTRY}}),
                          description="The countries"),
        "post": admin_json("createCountry", "Create a country; missing fields come from CLDR",
                           ADMIN_COUNTRY, ok="201", description="Created",
                           body=request_body({"code": STRING, **COUNTRY_FIELDS}, ["code"])),
    },
    "/api/v1/admin/countries/{code}": {
        "get": admin_json("getAdminCountry", "A country's configuration and version",
                          ADMIN_COUNTRY, description="The country",
                          params=[COUNTRY_CODE_PARAM]),
        "patch": admin_json(
            "updateCountry", "Change a country (give the version you started from)",
            ADMIN_COUNTRY, description="Changed", conflict=True, params=[COUNTRY_CODE_PARAM],
            body=request_body({"version": INTEGER, "translation_threshold": INTEGER,
                               **COUNTRY_FIELDS}, ["version"])),
    },
}
