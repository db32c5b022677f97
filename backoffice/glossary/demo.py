"""Demo glossaries: the product's name (never translated) and a few core terms."""

from __future__ import annotations

from sqlalchemy import select

from backoffice.core.db import db
from backoffice.glossary import operations
from backoffice.glossary.models import GlossaryTerm
from backoffice.glossary.operations import TermData

DEMO_TERMS = {
    "fr": [TermData("BlaBlaCar", part_of_speech="proper noun", do_not_translate=True),
           TermData("ride", "trajet", "noun", "A shared trip, never « course »."),
           TermData("seat", "place", "noun")],
    "pl": [TermData("BlaBlaCar", part_of_speech="proper noun", do_not_translate=True),
           TermData("ride", "przejazd", "noun")],
    "es": [TermData("BlaBlaCar", part_of_speech="proper noun", do_not_translate=True),
           TermData("ride", "viaje", "noun")],
}


def load_glossaries() -> int:
    """Idempotent: a language that has terms is left as it is."""
    created = 0
    for language, terms in DEMO_TERMS.items():
        if db.session.scalar(select(GlossaryTerm.id).where(GlossaryTerm.language == language)
                             .limit(1)) is not None:
            continue
        for data in terms:
            operations.save_term(language, data, actor=None)
            created += 1
    return created
