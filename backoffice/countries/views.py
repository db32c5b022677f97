from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.core.db import db
from backoffice.core.errors import ConflictError, OperationError
from backoffice.core.permissions import Permission, requires
from backoffice.core.validation import validate_country_code
from backoffice.countries import choices, cldr, listing, snapshots, validation
from backoffice.countries import operations as ops
from backoffice.countries.form_input import (
    apply_error,
    config_from,
    display_locale,
    expected_version,
    setup_choices,
)
from backoffice.countries.forms import (
    FIELD_LABELS,
    CodeForm,
    CountryCreateForm,
    CountryForm,
    RestoreForm,
    locale_lines,
)
from backoffice.countries.labels import STAGE_LABELS
from backoffice.countries.models import Country
from backoffice.countries.queries import all_countries, get_country
from backoffice.countries.scopes import country_arg, country_field
from backoffice.countries.state import CountryState, public_stages, states_of
from backoffice.countries.validation import LocaleSpec

bp = Blueprint("countries", __name__, template_folder="templates", url_prefix="/countries")



def stage_labels() -> dict[str, str]:
    return {str(stage): str(label) for stage, label in STAGE_LABELS.items()}


@bp.app_template_filter("country_value")
def country_value(value: Any, field: str = "") -> str:
    """A snapshot value as a person reads it (``fr_BE → fr_FR, nl_BE`` for locales)."""
    if value is None or value == "":
        return "—"
    if field == "locales" and isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                parent = item.get("parent")
                parts.append(f"{item.get('code')} → {parent}" if parent else str(item.get("code")))
        return ", ".join(parts)
    if field == "stage":
        return stage_labels().get(value, str(value))
    return str(value)


# --- helpers shared with the dashboard ------------------------------------------------


def table_context(countries: list[Country] | None = None,
                  states: dict[str, CountryState] | None = None) -> dict[str, Any]:
    query = listing.TableQuery.from_args(request.args)
    countries = countries if countries is not None else all_countries()
    states = states if states is not None else states_of(countries)
    rows = listing.country_rows(display_locale(), query, countries, states)
    return {
        "rows": rows,
        "query": query,
        "stage_labels": stage_labels(),
        "locale_options": listing.locale_choices(countries),
        "currency_options": sorted({country.currency for country in countries}),
        "owner_options": sorted({c.owner.email for c in countries if c.owner}),
        "total": len(countries),
    }


def world_map(states: dict[str, CountryState] | None = None,
              at_risk: Iterable[str] = ()) -> Any:
    from backoffice.countries.worldmap import render_world_map

    stages = ({code: state.public_stage for code, state in states.items()}
              if states is not None else public_stages())
    names = {code: cldr.country_name(code, display_locale()) for code in stages}
    return render_world_map(stages, names, label=_("World map of countries by launch stage"),
                            stage_labels=stage_labels(), at_risk=frozenset(at_risk),
                            at_risk_label=_("at risk"))


def _can_manage(code: str) -> bool:
    allowed: bool = (current_user.can(Permission.COUNTRIES_WRITE)
                     and current_user.can_manage_country(code))
    return allowed


# --- views ------------------------------------------------------------------------------


@bp.route("/")
@requires(Permission.COUNTRIES_READ)
def index() -> ResponseReturnValue:
    return render_template("countries/index.html", **table_context())


@bp.route("/new", methods=["GET"])
@requires(Permission.COUNTRIES_WRITE)
def new() -> ResponseReturnValue:
    """Step one asks for the code; step two is the form pre-filled from CLDR."""
    code_form = CodeForm(request.args)
    if "code" not in request.args:
        return render_template("countries/new.html", code_form=code_form, form=None)
    try:
        code = _new_code(request.args.get("code", ""))
    except OperationError as error:
        code_form.code.errors = [error.message]
        return render_template("countries/new.html", code_form=code_form, form=None), 400
    defaults = cldr.cldr_defaults(code)
    form = CountryCreateForm(data={
        "code": code,
        "locales": locale_lines(defaults.locales),
        "currency": defaults.currency,
        "timezone": defaults.timezone,
        "max_seats_per_ride": str(validation.DEFAULT_SEATS),
        "owner": choices.default_owner(current_user.email),
    }, formdata=None)
    setup_choices(form, code, None)
    return _render_new(code_form, form, defaults)


def _new_code(value: str) -> str:
    code = validate_country_code((value or "").strip().upper(), "code")
    if not current_user.can_manage_country(code):
        raise OperationError(_("You do not manage %(code)s; ask an admin to add it to your "
                               "countries.", code=code), "code")
    if db.session.get(Country, code) is not None:
        raise OperationError(_("%(code)s already exists.", code=code), "code")
    return code


def _render_new(code_form: CodeForm, form: CountryCreateForm, defaults: cldr.CountryDefaults,
                status: int = 200) -> ResponseReturnValue:
    return render_template(
        "countries/new.html", code_form=code_form, form=form, defaults=defaults,
        country_name=cldr.country_name(defaults.code, display_locale()),
    ), status


@bp.route("/new", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=country_field())
def create() -> ResponseReturnValue:
    form = CountryCreateForm()
    code_form = CodeForm(data={"code": form.code.data})
    try:
        code = _new_code(form.code.data or "")
    except OperationError as error:
        code_form.code.errors = [error.message]
        return render_template("countries/new.html", code_form=code_form, form=None), 400
    setup_choices(form, code, None)
    defaults = cldr.cldr_defaults(code)
    if form.validate_on_submit():
        try:
            country = ops.create_country(code, config_from(form), reason=form.reason.data)
        except OperationError as error:
            apply_error(form, error)
        else:
            flash(_("%(name)s (%(code)s) created.", name=cldr.country_name(code, display_locale()),
                    code=code), "success")
            _flash_warnings(country)
            return redirect(url_for("countries.detail", code=country.code))
    return _render_new(code_form, form, defaults, 400)


