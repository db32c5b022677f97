"""Changing countries: creation, configuration changes and restores, with their versions.

Every change to a country's configuration bumps ``Country.version`` and stores the new
state as a :class:`CountryVersion`, so the history can be compared and restored. A save
names the version it started from; a save against a newer version is a conflict. The
rules of each field are in ``validation``; CLDR's suggestions in ``cldr``; reading in
``snapshots``, ``listing`` and ``queries``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from backoffice.accounts.models import User
from backoffice.audit import operations as audit
from backoffice.core.db import db, rows_changed, utcnow
from backoffice.core.errors import ConflictError, OperationError
from backoffice.core.validation import validate_country_code
from backoffice.countries import signals
from backoffice.countries.models import Country, CountryLocale, CountryVersion, Locale, Stage
from backoffice.countries.snapshots import config_from_snapshot, get_version, snapshot
from backoffice.countries.validation import CountryConfig, LocaleSpec, validate_config


def ensure_locale(code: str, parent: str | None = None, *, keep_parent: bool = False) -> Locale:
    """The shared ``Locale`` row for ``code``, created if needed, with ``parent`` set.

    With ``keep_parent`` an existing row keeps its parent (used for parents themselves).
    """
    if parent is not None:
        ensure_locale(parent, keep_parent=True)
    locale = db.session.get(Locale, code)
    if locale is None:
        locale = Locale(code=code, parent_code=parent)
        db.session.add(locale)
        db.session.flush()
        audit.record("locale.created", "locale", code, after={"parent": parent})
    elif not keep_parent and locale.parent_code != parent:
        before = locale.parent_code
        locale.parent_code = parent
        db.session.flush()
        audit.record("locale.updated", "locale", code, before={"parent": before},
                     after={"parent": parent})
    return locale


def _set_locales(country: Country, specs: Sequence[LocaleSpec]) -> None:
    for spec in specs:
        ensure_locale(spec.code, spec.parent)
    existing = {link.locale_code: link for link in country.locales}
    links = []
    for position, spec in enumerate(specs):
        link = existing.get(spec.code) or CountryLocale(locale_code=spec.code)
        link.position = position
        links.append(link)
    country.locales = links  # links left out are deleted (delete-orphan)
    db.session.flush()
    signals.locales_set.send(country, locales=[spec.code for spec in specs], actor=_actor())


def _actor() -> User | None:
    if has_request_context() and current_user.is_authenticated:
        user: User = current_user
        return user
    return None


def _add_version(country: Country, data: dict[str, Any], reason: str | None) -> CountryVersion:
    actor = _actor()
    version = CountryVersion(
        country_code=country.code, number=country.version, snapshot=data,
        author_id=getattr(actor, "id", None), author_email=getattr(actor, "email", None),
        reason=reason or None,
    )
    db.session.add(version)
    db.session.flush()
    return version


def _check_version(country: Country, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != country.version:
        raise ConflictError(
            _("%(code)s was changed by someone else (now version %(current)d; you started "
              "from version %(yours)d).", code=country.code, current=country.version,
              yours=int(expected_version)),
            "version",
        )


def _bump_version(country: Country, started_from: int) -> None:
    """Take the next version number, atomically: a concurrent save makes this one fail."""
    now = utcnow()
    result = db.session.execute(
        update(Country)
        .where(Country.code == country.code, Country.version == started_from)
        .values(version=started_from + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        raise ConflictError(
            _("%(code)s was changed by someone else while you were saving. Reload and try "
              "again.", code=country.code),
            "version",
        )
    set_committed_value(country, "version", started_from + 1)
    set_committed_value(country, "updated_at", now)


def create_country(
    code: str,
    config: CountryConfig,
    *,
    reason: str | None = None,
) -> Country:
    """A new country, ``planned``: it moves on only through the launch pipeline."""
    code = validate_country_code(code, "code")
    if db.session.get(Country, code) is not None:
        raise OperationError(_("%(code)s already exists.", code=code), "code")
    locales, owner, seats = validate_config(config)
    country = Country(
        code=code, recorded_stage=Stage.PLANNED.value, currency=config.currency.strip(),
        timezone=config.timezone.strip(), max_seats_per_ride=seats,
        owner=owner, notes=config.notes or "", version=1,
    )
    db.session.add(country)
    db.session.flush()
    _set_locales(country, locales)
    data = snapshot(country)
    _add_version(country, data, reason)
    audit.record("country.created", "country", code, after=data, reason=reason,
                 country_code=code)
    return country


def update_country(
    country: Country,
    config: CountryConfig,
    *,
    expected_version: int | None,
    reason: str | None = None,
    action: str = "country.updated",
) -> bool:
    """Apply ``config``; return False when it changes nothing (no new version then)."""
    _check_version(country, expected_version)
    locales, owner, seats = validate_config(config)
    started_from = country.version
    before = snapshot(country)
    country.currency = config.currency.strip()
    country.timezone = config.timezone.strip()
    country.max_seats_per_ride = seats
    country.owner = owner
    country.notes = config.notes or ""
    _set_locales(country, locales)
    return _record_change(country, before, started_from, action=action, reason=reason)


def _record_change(
    country: Country, before: dict[str, Any], started_from: int, *, action: str,
    reason: str | None,
) -> bool:
    after = snapshot(country)
    if after == before:
        return False
    _bump_version(country, started_from)
    _add_version(country, after, reason)
    audit.record(action, "country", country.code, before=before, after=after, reason=reason,
                 country_code=country.code)
    return True


def restore_version(
    country: Country, number: int, *, expected_version: int | None, reason: str | None = None,
) -> bool:
    """Bring back an earlier configuration as a new version (the stage is not restored)."""
    _check_version(country, expected_version)
    old = get_version(country, number)
    config = config_from_snapshot(old.snapshot)
    note = _("restored version %(number)d", number=number)
    return update_country(
        country, config, expected_version=expected_version,
        reason=f"{note}: {reason}" if reason else note, action="country.restored",
    )


def set_translation_threshold(country: Country, value: object, *,
                              reason: str | None = None) -> None:
    """The share of the app catalog (1 to 100 %) each locale needs before going live."""
    try:
        threshold = int(str(value))
    except ValueError:
        threshold = 0
    if not 1 <= threshold <= 100:
        raise OperationError(_("The translation threshold is a whole percentage from 1 to 100."),
                             "translation_threshold")
    if threshold != country.translation_threshold:
        before = country.translation_threshold
        country.translation_threshold = threshold
        db.session.flush()
        audit.record("country.threshold_changed", "country", country.code,
                     before={"translation_threshold": before},
                     after={"translation_threshold": threshold}, reason=reason,
                     country_code=country.code)
