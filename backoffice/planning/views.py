"""Target dates on a country's readiness tab, and the forecast beside them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, g, make_response, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import Permission, requires
from backoffice.countries.labels import stage_label
from backoffice.countries.queries import all_countries, get_country
from backoffice.countries.scopes import country_arg
from backoffice.planning import operations
from backoffice.planning.forecast import forecasts, locale_targets, targets_of
from backoffice.planning.forms import LocaleTargetForm, StageTargetForm

bp = Blueprint("planning", __name__, url_prefix="/countries/<code>/targets",
               template_folder="templates")


def _forms(country: Any) -> tuple[StageTargetForm, LocaleTargetForm]:
    stage_form = g.get("stage_target_form") or StageTargetForm(formdata=None)
    locale_form = g.get("locale_target_form") or LocaleTargetForm(formdata=None)
    stage_form.stage.choices = [(s, stage_label(s)) for s in operations.TARGET_STAGES]
    locale_form.locale.choices = [(code, code) for code in country.locale_codes]
    return stage_form, locale_form


def country_forecast(country: Any) -> dict[str, Any]:
    """What ``planning/_forecast.html`` shows on the readiness tab."""
    stage_form, locale_form = _forms(country)
    return {
        "forecasts": forecasts([country])[country.code],
        "stage_targets": targets_of([country.code]).get(country.code, {}),
        "locale_targets": locale_targets(country.locale_codes),
        "stage_form": stage_form, "locale_form": locale_form,
        "can_edit": current_user.can(Permission.COUNTRIES_WRITE)
        and current_user.can_manage_country(country.code),
    }


def forecasts_at_risk() -> list[Any]:
    """Every forecast whose target is at risk, for the dashboard (a few queries)."""
    return [item for items in forecasts(all_countries()).values() for item in items
            if item.at_risk]


@bp.app_context_processor
def _planning_globals() -> dict[str, Any]:
    return {"country_forecast": country_forecast, "forecasts_at_risk": forecasts_at_risk}


def _refused(code: str, status: int) -> ResponseReturnValue:
    from backoffice.launch.views import country as readiness_page

    page = make_response(readiness_page(code))
    page.status_code = status
    return page


def _save(code: str, form: FlaskForm, form_name: str, save: Callable[[], object],
          saved: Callable[[], str]) -> ResponseReturnValue:
    """Save a target from ``form``, then back to the targets; bad input or a refusal shows
    the readiness page again with the form (``g.<form_name>``) and its errors."""
    if not form.validate_on_submit():
        setattr(g, form_name, form)
        return _refused(code, 400)
    try:
        save()
    except OperationError as error:
        db.session.rollback()
        apply_error(form, error)
        setattr(g, form_name, form)
        return _refused(code, error.status_code)
    flash(saved(), "success")
    return redirect(url_for("launch.country", code=code, _anchor="targets"))


@bp.route("/stage", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def stage(code: str) -> ResponseReturnValue:
    country = get_country(code)
    form = StageTargetForm()
    form.stage.choices = [(s, stage_label(s)) for s in operations.TARGET_STAGES]
    return _save(
        country.code, form, "stage_target_form",
        lambda: operations.set_stage_target(country, form.stage.data, form.target_date.data,
                                            actor=current_user._get_current_object(),
                                            reason=form.reason.data),
        lambda: _("Target date for %(stage)s saved.", stage=stage_label(form.stage.data)))


@bp.route("/locale", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def locale(code: str) -> ResponseReturnValue:
    country = get_country(code)
    form = LocaleTargetForm()
    form.locale.choices = [(loc, loc) for loc in country.locale_codes]
    return _save(
        country.code, form, "locale_target_form",
        lambda: operations.set_locale_target(form.locale.data, form.target_date.data,
                                             actor=current_user._get_current_object(),
                                             reason=form.reason.data),
        lambda: _("Target date for %(locale)s saved.", locale=form.locale.data))