@bp.route("/defaults/<code>.json")
@requires(Permission.COUNTRIES_READ)
def defaults(code: str) -> ResponseReturnValue:
    """CLDR's suggestions for a country, for scripts and progressive enhancement."""
    try:
        data = cldr.cldr_defaults(code).as_dict()
    except OperationError as error:
        return jsonify(error=error.message, field=error.field), 400
    data["name"] = cldr.country_name(data["code"], display_locale())
    return jsonify(data)


def _detail_context(country: Country) -> dict[str, Any]:
    history = snapshots.versions(country)
    changes = []
    for index, version in enumerate(history):
        previous = history[index + 1].snapshot if index + 1 < len(history) else None
        changes.append((version, snapshots.diff(previous, version.snapshot)))
    return {
        "country": country,
        "name": cldr.country_name(country.code, display_locale()),
        "history": changes,
        "stage_labels": stage_labels(),
        "field_labels": {key: str(label) for key, label in FIELD_LABELS.items()},
        "can_manage": _can_manage(country.code),
        "plural_forms": {code: cldr.plural_rows(code) for code in country.locale_codes},
        "parents": {link.locale_code: link.locale.parent_code for link in country.locales},
    }


def _config_form(country: Country) -> CountryForm:
    form = CountryForm(data={
        "locales": locale_lines(snapshots.snapshot(country)["locales"]),
        "currency": country.currency,
        "timezone": country.timezone,
        "max_seats_per_ride": str(country.max_seats_per_ride),
        "owner": country.owner.email if country.owner else "",
        "notes": country.notes,
        "version": str(country.version),
    }, formdata=None)
    setup_choices(form, country.code, country)
    return form


def _render_detail(country: Country, *, form: CountryForm | None = None,
                   conflict: list[Any] | None = None,
                   status: int = 200) -> ResponseReturnValue:
    return render_template(
        "countries/detail.html",
        form=form or _config_form(country),
        restore_form=RestoreForm(data={"version": str(country.version)}, formdata=None),
        conflict=conflict,
        **_detail_context(country),
    ), status


@bp.route("/<code>")
@requires(Permission.COUNTRIES_READ)
def detail(code: str) -> ResponseReturnValue:
    return _render_detail(get_country(code))


@bp.route("/<code>/configuration", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def update(code: str) -> ResponseReturnValue:
    country = get_country(code)
    form = CountryForm()
    setup_choices(form, country.code, country)
    if not form.validate_on_submit():
        return _render_detail(country, form=form, status=400)
    try:
        config = config_from(form)
        changed = ops.update_country(country, config, expected_version=expected_version(form),
                                     reason=form.reason.data)
    except ConflictError as error:
        return _conflict(country, form, error)
    except OperationError as error:
        apply_error(form, error)
        return _render_detail(country, form=form, status=400)
    if changed:
        flash(_("%(code)s saved as version %(number)d.", code=country.code,
                number=country.version), "success")
        _flash_warnings(country)
    else:
        flash(_("Nothing changed."), "info")
    return redirect(url_for("countries.detail", code=country.code))


def _flash_warnings(country: Country) -> None:
    specs = [LocaleSpec(link.locale_code, link.locale.parent_code) for link in country.locales]
    for warning in validation.locale_warnings(specs):
        flash(warning, "warning")


def _conflict(country: Country, form: CountryForm, error: ConflictError) -> ResponseReturnValue:
    """Keep the person's values in the form, show the current ones beside them."""
    db.session.rollback()
    country = get_country(country.code)
    current = snapshots.snapshot(country)
    mine = {
        "locales": form.locales.data or "",
        "currency": form.currency.data or "",
        "timezone": form.timezone.data or "",
        "max_seats_per_ride": form.max_seats_per_ride.data or "",
        "owner": form.owner.data or "",
        "notes": form.notes.data or "",
    }
    theirs = {
        "locales": locale_lines(current["locales"]),
        "currency": current["currency"],
        "timezone": current["timezone"],
        "max_seats_per_ride": str(current["max_seats_per_ride"]),
        "owner": current["owner"] or "",
        "notes": current["notes"],
    }
    rows = [(name, mine[name], theirs[name], mine[name].strip() != theirs[name].strip())
            for name in mine]
    form.form_errors.append(error.message + " " + _(
        "Your values are still in the form; the current ones are shown beside them. Save "
        "again to replace them with yours."))
    form.version.data = str(country.version)
    setup_choices(form, country.code, country)
    return _render_detail(country, form=form, conflict=rows, status=409)


@bp.route("/<code>/versions/<int:number>/restore", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def restore(code: str, number: int) -> ResponseReturnValue:
    country = get_country(code)
    form = RestoreForm()
    if form.validate_on_submit():
        try:
            changed = ops.restore_version(country, number,
                                          expected_version=expected_version(form),
                                          reason=form.reason.data)
        except OperationError as error:
            db.session.rollback()
            country = get_country(code)
            flash(error.message, "error")
            return _render_detail(country, status=error.status_code)
        if changed:
            flash(_("Version %(old)d restored as version %(new)d.", old=number,
                    new=country.version), "success")
        else:
            flash(_("Version %(old)d is the same as the current configuration.", old=number),
                  "info")
    return redirect(url_for("countries.detail", code=country.code))
