"""The OpenAPI document names exactly the operations the app routes under /api/v1."""

import re

from flask import Flask

from backoffice.api.openapi import build_document

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _routed(app: Flask) -> set[tuple[str, str]]:
    operations = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in rule.methods - IGNORED_METHODS:
            operations.add((path, method.lower()))
    return operations


def _documented() -> set[tuple[str, str]]:
    return {(path, method) for path, item in build_document()["paths"].items()
            for method in item}


def test_documented_operations_are_the_routed_ones(app: Flask) -> None:
    routed, documented = _routed(app), _documented()
    assert routed - documented == set(), "routed but not documented"
    assert documented - routed == set(), "documented but not routed"
    assert len(routed) > 30


def test_each_operation_has_an_id_and_a_real_answer_schema(app: Flask) -> None:
    ids = []
    for path, item in build_document()["paths"].items():
        for method, operation in item.items():
            ids.append(operation["operationId"])
            for status, response in operation["responses"].items():
                if not status.startswith("2"):
                    continue
                for content in response.get("content", {}).values():
                    # A bare {"type": "object"} says nothing of the answer.
                    assert content["schema"] != {"type": "object"}, (method, path, status)
    assert len(ids) == len(set(ids))


def test_the_catalog_endpoints_of_the_admin_api_are_documented() -> None:
    paths = build_document()["paths"]
    assert set(paths["/api/v1/admin/catalogs/{domain}/template"]) == {"post"}
    assert set(paths["/api/v1/admin/catalogs/{domain}/{locale}/import"]) == {"post"}
    assert set(paths["/api/v1/admin/catalogs/{domain}/{locale}/export"]) == {"get"}
    assert set(paths["/api/v1/admin/catalogs/messages/{message_id}"]) == {"put"}


def test_every_schema_reference_resolves() -> None:
    document = build_document()
    text = repr(document)
    for name in set(re.findall(r"#/components/schemas/(\w+)", text)):
        assert name in document["components"]["schemas"], name
