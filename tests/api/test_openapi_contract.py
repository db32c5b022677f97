"""Schemathesis drives every documented operation: no 500, no answer off the schema."""

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation, Case
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from tests.support.fixture_types import MakeCountry, MakeUser

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES_PER_OPERATION = 25


def _check_operation(operation: APIOperation, headers: dict[str, str],
                     calls: list[str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Case) -> None:
        calls.append(operation.label)
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_every_operation_conforms(
        app: Flask, make_country: MakeCountry, make_user: MakeUser, db: Session) -> None:
    make_country(code="PL", stage="translating")
    make_country(code="FR", stage="payments_live", locales=("fr_FR",), currency="EUR",
                 timezone="Europe/Paris")
    _row, clear = tokens.create_token(make_user("admin"), "schemathesis")
    admin = {"Authorization": f"Bearer {clear}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    calls: list[str] = []
    for operation in operations:
        is_admin = operation.path.startswith("/api/v1/admin/")
        _check_operation(operation, admin if is_admin else {}, calls)
    assert len(set(calls)) == len(operations)
    assert len(calls) >= len(operations) * 5


@pytest.mark.parametrize("path", ["/api/v1/countries", "/api/v1/openapi.json"])
def test_client_paths_are_served(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 200
