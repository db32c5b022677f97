"""Demo moderation: a roster, and needs that leave India (and Russia) short."""

from __future__ import annotations

from sqlalchemy import select

from backoffice.core.db import db
from backoffice.countries.models import Country
from backoffice.moderation import operations
from backoffice.moderation.models import Moderator

DEMO_ROSTER = [
    operations.ModeratorInput("Paris trust team", ["fr", "en"], 200, "Europe/Paris", "team",
                              8, 24),
    operations.ModeratorInput("Warsaw moderators", ["pl", "en"], 80, "Europe/Warsaw", "team",
                              8, 24),
    operations.ModeratorInput("Dublin English desk", ["en"], 160, "Europe/Dublin", "team",
                              8, 20),
    operations.ModeratorInput("Anjali R.", ["hi", "en"], 40, "Asia/Kolkata"),
    operations.ModeratorInput("Olga S.", ["ru", "uk"], 30, "Europe/Berlin", "person", 9, 17),
    operations.ModeratorInput("Dmitri K.", ["ru"], 30, "Europe/Berlin", "person", 9, 17),
    operations.ModeratorInput("Madrid moderators", ["es", "pt", "en"], 120, "Europe/Madrid",
                              "team", 8, 24),
]
# Country -> (load label, expected weekly load, hours per 1,000, severity).
DEMO_NEEDS = {
    "IN": ("weekly rides", 40_000, "5", "warning"),
    "RU": ("weekly rides", 13_300, "10", "warning"),
    "FR": ("weekly rides", 10_000, "10", "error"),
    "PL": ("weekly rides", 5_000, "10", "warning"),
}


def load_moderation() -> int:
    changed = 0
    known = set(db.session.scalars(select(Moderator.name)))
    for entry in DEMO_ROSTER:
        if entry.name not in known:
            operations.save_moderator(None, entry, reason="demo data")
            changed += 1
    for code, (label, load, ratio, severity) in DEMO_NEEDS.items():
        country = db.session.get(Country, code)
        if country is not None and operations.get_need(code) is None:
            operations.set_need(country, expected_load=load, hours_per_thousand=ratio,
                                severity=severity, load_label=label, reason="demo data")
            changed += 1
    return changed
