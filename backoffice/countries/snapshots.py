"""A country's configuration as plain data, its versions, and how two versions differ."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.core.db import db
from backoffice.core.errors import NotFoundError
from backoffice.countries.models import Country, CountryVersion
from backoffice.countries.state import CountryState, state_of
from backoffice.countries.validation import DEFAULT_SEATS, CountryConfig, LocaleSpec

# Fields a restore brings back; the stage moves only through the launch pipeline.
RESTORABLE_FIELDS = ("currency", "timezone", "max_seats_per_ride", "owner", "notes", "locales")


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


def snapshot(country: Country, state: CountryState | None = None) -> dict[str, Any]:
    """The configuration as plain data: the same shape as the country's TOML file.

    ``stage`` is the launch stage now (``countries.state``): online payment is finance's
    decision, never in a file, and a restore never brings the stage back.
    """
    state = state or state_of(country)
    return {
        "code": country.code,
        "stage": state.stage,
        "currency": country.currency,
        "timezone": country.timezone,
        "max_seats_per_ride": country.max_seats_per_ride,
        "owner": country.owner.email if country.owner else None,
        "notes": country.notes or "",
        "locales": [
            {"code": link.locale_code, "parent": link.locale.parent_code}
            for link in country.locales
        ],
    }


def versions(country: Country) -> list[CountryVersion]:
    """Newest first."""
    return list(db.session.scalars(
        select(CountryVersion).where(CountryVersion.country_code == country.code)
        .order_by(CountryVersion.number.desc())
    ))


def get_version(country: Country, number: int) -> CountryVersion:
    version = db.session.scalar(select(CountryVersion).where(
        CountryVersion.country_code == country.code, CountryVersion.number == number))
    if version is None:
        raise NotFoundError(_("%(code)s has no version %(number)s.", code=country.code,
                              number=number), "version")
    return version


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[FieldChange]:
    """Field-level changes between two snapshots, in the snapshot's field order."""
    before = before or {}
    keys = list(after) + [key for key in before if key not in after]
    return [
        FieldChange(key, before.get(key), after.get(key))
        for key in keys if before.get(key) != after.get(key)
    ]


def config_from_snapshot(data: Mapping[str, Any]) -> CountryConfig:
    return CountryConfig(
        locales=[LocaleSpec(item["code"], item.get("parent")) for item in data.get("locales", [])],
        currency=data.get("currency", ""),
        timezone=data.get("timezone", ""),
        max_seats_per_ride=data.get("max_seats_per_ride", DEFAULT_SEATS),
        owner_email=data.get("owner"),
        notes=data.get("notes", ""),
    )
