"""What a marketing plan may hold: audiences, channels, age bands, periods, and the sums
that must add up. Forms and the admin API check a plan here before anything is written."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ParamSpec, Protocol, TypeVar

from flask_babel import gettext as _

from backoffice.core.errors import OperationError
from backoffice.core.i18n import lazy_gettext as _l
from backoffice.marketing.money import (
    format_money,
    parse_amount,
    parse_decimal,
    parse_percent,
    share_of,
)

AUDIENCES = {"driver": _l("Drivers"), "passenger": _l("Passengers")}
CHANNELS = {
    "tv": _l("TV"),
    "social": _l("Social"),
    "search": _l("Search"),
    "outdoor": _l("Outdoor"),
    "radio": _l("Radio"),
    "referral": _l("Referral"),
    "community_events": _l("Community and events"),
}
AGE_BANDS = ("18-24", "25-34", "35-49", "50+")
HUNDRED = Decimal(100)

_PERIOD = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")

P = ParamSpec("P")
T = TypeVar("T")


class _Attempt(Protocol):
    """Runs one parse step; its problem is noted and ``None`` stands for its value."""

    def __call__(self, function: Callable[P, T], /,
                 *args: P.args, **kwargs: P.kwargs) -> T | None: ...


def validate_period(value: str, field: str = "period") -> str:
    """A month (``2026-03``) or a quarter (``2026-Q2``)."""
    text = (value or "").strip().upper()
    match = _PERIOD.match(text)
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise OperationError(
            _('"%(value)s" is not a period: use a month such as 2026-03 or a quarter such '
              "as 2026-Q2.", value=value),
            field,
        )
    return text


def field_name(audience: str, channel: str) -> str:
    """The form field of one allocation, e.g. ``driver_tv``."""
    return f"{audience}_{channel}"


def age_field_name(audience: str, band: str) -> str:
    """``age_driver_18_24``, ``age_passenger_50plus``."""
    return f"age_{audience}_" + band.replace("-", "_").replace("+", "plus")


class PlanInvalid(OperationError):
    """Every problem of a plan at once; ``problems`` is a list of ``(field, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(" ".join(message for _field, message in problems), problems[0][0])
        self.problems = problems


@dataclass
class PlanData:
    """A checked plan: exact amounts, shares that add up."""

    currency: str
    budget: Decimal
    driver_share: Decimal
    passenger_share: Decimal
    allocations: dict[tuple[str, str], Decimal]
    age_bands: dict[tuple[str, str], Decimal]
    target_new_drivers: int
    target_new_passengers: int
    notes: str = ""

    def audience_budget(self, audience: str) -> Decimal:
        driver = share_of(self.budget, self.driver_share, self.currency)
        return driver if audience == "driver" else self.budget - driver


def check_plan(data: Mapping[str, Any], currency: str, locale: str | None = None) -> PlanData:
    """Validate a plan given as plain data; raise :class:`PlanInvalid` with every problem.

    ``data``: budget, driver_share, passenger_share, allocations ({audience: {channel:
    amount}}), optional age_bands ({audience: {band: percent}}), target_new_drivers,
    target_new_passengers, notes. Numbers may be strings as typed in a form.
    """
    problems: list[tuple[str, str]] = []

    def attempt(function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return function(*args, **kwargs)
        except OperationError as error:
            problems.append((error.field or "", error.message))
            return None

    def money(amount: Decimal) -> str:
        return format_money(amount, currency, locale)

    budget = attempt(parse_amount, data.get("budget"), currency, "budget", _("Budget"))
    driver_share = attempt(parse_percent, data.get("driver_share"), "driver_share",
                           _("Driver share"))
    passenger_share = attempt(parse_percent, data.get("passenger_share"), "passenger_share",
                              _("Passenger share"))
    if driver_share is not None and passenger_share is not None:
        total = driver_share + passenger_share
        if total != HUNDRED:
            problems.append((
                "passenger_share",
                _("The driver and passenger shares add up to %(total)s%%, not 100%%.",
                  total=_plain(total)),
            ))

    allocations: dict[tuple[str, str], Decimal] = {}
    given = data.get("allocations") or {}
    if not isinstance(given, Mapping):
        problems.append(("allocations", _("Allocations must be given per audience.")))
        given = {}
    for audience in given:
        if audience not in AUDIENCES:
            problems.append(("allocations", _('Unknown audience "%(value)s".', value=audience)))
    for audience, audience_label in AUDIENCES.items():
        amounts = given.get(audience) or {}
        if not isinstance(amounts, Mapping):
            problems.append(("allocations", _("Allocations must be given per channel.")))
            continue
        for channel in amounts:
            if channel not in CHANNELS:
                problems.append(
                    ("allocations", _('Unknown channel "%(value)s".', value=channel))
                )
        for channel, channel_label in CHANNELS.items():
            raw = amounts.get(channel)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                allocations[audience, channel] = Decimal(0)
                continue
            amount = attempt(parse_amount, raw, currency, field_name(audience, channel),
                             f"{audience_label} – {channel_label}")
            if amount is not None:
                allocations[audience, channel] = amount

    age_bands = _check_age_bands(data.get("age_bands") or {}, problems, attempt)

    targets = {}
    for key, label in (("target_new_drivers", _("New drivers target")),
                       ("target_new_passengers", _("New passengers target"))):
        targets[key] = attempt(_parse_count, data.get(key), key, label)

    notes = str(data.get("notes") or "").strip()
    if len(notes) > 2000:
        problems.append(("notes", _("Notes are limited to 2000 characters.")))

    if (budget is not None and driver_share is not None
            and passenger_share is not None and not problems):
        plan = PlanData(currency, budget, driver_share, passenger_share, allocations,
                        age_bands, targets["target_new_drivers"] or 0,
                        targets["target_new_passengers"] or 0, notes)
        for audience in AUDIENCES:
            expected = plan.audience_budget(audience)
            planned = sum((allocations[audience, c] for c in CHANNELS), Decimal(0))
            if planned == expected:
                continue
            if audience == "driver":
                message = _("Driver channels add up to %(planned)s but the driver share is "
                            "%(share)s:", planned=money(planned), share=money(expected))
            else:
                message = _("Passenger channels add up to %(planned)s but the passenger "
                            "share is %(share)s:", planned=money(planned),
                            share=money(expected))
            gap = money(abs(expected - planned))
            if planned < expected:
                message += " " + _("%(amount)s missing", amount=gap)
            else:
                message += " " + _("%(amount)s too much", amount=gap)
            problems.append((f"{audience}_allocations", message))
        if not problems:
            return plan
    raise PlanInvalid(problems)


def _check_age_bands(given: Any, problems: list[tuple[str, str]],
                     attempt: _Attempt) -> dict[tuple[str, str], Decimal]:
    bands: dict[tuple[str, str], Decimal] = {}
    if not isinstance(given, Mapping):
        problems.append(("age_bands", _("Age bands must be given per audience.")))
        return bands
    for audience, audience_label in AUDIENCES.items():
        values = given.get(audience) or {}
        if not isinstance(values, Mapping):
            problems.append(("age_bands", _("Age bands must be given per band.")))
            continue
        for band in values:
            if band not in AGE_BANDS:
                problems.append(("age_bands", _('Unknown age band "%(value)s".', value=band)))
        filled = {
            band: values[band] for band in AGE_BANDS
            if values.get(band) is not None and str(values[band]).strip()
        }
        if not filled:
            continue  # age bands are optional
        parsed = {}
        for band, raw in filled.items():
            percent = attempt(parse_percent, raw, age_field_name(audience, band),
                              f"{audience_label} {band}")
            if percent is not None:
                parsed[band] = percent
        if len(parsed) != len(filled):
            continue
        total = sum(parsed.values(), Decimal(0))
        if total != HUNDRED:
            problems.append((
                f"{audience}_age_bands",
                _("%(audience)s age bands add up to %(total)s%%, not 100%%.",
                  audience=audience_label, total=_plain(total)),
            ))
        for band in AGE_BANDS:
            bands[audience, band] = parsed.get(band, Decimal(0))
    return bands


def _parse_count(value: Any, field: str, label: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    number = parse_decimal(value, field, label)
    if number < 0 or number != number.to_integral_value():
        raise OperationError(_("%(label)s must be a whole number, 0 or more.", label=label),
                             field)
    if number > 10**9:
        raise OperationError(_("%(label)s is too large.", label=label), field)
    return int(number)


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")
