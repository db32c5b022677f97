"""Demo marketing plans for 2026-Q1 and 2026-Q2, some spend, and rates to EUR.

The INR rate is left out on purpose: the rollup shows it as missing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_precision

from backoffice.core.db import db
from backoffice.countries.models import Country
from backoffice.marketing import operations, rollup

# Budget per quarter in the country's currency, and the driver share in percent.
DEMO_BUDGETS = {
    "FR": (Decimal("120000"), Decimal("40")),
    "DE": (Decimal("150000"), Decimal("45")),
    "ES": (Decimal("80000"), Decimal("50")),
    "IN": (Decimal("6000000"), Decimal("35")),
    "PL": (Decimal("300000"), Decimal("55")),
}
# Channel weights per audience (percent of the audience's share).
DEMO_WEIGHTS = {
    "driver": {"social": 30, "search": 25, "referral": 20, "radio": 10, "community_events": 15},
    "passenger": {"tv": 25, "social": 30, "search": 20, "outdoor": 15, "referral": 10},
}
DEMO_RATES = [("PLN", "0.2325", "2026-01-02"), ("PLN", "0.2310", "2026-04-01")]
DEMO_PERIODS = ("2026-Q1", "2026-Q2")


def _allocations(total: Decimal, weights: dict[str, int], currency: str) -> dict[str, str]:
    quantum = Decimal(1).scaleb(-get_currency_precision(currency))
    amounts: dict[str, str] = {}
    left = total
    channels = list(weights)
    for channel in channels[:-1]:
        amount = (total * weights[channel] / 100).quantize(quantum)
        amounts[channel] = str(amount)
        left -= amount
    amounts[channels[-1]] = str(left)
    return amounts


def _plan(country: Country, budget: Decimal, driver_share: Decimal) -> dict[str, Any]:
    currency = country.currency
    quantum = Decimal(1).scaleb(-get_currency_precision(currency))
    driver_amount = (budget * driver_share / 100).quantize(quantum)
    return {
        "budget": str(budget),
        "driver_share": str(driver_share),
        "passenger_share": str(100 - driver_share),
        "allocations": {
            "driver": _allocations(driver_amount, DEMO_WEIGHTS["driver"], currency),
            "passenger": _allocations(budget - driver_amount, DEMO_WEIGHTS["passenger"],
                                      currency),
        },
        "age_bands": {"passenger": {"18-24": "35", "25-34": "35", "35-49": "20", "50+": "10"}},
        "target_new_drivers": int(budget / 400) if currency != "INR" else 3000,
        "target_new_passengers": int(budget / 40) if currency != "INR" else 40000,
    }


def load_marketing_plans() -> int:
    created = 0
    for code, (budget, driver_share) in DEMO_BUDGETS.items():
        country = db.session.get(Country, code)
        if country is None:
            continue  # another step creates the countries
        for index, period in enumerate(DEMO_PERIODS):
            if operations.find_plan(code, period) is not None:
                continue
            plan = operations.save_plan(country, period, _plan(country, budget, driver_share),
                                        expected_version=None, reason="demo data")
            created += 1
            # The first quarter is over: most of it is spent. The second has just begun.
            share = Decimal("0.9") if index == 0 else Decimal("0.15")
            for line in operations.planned_vs_actual(plan):
                if line.planned and line.channel in ("social", "search", "tv"):
                    amount = (line.planned * share).quantize(Decimal(1))
                    day = "2026-02-15" if index == 0 else "2026-04-20"
                    operations.record_spend(plan, line.audience, line.channel, amount, day,
                                            "demo invoice", reason="demo data")
    for currency, rate, as_of in DEMO_RATES:
        if not any(r.currency == currency and r.as_of.isoformat() == as_of
                   for r in rollup.list_rates()):
            rollup.set_rate(currency, "EUR", rate, as_of, reason="demo data")
    return created
