"""The payment watch on a country's payment page: the chart, the alerts, the policy."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, make_response, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import Permission, requires
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.monitoring import watch
from backoffice.monitoring.chart import ratio_chart
from backoffice.monitoring.forms import ACTION_LABELS, WatchPolicyForm

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring", template_folder="templates")


def watch_panel(country: Any, form: WatchPolicyForm | None = None) -> dict[str, Any]:
    """What ``monitoring/_watch.html`` shows for a country."""
    policy = watch.policy_of(country.code)
    found = watch.current_figures(country)
    return {
        "policy": policy,
        "figures": found[0] if found else None,
        "chart": ratio_chart(country.code, policy.threshold_percent),
        "alerts": watch.alerts_of(country.code),
        "action_labels": ACTION_LABELS,
        "form": form or g.get("watch_policy_form") or WatchPolicyForm(formdata=None, data={
            "threshold_percent": policy.threshold_percent, "min_volume": policy.min_volume,
            "window_minutes": policy.window_minutes, "action": policy.action}),
    }


@bp.app_context_processor
def _panel_global() -> dict[str, Any]:
    return {"payment_watch": watch_panel}


@bp.route("/countries/<code>/policy", methods=["POST"])
@requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def policy(code: str) -> ResponseReturnValue:
    country = get_country(code)
    form = WatchPolicyForm()
    if form.validate_on_submit():
        try:
            watch.save_policy(country, threshold_percent=form.threshold_percent.data or 0,
                              min_volume=form.min_volume.data or 0,
                              window_minutes=form.window_minutes.data or 0,
                              action=form.action.data, reason=form.reason.data,
                              actor=current_user._get_current_object())
        except OperationError as error:
            db.session.rollback()
            apply_error(form, error)
            return _refused(country.code, form, error.status_code)
        flash(_("Payment watch of %(code)s saved.", code=country.code), "success")
        return redirect(url_for("payments.country", code=country.code, _anchor="watch"))
    return _refused(country.code, form, 400)


def _refused(code: str, form: WatchPolicyForm, status: int) -> ResponseReturnValue:
    """The country's payment page again, the policy form showing what is wrong."""
    from backoffice.payments.views import country as payment_page

    g.watch_policy_form = form
    page = make_response(payment_page(code))
    page.status_code = status
    return page
