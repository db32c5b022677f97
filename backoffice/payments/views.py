"""Finance pages: connectors, a country's payment section, change requests, webhooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge

from backoffice.accounts.reauth import requires_recent_confirmation
from backoffice.core.crypto import masked
from backoffice.core.db import db, utcnow
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import UNSCOPED, Permission, public, requires
from backoffice.countries.models import Country
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.payments import changes, history, operations, webhooks
from backoffice.payments.connector_settings import BASE_URL_FIELDS, base_urls_allowed
from backoffice.payments.decisions import parse_switch_on_time, pending_facts
from backoffice.payments.forms import (
    PLATFORM_LABELS,
    CheckForm,
    ConnectorForm,
    DecisionForm,
    KillForm,
    MethodsForm,
    RequestForm,
)
from backoffice.payments.gates import last_kill, payment_gates
from backoffice.payments.models import PaymentChangeRequest, PaymentConnectorConfig
from backoffice.payments.scopes import change_country

bp = Blueprint("payments", __name__, url_prefix="/payments",
               template_folder="templates")
webhooks_bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")



# --- connectors ------------------------------------------------------------------------


@bp.route("/")
@requires(Permission.PAYMENTS_READ)
def index() -> ResponseReturnValue:
    connectors = operations.list_connectors()
    heard = operations.last_heard(c.id for c in connectors)
    pending = [c for c in changes.list_changes() if c.status == "pending"]
    return render_template(
        "payments/index.html", connectors=connectors, heard=heard, masked=masked,
        platform_labels=PLATFORM_LABELS, pending=pending,
    )


def _connector_form(**kwargs: Any) -> ConnectorForm:
    """The connector form; without base URL fields when the server allows no other host."""
    form = ConnectorForm(**kwargs)
    if not base_urls_allowed():
        for name in BASE_URL_FIELDS:
            delattr(form, name)
    return form


def _connector_input(form: ConnectorForm) -> operations.ConnectorInput:
    urls = {name: form[name].data if name in form else None for name in BASE_URL_FIELDS}
    return operations.ConnectorInput(
        name=form.name.data or "",
        platform=form.platform.data,
        merchant_account=form.merchant_account.data or "",
        api_key=form.api_key.data,
        hmac_key=form.hmac_key.data,
        live_endpoint_prefix=form.live_endpoint_prefix.data,
        countries=operations.parse_countries(form.countries.data),
        **urls,
    )


def _save_connector(form: ConnectorForm,
                    item: PaymentConnectorConfig | None = None) -> ResponseReturnValue | int:
    """Save the submitted form and go to the connector's page; else the status to show
    the form again with: 200 when nothing was submitted, 400 for bad input, or the
    refusal's."""
    if not form.validate_on_submit():
        return 400 if form.is_submitted() else 200
    try:
        connector = operations.save_connector(_connector_input(form), item,
                                              reason=form.reason.data)
    except OperationError as error:
        apply_error(form, error)
        return error.status_code
    flash(_("Connector %(name)s saved.", name=connector.name), "success")
    return redirect(url_for("payments.connector", connector_id=connector.id))


@bp.route("/connectors/new", methods=["GET", "POST"])
@requires(Permission.PAYMENTS_CONFIGURE, scope=UNSCOPED)
@requires_recent_confirmation
def connector_new() -> ResponseReturnValue:
    form = _connector_form()
    status = _save_connector(form)
    if not isinstance(status, int):
        return status
    return render_template("payments/connector.html", form=form, connector=None,
                           masked=masked, webhooks=[], heard=None), status


@bp.route("/connectors/<int:connector_id>", methods=["GET", "POST"])
@requires(Permission.PAYMENTS_READ, scope=UNSCOPED, write=Permission.PAYMENTS_CONFIGURE)
@requires_recent_confirmation
def connector(connector_id: int) -> ResponseReturnValue:
    item = operations.get_connector(connector_id)
    form = _connector_form(data=None if request.method == "POST" else {
        "name": item.name,
        "platform": item.platform,
        "merchant_account": item.merchant_account,
        "live_endpoint_prefix": item.live_endpoint_prefix,
        "checkout_base_url": item.checkout_base_url,
        "management_base_url": item.management_base_url,
        "countries": "\n".join(f"{c.country_code} {c.currency}" for c in item.countries),
    })
    status = _save_connector(form, item)
    if not isinstance(status, int):
        return status
    if status >= 400:
        db.session.rollback()
        item = operations.get_connector(connector_id)
    return render_template(
        "payments/connector.html", form=form, connector=item, masked=masked,
        webhooks=operations.recent_webhooks(item),
        heard=operations.last_heard([item.id]).get(item.id),
    ), status


