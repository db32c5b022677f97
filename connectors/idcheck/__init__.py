"""ID-check providers behind one interface.

Each external provider is described by a coverage file, ``coverage/<name>.toml``: which
documents the team has enabled for it, per country. The in-house review team is the
``manual`` provider: it needs no file, and covers every document in every country.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connectors.idcheck.coverage_file import Coverage

COVERAGE_DIRECTORY = Path(__file__).resolve().parent / "coverage"
MANUAL = "manual"
_PROVIDER_NAME = re.compile(r"[a-z][a-z0-9_]*")


class DocumentType(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    DRIVING_LICENCE = "driving_licence"
    RESIDENCE_PERMIT = "residence_permit"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    DocumentType.PASSPORT: "passport",
    DocumentType.NATIONAL_ID: "national ID card",
    DocumentType.DRIVING_LICENCE: "driving licence",
    DocumentType.RESIDENCE_PERMIT: "residence permit",
}
ALL_DOCUMENTS = frozenset(DocumentType)


class IdCheckProvider(ABC):
    """A service that checks identity documents, and where it may be used."""

    name: str  # stable identifier stored in policies
    display_name: str

    @abstractmethod
    def coverage(self, country_code: str) -> frozenset[DocumentType]:
        """Documents this provider checks for residents of the country; empty if none."""

    def covers(self, country_code: str, document: DocumentType | None = None) -> bool:
        """Whether the provider works in the country (for that document, if given)."""
        documents = self.coverage(country_code)
        return document in documents if document is not None else bool(documents)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class ManualReview(IdCheckProvider):
    """The in-house review team: always available, reads any document."""

    name = MANUAL
    display_name = "Manual review (in-house team)"

    def coverage(self, country_code: str) -> frozenset[DocumentType]:
        return ALL_DOCUMENTS


class ConfiguredProvider(IdCheckProvider):
    """An external provider whose coverage comes from a coverage file."""

    def __init__(self, name: str, coverage: Coverage) -> None:
        self.name = name
        self.display_name = coverage.display_name
        self.data = coverage

    def coverage(self, country_code: str) -> frozenset[DocumentType]:
        return self.data.countries.get(country_code.upper(), frozenset())

    def countries(self) -> list[str]:
        return sorted(self.data.countries)


__all__ = [
    "ALL_DOCUMENTS",
    "COVERAGE_DIRECTORY",
    "MANUAL",
    "ConfiguredProvider",
    "DocumentType",
    "IdCheckProvider",
    "ManualReview",
]
