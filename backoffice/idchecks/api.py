"""The admin API of ID-check policies."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from backoffice.api.auth import api_requires
from backoffice.core.api_json import int_field, json_body, string_field
from backoffice.core.openapi import (
    BOOLEAN,
    COUNTRY_CODE_PARAM,
    INTEGER,
    STRING,
    STRINGS,
    admin_json,
    obj,
    request_body,
)
from backoffice.core.permissions import Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.idchecks import operations as idchecks

api = Blueprint("idchecks", __name__)


@api.route("/countries/<code>/idcheck-policy", methods=["PUT"])
@api_requires(Permission.IDCHECK_WRITE, scope=country_arg())
def idcheck_policy(code: str) -> ResponseReturnValue:
    country = get_country(code)
    body = json_body()
    row, warnings = idchecks.save_policy(
        country, body, expected_version=int_field(body, "version"),
        reason=string_field(body, "reason", required=False))
    return jsonify(policy=idchecks.policy_to_dict(row), version=row.version,
                   warnings=[w.message for w in warnings])


POLICY_FIELDS = {"required_for_drivers": BOOLEAN, "required_for_passengers": BOOLEAN,
                 "documents": STRINGS, "providers": STRINGS}
OPENAPI_PATHS = {"/api/v1/admin/countries/{code}/idcheck-policy": {"put": admin_json(
    "saveIdCheckPolicy", "Set the country's ID-check policy",
    obj({"policy": obj(POLICY_FIELDS), "version": INTEGER, "warnings": STRINGS}),
    description="Saved", conflict=True, params=[COUNTRY_CODE_PARAM],
    body=request_body({**POLICY_FIELDS, "version": INTEGER, "reason": STRING}))}}