# --- a country's payment section -------------------------------------------------------


def _render_country(country: Country, status: int = 200, **forms: FlaskForm
                    ) -> ResponseReturnValue:
    now = utcnow()
    link = operations.served_country(country.code)
    forms.setdefault("check_form", CheckForm())
    forms.setdefault("request_form", RequestForm())
    forms.setdefault("kill_form", KillForm())
    forms.setdefault("decision_form", DecisionForm())
    requests = changes.list_changes(country.code, limit=20)
    return render_template(
        "payments/country.html",
        country=country,
        link=link,
        state=changes.effective_payment_state(country, now),
        killable=changes.killable(country, now),
        last_kill=last_kill(country),
        gates=payment_gates(country, now),
        checks=operations.health_checks(country.code),
        requests=requests,
        outcomes=history.outcomes(requests), outcome_label=history.outcome_label,
        payment_history=history.events(country),
        masked=masked,
        **forms,
    ), status


@bp.route("/countries/<code>")
@requires(Permission.PAYMENTS_READ)
def country(code: str) -> ResponseReturnValue:
    return _render_country(get_country(code))


@bp.route("/countries/<code>/check", methods=["POST"])
@requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def check(code: str) -> ResponseReturnValue:
    item = get_country(code)
    form = CheckForm()
    if not form.validate_on_submit():
        abort(400)
    result = operations.run_health_check(item.code, actor=current_user)
    if result.ok:
        flash(_("Adyen answered for %(code)s in %(currency)s: %(methods)s.",
                code=item.code, currency=result.currency, methods=", ".join(result.methods)),
              "success")
    else:
        # The failed check is recorded (the request still commits); nothing is switched on.
        flash(_("The health check failed: %(message)s", message=result.error_message or ""),
              "error")
    return redirect(url_for("payments.country", code=item.code))


@bp.route("/countries/<code>/methods", methods=["GET", "POST"])
@requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def methods(code: str) -> ResponseReturnValue:
    item = get_country(code)
    link = operations.served_country(item.code)
    if link is None:
        flash(_("No Adyen connector serves %(code)s: add the country to a connector first.",
                code=item.code), "error")
        return redirect(url_for("payments.country", code=item.code))
    report = operations.adyen_methods(item.code)
    offered = [method.type for method in report.offered]
    form = MethodsForm(data=None if request.method == "POST" else {"methods": link.methods})
    labels = {method.type: method.name for method in report.offered}
    choices = [(t, f"{labels.get(t, t)} ({t})") for t in dict.fromkeys(offered + link.methods)]
    form.methods.choices = choices
    status = 200
    if form.validate_on_submit():
        try:
            operations.choose_methods(
                item.code, form.methods.data or [],
                offered=None if report.offered_error else offered, reason=form.reason.data,
            )
        except OperationError as error:
            apply_error(form, error)
            status = error.status_code
        else:
            flash(_("Payment methods for %(code)s saved.", code=item.code), "success")
            return redirect(url_for("payments.country", code=item.code))
    return render_template(
        "payments/methods.html", country=item, link=link, report=report, form=form,
    ), status


@bp.route("/countries/<code>/request", methods=["POST"])
@requires(Permission.PAYMENTS_REQUEST, scope=country_arg())
def request_change(code: str) -> ResponseReturnValue:
    item = get_country(code)
    form = RequestForm()
    if form.validate_on_submit():
        try:
            effective_at = effective_local = None
            chosen_time = form.effective_at.data or ""
            if chosen_time.strip():
                effective_at, effective_local = parse_switch_on_time(item, chosen_time)
            change = changes.request_payments_on(
                item, current_user, reason=form.reason.data or "",
                effective_at=effective_at, effective_local=effective_local,
            )
        except OperationError as error:
            apply_error(form, error)
            return _render_country(item, error.status_code, request_form=form)
        flash(_("Change request #%(id)d sent: another finance user must approve it.",
                id=change.id), "success")
        return redirect(url_for("payments.country", code=item.code))
    return _render_country(item, 400, request_form=form)


