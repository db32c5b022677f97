"""Every action the code records reads as a sentence; before/after read as text."""

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask

import backoffice
from backoffice.audit import wording
from backoffice.audit.changes import field_changes, text_diff

SOURCE = Path(backoffice.__file__).parent


def _strings(node: ast.AST) -> list[str]:
    """The action names an argument can hold: a literal, or either side of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def recorded_actions() -> dict[str, str]:
    """Action names found in the code, with where they were found.

    An action reaches ``audit.record`` as its first argument, through a helper whose name
    says audit (``_audit_message("catalog.translation_saved", ...)``), as an ``action=``
    argument, or as the default of an ``action`` parameter.
    """
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            candidates: list[ast.AST] = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
                owner = getattr(getattr(node.func, "value", None), "id", "")
                if node.args and ((name == "record" and owner == "audit") or "audit" in name):
                    candidates.append(node.args[0])
                candidates += [k.value for k in node.keywords if k.arg == "action"]
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args.args + node.args.kwonlyargs
                defaults = ([None] * (len(node.args.args) - len(node.args.defaults))
                            + list(node.args.defaults) + list(node.args.kw_defaults))
                candidates += [d for a, d in zip(arguments, defaults, strict=True)
                               if a.arg == "action" and d is not None]
            for candidate in candidates:
                for action in _strings(candidate):
                    found.setdefault(action, f"{path.relative_to(SOURCE)}:{node.lineno}")
    return found


def test_the_scan_finds_the_actions_it_must() -> None:
    actions = recorded_actions()
    # A literal, a conditional, a helper, a keyword and a parameter default.
    for action in ("payments.killed", "idcheck_policy.created", "idcheck_policy.updated",
                   "catalog.translation_saved", "country.restored", "user.second_factor_reset",
                   "user.signed_in"):
        assert action in actions
    assert len(actions) >= 45


def test_every_recorded_action_has_wording() -> None:
    missing = {action: where for action, where in recorded_actions().items()
               if action not in wording.ACTIONS}
    assert missing == {}, f"add these actions to backoffice/audit/wording.py: {missing}"


def test_every_wording_names_who_and_what(app: Flask) -> None:
    for action, entry in wording.ACTIONS.items():
        assert "%(who)s" in str(entry.sentence), action
        assert str(entry.label).strip(), action
        assert str(entry.sentence) % {"who": "w", "object": "o"}


def _event(**values: object) -> SimpleNamespace:
    base = {"action": "country.updated", "object_type": "country", "object_id": "PL",
            "actor_email": "anna@example.com", "before": None, "after": None}
    return SimpleNamespace(**{**base, **values})


def test_sentences_in_both_languages(app: Flask) -> None:
    from flask_babel import force_locale
    event = _event(action="payments.killed")
    with app.test_request_context():
        assert wording.describe(event) == (
            "anna@example.com turned online payment off for country PL (kill switch)")
        with force_locale("fr"):
            sentence = wording.describe(event)
            assert "anna@example.com" in sentence and "PL" in sentence
            assert "payment" not in sentence
        assert wording.describe(_event(actor_email=None)).startswith("The system ")
        assert wording.describe(event, show_actor=False).startswith("Someone ")


def test_an_unknown_action_still_reads(app: Flask) -> None:
    with app.test_request_context():
        sentence = wording.describe(_event(action="widget.polished_twice", object_type="widget"))
    assert sentence == "anna@example.com: widget · polished twice on widget PL"


def test_values_are_text_with_labels_not_json(app: Flask) -> None:
    with app.test_request_context():
        changes = field_changes({"name": "Skąd", "stage": "translating", "ok": False},
                                {"name": "Dokąd", "stage": "payments_live", "ok": True})
    shown = {c.label: (str(c.before), str(c.after)) for c in changes}
    assert shown["Name"] == ("<del>Skąd</del>", "<ins>Dokąd</ins>")
    assert "\\u" not in repr(shown)
    assert shown["Stage"] == ("Translating", "Payments live")
    assert shown["Succeeded"] == ("No", "Yes")


def test_translation_diff_marks_words_and_escapes() -> None:
    before, after = text_diff("Skąd jedziesz <b>?", "Skąd jedziecie <b>?")
    assert str(before) == "Skąd <del>jedziesz</del> &lt;b&gt;?"
    assert str(after) == "Skąd <ins>jedziecie</ins> &lt;b&gt;?"


@pytest.mark.parametrize(("before", "after"), [(None, {"rate": "1.2"}), ({"rate": "1.2"}, None)])
def test_one_sided_changes(
        app: Flask, before: dict[str, str] | None, after: dict[str, str] | None) -> None:
    with app.test_request_context():
        [change] = field_changes(before, after)
    assert change.label == "Rate"
    assert "1.2" in str(change.before) + str(change.after)


def test_a_dict_value_marks_the_text_people_entered(app: Flask) -> None:
    from backoffice.audit.changes import field_changes

    with app.test_request_context():
        (change,) = field_changes(None, {"competitors": {
            "value": "3.00", "source": "Market scan", "as_of": "2026-10-01"}})
        assert change.label == "Competitors"
        assert '<span translate="no">Market scan</span>' in change.after
        assert "As of" in change.after
