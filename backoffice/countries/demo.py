"""Demo countries: the files in the repository's ``countries/`` folder, imported."""

from __future__ import annotations

from backoffice.config import PROJECT_ROOT
from backoffice.countries import toml_files

DEMO_COUNTRIES_DIR = PROJECT_ROOT / "countries"


def load_countries() -> int:
    """Import the folder; loading it again changes nothing. Returns how many were created.

    Stages are left to the launch step (``backoffice.launch.demo``), which takes each
    country to its file's stage through the gates once its catalogs are there.
    """
    result = toml_files.import_folder(DEMO_COUNTRIES_DIR, reason="demo data", move=None)
    return len(result.created)
