"""Demo ID-check policies: India checks everyone, France checks drivers."""

from __future__ import annotations

from backoffice.core.db import db
from backoffice.countries.models import Country
from backoffice.idchecks import operations

DEMO_POLICIES = {
    "IN": {
        "required_for_drivers": True,
        "required_for_passengers": True,
        "documents": ["passport", "national_id"],
        "providers": ["onfido", "veriff", "manual"],
    },
    "FR": {
        "required_for_drivers": True,
        "required_for_passengers": False,
        "documents": ["national_id", "passport", "driving_licence"],
        "providers": ["onfido", "jumio", "manual"],
    },
}


def load_idcheck_policies() -> int:
    """Countries created by another step may be missing: they are skipped."""
    created = 0
    for code, data in DEMO_POLICIES.items():
        country = db.session.get(Country, code)
        if country is None or operations.get_policy(code) is not None:
            continue
        operations.save_policy(country, data, expected_version=None, reason="demo data")
        created += 1
    return created