@bp.route("/countries/<code>/kill", methods=["POST"])
@requires(Permission.PAYMENTS_KILL, scope=country_arg())
@requires_recent_confirmation
def kill(code: str) -> ResponseReturnValue:
    item = get_country(code)
    form = KillForm()
    if form.validate_on_submit():
        try:
            changes.kill_payments(item, current_user, reason=form.reason.data or "")
        except OperationError as error:
            apply_error(form, error)
            return _render_country(item, error.status_code, kill_form=form)
        flash(_("Online payment is off for %(code)s.", code=item.code), "success")
        if request.form.get("next") == "changes":
            return redirect(url_for("payments.changes_list"))
        return redirect(url_for("payments.country", code=item.code))
    if not form.reason.errors:
        form.reason.errors = [_("A reason is required to turn online payment off.")]
    return _render_country(item, 400, kill_form=form)


# --- change requests -------------------------------------------------------------------


@bp.route("/changes")
@requires(Permission.PAYMENTS_READ)
def changes_list() -> ResponseReturnValue:
    requests = changes.list_changes()
    now = utcnow()
    killable = set()
    for code in {change.country_code for change in requests}:
        item = db.session.get(Country, code)
        if item is not None and changes.killable(item, now):
            killable.add(code)
    return render_template(
        "payments/changes.html", requests=requests, killable=killable,
        outcomes=history.outcomes(requests), outcome_label=history.outcome_label,
        pending_facts=pending_facts(requests, now),
        decision_form=DecisionForm(), kill_form=KillForm(),
    )


def _back(change: PaymentChangeRequest) -> str:
    target = request.form.get("next")
    if target == "changes":
        return url_for("payments.changes_list")
    return url_for("payments.country", code=change.country_code)


def _decide(change_id: int, decide: Callable[..., object],
            ) -> tuple[PaymentChangeRequest, ResponseReturnValue | None]:
    """Approve or reject: the change, or the country page with the refusal on the form."""
    change = changes.get_change(change_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            form.form_errors.extend(errors)
        return change, _render_country(get_country(change.country_code), 400, decision_form=form)
    try:
        decide(change, current_user, note=form.note.data or "")
    except OperationError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return change, _render_country(get_country(change.country_code), error.status_code,
                                       decision_form=form)
    return change, None


@bp.route("/changes/<int:change_id>/approve", methods=["POST"])
@requires(Permission.PAYMENTS_APPROVE, scope=change_country())
@requires_recent_confirmation
def approve(change_id: int) -> ResponseReturnValue:
    change, refused = _decide(change_id, changes.approve_change)
    if refused is not None:
        return refused
    if change.applied_at is not None:
        flash(_("Approved: online payment is on for %(code)s.", code=change.country_code),
              "success")
    else:
        flash(_("Approved: online payment for %(code)s switches on at %(when)s.",
                code=change.country_code, when=change.effective_local or ""), "success")
    return redirect(_back(change))


@bp.route("/changes/<int:change_id>/reject", methods=["POST"])
@requires(Permission.PAYMENTS_APPROVE, scope=change_country())
def reject(change_id: int) -> ResponseReturnValue:
    change, refused = _decide(change_id, changes.reject_change)
    if refused is not None:
        return refused
    flash(_("Change request #%(id)d rejected.", id=change.id), "success")
    return redirect(_back(change))


# --- webhooks --------------------------------------------------------------------------


@webhooks_bp.route("/adyen", methods=["POST"])
@public
def adyen() -> ResponseReturnValue:
    """Adyen's standard webhook; answers ``[accepted]`` once every item is authentic."""
    request.max_content_length = webhooks.MAX_WEBHOOK_BYTES
    try:
        body = request.get_data(cache=False)
    except RequestEntityTooLarge:
        return _webhook_error(413, f"The body is larger than {webhooks.MAX_WEBHOOK_BYTES} bytes.")
    try:
        outcome = webhooks.receive(webhooks.parse_body(body))
    except webhooks.WebhookError as error:
        return _webhook_error(error.status, error.message)
    current_app.logger.info(
        "Adyen webhook: %d item(s) stored, %d already known", outcome.stored, outcome.duplicates
    )
    return Response("[accepted]", status=200, mimetype="text/plain")


def _webhook_error(status: int, message: str) -> ResponseReturnValue:
    db.session.rollback()
    return jsonify(error=message, status=status), status
