"""Demo data: each demo country taken to the stage its file names, through the gates.

A demo country reaches ``live`` only if its catalogs are there and translated, as any
country does; online payment is switched on by the payments step, through finance.
"""

from __future__ import annotations

from backoffice.countries import toml_files
from backoffice.countries.demo import DEMO_COUNTRIES_DIR
from backoffice.countries.queries import get_country
from backoffice.countries.state import state_of
from backoffice.launch.operations import reach


def launch_countries() -> int:
    moved = 0
    for country_file in toml_files.validate_folder(DEMO_COUNTRIES_DIR):
        country = get_country(country_file.code)
        target = country_file.stage.value
        if state_of(country).stage != target:
            reach(country, target, "demo data")
            moved += 1
    return moved
