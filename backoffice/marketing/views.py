from __future__ import annotations

from decimal import Decimal

from flask import (
    Blueprint,
    Response,
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

from backoffice.core.errors import ConflictError, OperationError
from backoffice.core.forms import apply_error
from backoffice.core.http import attachment
from backoffice.core.permissions import UNSCOPED, Permission, requires
from backoffice.countries.models import Country
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.marketing import charts, operations, plan_rules, rollup
from backoffice.marketing.forms import DeleteForm, PlanForm, RateForm, SpendForm
from backoffice.marketing.models import MarketingPlan
from backoffice.marketing.money import format_money, reader_locale, share_of

bp = Blueprint("marketing", __name__, url_prefix="/marketing",
               template_folder="templates")



@bp.app_template_filter("money")
def _money_filter(amount: Decimal, currency: str) -> str:
    return format_money(amount, currency)


@bp.app_template_filter("plain")
def _plain_filter(number: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 20, 0.2345."""
    return format(number.normalize(), "f")


def _can_write(code: str) -> bool:
    allowed: bool = (current_user.can(Permission.MARKETING_WRITE)
                     and current_user.can_manage_country(code))
    return allowed


def _plan_charts(plan: MarketingPlan) -> list[charts.Chart]:
    driver_amount = share_of(plan.budget, plan.driver_share, plan.currency)
    split = charts.split_chart(
        _("Driver and passenger split"),
        [
            (_("Drivers"), plan.driver_share, "series-driver",
             f"{plan.driver_share.normalize():f} % · "
             f"{format_money(driver_amount, plan.currency)}"),
            (_("Passengers"), plan.passenger_share, "series-passenger",
             f"{plan.passenger_share.normalize():f} % · "
             f"{format_money(plan.budget - driver_amount, plan.currency)}"),
        ],
    )
    lines = operations.planned_vs_actual(plan)
    by_channel = charts.grouped_bar_chart(
        _("Spend by channel: planned and actual"),
        [
            (f"{plan_rules.AUDIENCES[line.audience]} · {plan_rules.CHANNELS[line.channel]}",
             [(line.planned, format_money(line.planned, plan.currency)),
              (line.actual, format_money(line.actual, plan.currency))])
            for line in lines if line.planned or line.actual
        ],
        [("series-planned", _("Planned")), ("series-actual", _("Actual"))],
    )
    return [split, by_channel]


@bp.route("/")
@requires(Permission.MARKETING_READ)
def index() -> ResponseReturnValue:
    period = request.args.get("period") or None
    reporting = request.args.get("reporting") or "EUR"
    try:
        result = rollup.rollup(reporting, period)
    except OperationError as error:
        flash(error.message, "error")
        result = rollup.rollup("EUR")
    rollup_chart = charts.grouped_bar_chart(
        _("Budget and actual spend in %(currency)s", currency=result.reporting_currency),
        [
            (f"{row.country_code} {row.period}",
             [(row.budget_reporting,
               format_money(row.budget_reporting, result.reporting_currency)
               if row.budget_reporting is not None else _("rate missing")),
              (row.actual_reporting,
               format_money(row.actual_reporting, result.reporting_currency)
               if row.actual_reporting is not None else _("rate missing"))])
            for row in result.rows
        ],
        [("series-planned", _("Budget")), ("series-actual", _("Actual"))],
    )
    return render_template(
        "marketing/index.html",
        rollup=result,
        chart=rollup_chart,
        periods=operations.periods(),
        reporting_currencies=rollup.reporting_currencies(),
        rates=rollup.list_rates(),
        rate_form=RateForm(),
        delete_form=DeleteForm(),
    )


@bp.route("/rates", methods=["POST"])
@requires(Permission.MARKETING_WRITE, scope=UNSCOPED)
def set_rate() -> ResponseReturnValue:
    form = RateForm()
    if form.validate_on_submit():
        try:
            rate = rollup.set_rate(form.currency.data or "", form.reporting_currency.data or "",
                                   form.rate.data, form.as_of.data or "", reason=form.reason.data)
        except OperationError as error:
            apply_error(form, error)
        else:
            flash(_("Rate saved: 1 %(currency)s = %(rate)s %(reporting)s.",
                    currency=rate.currency, rate=_plain_filter(rate.rate),
                    reporting=rate.reporting_currency), "success")
            return redirect(url_for("marketing.index"))
    result = rollup.rollup("EUR")
    return render_template(
        "marketing/index.html", rollup=result,
        chart=charts.grouped_bar_chart("", [], []), periods=operations.periods(),
        reporting_currencies=rollup.reporting_currencies(),
        rates=rollup.list_rates(), rate_form=form, delete_form=DeleteForm(),
    ), 400


@bp.route("/rates/<int:rate_id>/delete", methods=["POST"])
@requires(Permission.MARKETING_WRITE, scope=UNSCOPED)
def delete_rate(rate_id: int) -> ResponseReturnValue:
    if DeleteForm().validate_on_submit():
        rollup.delete_rate(rate_id)
        flash(_("Rate deleted."), "success")
    return redirect(url_for("marketing.index"))


@bp.route("/export.csv")
@requires(Permission.MARKETING_READ)
def export_csv() -> ResponseReturnValue:
    country = (request.args.get("country") or "").upper() or None
    period = request.args.get("period") or None
    if period:
        period = plan_rules.validate_period(period)
    plans = operations.plans_for_country(country) if country else operations.all_plans(period)
    if country and period:
        plans = [plan for plan in plans if plan.period == period]
    return Response(
        operations.plans_csv(plans),
        mimetype="text/csv",
        headers=attachment("marketing-plans.csv"),
    )


@bp.route("/countries/<code>")
@requires(Permission.MARKETING_READ)
def country(code: str) -> ResponseReturnValue:
    country = get_country(code)
    plans = operations.plans_for_country(country.code)
    selected = request.args.get("period")
    plan = next((p for p in plans if p.period == selected), plans[-1] if plans else None)
    return render_template(
        "marketing/country.html",
        country=country,
        plans=plans,
        plan=plan,
        plan_charts=_plan_charts(plan) if plan else [],
        lines=operations.planned_vs_actual(plan) if plan else [],
        spend_form=SpendForm(),
        delete_form=DeleteForm(),
        can_write=_can_write(country.code),
        audiences=plan_rules.AUDIENCES,
        channels=plan_rules.CHANNELS,
    )


def _render_form(country: Country, form: PlanForm, plan: MarketingPlan | None,
                 status: int = 200) -> ResponseReturnValue:
    return render_template(
        "marketing/plan_form.html", country=country, form=form, plan=plan,
        audiences=plan_rules.AUDIENCES, channels=plan_rules.CHANNELS,
        age_bands=plan_rules.AGE_BANDS,
    ), status


@bp.route("/countries/<code>/plans/new", methods=["GET", "POST"])
@requires(Permission.MARKETING_WRITE, scope=country_arg())
def plan_create(code: str) -> ResponseReturnValue:
    country = get_country(code)
    form = PlanForm(data=None if request.method == "POST" else {
        "period": request.args.get("period", ""), "driver_share": "50",
        "passenger_share": "50",
    })
    if form.validate_on_submit():
        try:
            plan = operations.save_plan(country, form.period.data or "", form.plan_data(),
                                        expected_version=None, locale=reader_locale(),
                                        reason=form.reason.data)
        except OperationError as error:
            apply_error(form, error)
            return _render_form(country, form, None, 400 if request.method == "POST" else 200)
        flash(_("Plan %(period)s for %(country)s created.", period=plan.period,
                country=country.code), "success")
        return redirect(url_for("marketing.country", code=country.code, period=plan.period))
    return _render_form(country, form, None, 400 if form.errors else 200)


@bp.route("/countries/<code>/plans/<period>", methods=["GET", "POST"])
@requires(Permission.MARKETING_WRITE, scope=country_arg())
def plan_edit(code: str, period: str) -> ResponseReturnValue:
    country = get_country(code)
    plan = operations.get_plan(country.code, plan_rules.validate_period(period))
    form = PlanForm(data=None if request.method == "POST" else PlanForm.values_of(plan))
    if form.validate_on_submit():
        try:
            version = int(form.version.data or 0)
        except ValueError:
            version = 0
        try:
            operations.save_plan(country, plan.period, form.plan_data(),
                                 expected_version=version, locale=reader_locale(),
                                 reason=form.reason.data)
        except ConflictError as error:
            # Keep what was typed; the next save is based on the current version.
            form.form_errors.append(error.message)
            form.version.data = str(plan.version)
            form.version.raw_data = [str(plan.version)]
            return _render_form(country, form, plan, 409)
        except OperationError as error:
            apply_error(form, error)
            return _render_form(country, form, plan, 400)
        flash(_("Plan %(period)s for %(country)s saved.", period=plan.period,
                country=country.code), "success")
        return redirect(url_for("marketing.country", code=country.code, period=plan.period))
    return _render_form(country, form, plan, 400 if form.errors else 200)


@bp.route("/countries/<code>/plans/<period>.json")
@requires(Permission.MARKETING_READ)
def plan_json(code: str, period: str) -> ResponseReturnValue:
    plan = operations.get_plan(code.upper(), plan_rules.validate_period(period))
    return jsonify(operations.plan_to_dict(plan))


@bp.route("/countries/<code>/plans/<period>/spend", methods=["POST"])
@requires(Permission.MARKETING_WRITE, scope=country_arg())
def spend_add(code: str, period: str) -> ResponseReturnValue:
    country = get_country(code)
    plan = operations.get_plan(country.code, plan_rules.validate_period(period))
    form = SpendForm()
    if form.validate_on_submit():
        try:
            operations.record_spend(plan, form.audience.data, form.channel.data,
                                    form.amount.data, form.spent_on.data, form.note.data or "")
        except OperationError as error:
            apply_error(form, error)
        else:
            flash(_("Spend recorded."), "success")
            return redirect(url_for("marketing.country", code=country.code, period=plan.period))
    return render_template(
        "marketing/country.html", country=country, plans=operations.plans_for_country(
            country.code), plan=plan, plan_charts=_plan_charts(plan),
        lines=operations.planned_vs_actual(plan), spend_form=form, delete_form=DeleteForm(),
        can_write=True, audiences=plan_rules.AUDIENCES, channels=plan_rules.CHANNELS,
    ), 400


@bp.route("/countries/<code>/plans/<period>/spend/<int:spend_id>/delete", methods=["POST"])
@requires(Permission.MARKETING_WRITE, scope=country_arg())
def spend_delete(code: str, period: str, spend_id: int) -> ResponseReturnValue:
    country = get_country(code)
    plan = operations.get_plan(country.code, plan_rules.validate_period(period))
    if DeleteForm().validate_on_submit():
        operations.delete_spend(plan, spend_id)
        flash(_("Spend entry deleted."), "success")
    return redirect(url_for("marketing.country", code=country.code, period=plan.period))
