"""Glossary highlight at scale: a glossary of as many terms as a full catalog has messages
in every language of the data set (60 x 20,000 in the full run), and one editor page
(50 messages) highlighted and checked through the (language, first word) index, against
scanning every term of the language for each message."""

from __future__ import annotations

import random
import re
import time

from sqlalchemy import insert, select

from benchmarks.catalog_db import make_app
from benchmarks.dataset import DataSet
from benchmarks.harness import Figure, Report, best_time, ratio_figure

PAGE = 50
_WORD = re.compile(r"[A-Za-z]{3,}")


def _vocabulary(msgids: list[str]) -> list[str]:
    words = sorted({w.lower() for text in msgids for w in _WORD.findall(text)})
    return words or ["ride"]


def _terms(language: str, count: int, vocabulary: list[str], rng: random.Random) -> list[dict]:
    from backoffice.core.db import utcnow

    seen: set[str] = set()
    rows = []
    while len(rows) < count:
        size = rng.choice((1, 1, 2, 2, 3))
        words = [rng.choice(vocabulary) for _ in range(size)]
        if rng.random() < 0.5:  # half the terms are made-up words no message uses
            words[0] = f"{words[0]}x{len(rows)}"
        source = " ".join(words)
        if source in seen:
            continue
        seen.add(source)
        rows.append({"language": language, "source": source, "source_key": source,
                     "first_word": words[0], "translation": source.upper(),
                     "part_of_speech": "", "note": "", "do_not_translate": False,
                     "created_at": utcnow(), "updated_at": utcnow()})
    return rows


def run(report: Report, data: DataSet, *, quick: bool) -> None:
    from backoffice.catalogs.models import Catalog, Message
    from backoffice.core.db import db
    from backoffice.glossary import editor, operations
    from backoffice.glossary.models import GlossaryTerm

    app = make_app(data)
    per_language = data.size.messages
    with app.app_context():
        locale = data.full_locales[0]
        catalog = db.session.scalar(select(Catalog).where(Catalog.domain == "app",
                                                          Catalog.locale_code == locale))
        page = list(db.session.scalars(select(Message).where(
            Message.catalog_id == catalog.id, Message.obsolete.is_(False))
            .order_by(Message.position).limit(PAGE)))
        msgids = list(db.session.scalars(select(Message.msgid).where(
            Message.catalog_id == catalog.id).limit(5000)))
        vocabulary = _vocabulary(msgids)
        languages = sorted({operations.language_of(code) for code in data.locales})
        rng = random.Random(18)
        begun = time.perf_counter()
        for language in languages:
            rows = _terms(language, per_language, vocabulary, rng)
            for start in range(0, len(rows), 5000):
                db.session.execute(insert(GlossaryTerm), rows[start:start + 5000])
        db.session.flush()
        report.add(Figure(
            f"load glossaries ({len(languages)} languages x {per_language:,} terms)",
            time.perf_counter() - begun, None, "s", "report", None))
        language = operations.language_of(locale)
        found = editor.for_page(locale, page)
        ours = best_time(lambda: editor.for_page(locale, page))

        def scan() -> None:
            pool = list(db.session.scalars(select(GlossaryTerm).where(
                GlossaryTerm.language == language)))
            for message in page:
                operations.segments(message.msgid, pool)

        baseline = best_time(scan, repeat=1 if not quick else 2)
        report.add(ratio_figure(
            f"glossary highlight and check, one editor page ({PAGE} msgs, "
            f"{per_language:,} terms in {language})", ours, baseline,
            "scan every term of the language", 0.2,
            notes=f"{len(found.pool)} candidate terms through the first-word index, "
                  f"{sum(1 for parts in found.parts.values() for _t, term in parts if term)} "
                  "highlights"))
        db.session.rollback()
