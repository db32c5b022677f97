from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.core.errors import ConflictError, OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import UNSCOPED, Permission, requires
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.idchecks import operations
from backoffice.idchecks.forms import DOCUMENT_LABELS, PROVIDER_SLOTS, CoverageForm, PolicyForm
from connectors.idcheck import DocumentType
from connectors.idcheck.policy import Finding

bp = Blueprint("idchecks", __name__, url_prefix="/idchecks", template_folder="templates")



@bp.app_template_filter("document_label")
def _document_label(value: str) -> str:
    try:
        return str(DOCUMENT_LABELS[DocumentType(value)])
    except ValueError:
        return value


@bp.route("/providers")
@requires(Permission.IDCHECK_READ)
def providers() -> ResponseReturnValue:
    rows = operations.list_policies()
    statuses = {row.country_code: operations.idcheck_policy_status(row.country_code)
                for row in rows}
    return render_template(
        "idchecks/providers.html",
        sources=operations.list_coverage_sources(),
        policies=rows,
        statuses=statuses,
    )


def _coverage_page(name: str, form: CoverageForm, *, preview: dict[str, Any] | None = None,
                   status: int = 200) -> ResponseReturnValue:
    return render_template(
        "idchecks/coverage_form.html",
        source=operations.coverage_source(name),
        form=form,
        preview=preview,
    ), status


@bp.route("/providers/<name>/coverage", methods=["GET", "POST"])
@requires(Permission.PROVIDERS_WRITE, scope=UNSCOPED)
def coverage_edit(name: str) -> ResponseReturnValue:
    source = operations.coverage_source(name)
    form = CoverageForm(data=None if request.method == "POST" else {
        "toml_text": source.text, "version": str(source.version),
    })
    if not form.validate_on_submit():
        return _coverage_page(name, form, status=400 if form.errors else 200)
    text = (form.toml_text.data or "").replace("\r\n", "\n")
    try:
        coverage, impact = operations.coverage_impact(name, text)
    except OperationError as error:
        apply_error(form, error)
        return _coverage_page(name, form, status=400)
    preview = {
        "changes": operations.coverage_changes(operations.current_coverage(name), coverage),
        "impact": impact,
    }
    if request.form.get("action") != "save":
        form.acknowledged.data = ",".join(sorted(impact))
        return _coverage_page(name, form, preview=preview)
    try:
        version = int(form.version.data or 0)
    except ValueError:
        version = -1
    acknowledged = [code for code in (form.acknowledged.data or "").split(",") if code]
    try:
        operations.save_coverage(name, text, expected_version=version,
                                 acknowledged=acknowledged, reason=form.reason.data)
    except operations.ImpactNotConfirmed as error:
        form.form_errors.append(error.message)
        form.acknowledged.data = ",".join(sorted(error.impact))
        preview["impact"] = error.impact
        return _coverage_page(name, form, preview=preview, status=409)
    except ConflictError as error:
        form.form_errors.append(error.message)
        form.version.data = str(operations.coverage_source(name).version)
        return _coverage_page(name, form, status=409)
    flash(_("Coverage of %(provider)s saved.", provider=source.display_name), "success")
    return redirect(url_for("idchecks.providers"))


@bp.route("/countries/<code>")
@requires(Permission.IDCHECK_READ)
def country(code: str) -> ResponseReturnValue:
    country = get_country(code)
    row = operations.get_policy(country.code)
    valid, findings = operations.idcheck_policy_status(country)
    return render_template(
        "idchecks/country.html",
        country=country,
        policy=row,
        valid=valid,
        findings=findings,
        matrix=operations.matrix(country.code),
        documents=list(DocumentType),
        providers=operations.providers(),
        can_write=current_user.can(Permission.IDCHECK_WRITE)
        and current_user.can_manage_country(country.code),
    )


@bp.route("/countries/<code>/policy.json")
@requires(Permission.IDCHECK_READ)
def policy_json(code: str) -> ResponseReturnValue:
    country = get_country(code)
    valid, findings = operations.idcheck_policy_status(country)
    return jsonify(
        country=country.code,
        policy=operations.policy_for_api(country),
        valid=valid,
        findings=[{"severity": f.severity, "field": f.field, "message": f.message}
                  for f in findings],
    )


@bp.route("/countries/<code>/policy", methods=["GET", "POST"])
@requires(Permission.IDCHECK_WRITE, scope=country_arg())
def policy_edit(code: str) -> ResponseReturnValue:
    country = get_country(code)
    row = operations.get_policy(country.code)
    initial = None
    if request.method != "POST":
        initial = {
            "required_for_drivers": row.required_for_drivers if row else False,
            "required_for_passengers": row.required_for_passengers if row else False,
            "documents": list(row.documents) if row else [],
            "version": str(row.version if row else 0),
        }
        for slot, name in enumerate(row.providers if row else [], start=1):
            if slot <= PROVIDER_SLOTS:
                initial[f"provider_{slot}"] = name
    form = PolicyForm(data=initial)
    all_providers = operations.providers()
    form.set_provider_choices([(name, p.display_name) for name, p in all_providers.items()])
    form.group_errors = {"providers": [], "documents": []}
    warnings: list[Finding] = []
    status = 200
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "check":
                _policy, findings = operations.check_policy(country.code, form.policy_data())
                errors = [f for f in findings if f.severity == "error"]
                warnings = [f for f in findings if f.severity == "warning"]
                for finding in errors:
                    form.group_errors.setdefault(finding.field, []).append(finding.message)
                if not findings:
                    flash(_("No problem found."), "success")
            else:
                try:
                    version = int(form.version.data or 0)
                except ValueError:
                    version = -1
                _row, warnings = operations.save_policy(
                    country, form.policy_data(), expected_version=version,
                    reason=form.reason.data,
                )
                flash(_("ID-check policy of %(country)s saved.", country=country.code),
                      "success")
                for finding in warnings:
                    flash(finding.message, "warning")
                return redirect(url_for("idchecks.country", code=country.code))
        except ConflictError as error:
            form.form_errors.append(error.message)
            current = operations.get_policy(country.code)
            form.version.data = str(current.version if current else 0)
            status = 409
        except operations.PolicyInvalid as error:
            warnings = [f for f in error.findings if f.severity == "warning"]
            apply_error(form, error)
            status = 400
        except OperationError as error:
            apply_error(form, error)
            status = 400
    elif form.errors:
        status = 400
    return render_template(
        "idchecks/policy_form.html",
        country=country,
        form=form,
        warnings=warnings,
        matrix=operations.matrix(country.code),
        documents=list(DocumentType),
    ), status
