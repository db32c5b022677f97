"""Translation-memory lookups at scale: the index against a scan doing the same work.

The memory holds ``locales`` x ``messages`` published translations (60 x 20,000 in the
full run), their locales spread over languages as CLDR's are (several variants per
language). A lookup asks for the exact and fuzzy matches of a source text in one
language; the baseline scans every unit of that language and scores each with the same
similarity, which is what a memory without an index does.
"""

from __future__ import annotations

import random
import time

from babel import Locale as BabelLocale
from babel import localedata

from benchmarks.data import WORDS, _sentence
from benchmarks.dataset import app_config
from benchmarks.harness import Report, ratio_figure

QUERIES = 20
SCANNED = 4  # the scan is slow: it is timed on the first few queries only


def _locales(count: int) -> list[str]:
    """Variants of the big languages in turn (fr_FR, es_ES, en_GB, fr_BE, ...), as a
    marketplace's countries are."""
    groups: dict[str, list[str]] = {}
    for code in sorted(localedata.locale_identifiers()):
        language = code.split("_")[0]
        if code.count("_") == 1 and language in BIG:
            try:
                BabelLocale.parse(code)
            except (ValueError, LookupError):
                continue
            groups.setdefault(language, []).append(code)
    chosen: list[str] = []
    while len(chosen) < count and any(groups.values()):
        for language in BIG:
            if groups.get(language) and len(chosen) < count:
                chosen.append(groups[language].pop(0))
    return chosen


BIG = ("fr", "es", "en", "de", "pt", "ar")


def build(url: str, locales: int, messages: int, *, seed: int = 5) -> tuple[object, list[str]]:
    from alembic import command

    from backoffice.app import create_app
    from backoffice.core import bulk
    from backoffice.core.cli import alembic_config
    from backoffice.core.db import db
    from backoffice.memory import feed, text
    from backoffice.memory.models import MemoryToken, MemoryUnit

    command.upgrade(alembic_config(url), "head")
    app = create_app(app_config(url))
    rng = random.Random(seed)
    sources = [_sentence(rng, i) for i in range(messages)]
    codes = _locales(locales)
    # A fresh database: the ids are known, so both tables are written with the driver's
    # executemany (the feed itself asks the database for each new unit's id).
    token_sets = [sorted(text.tokens(source)) for source in sources]
    next_id = 1
    with app.app_context():
        connection = db.session.connection()
        for code in codes:
            language = text.language_of(code)
            units, words = [], []
            for source, tokens in zip(sources, token_sets, strict=True):
                row = feed.unit_row(language=language, locale_code=code, domain="app",
                                    source=source, translations=[f"{code} {source[::-1]}"])
                row["id"] = next_id
                units.append(row)
                words.extend({"unit_id": next_id, "token": t, "language": language}
                             for t in tokens)
                next_id += 1
            bulk.insert_rows(connection, MemoryUnit.__table__, units, chunk=5000)
            bulk.insert_rows(connection, MemoryToken.__table__, words, chunk=20000)
            db.session.commit()
            connection = db.session.connection()
    return app, sources


def run(report: Report, url: str, *, quick: bool) -> None:
    from sqlalchemy import func, select

    from backoffice.core.db import db
    from backoffice.memory import lookup, text
    from backoffice.memory.models import MemoryUnit

    locales, messages = (12, 2_000) if quick else (60, 20_000)
    begun = time.perf_counter()
    app, sources = build(url, locales, messages)
    print(f"  (memory of {locales} locales x {messages:,} messages built in "
          f"{time.perf_counter() - begun:.0f} s)", flush=True)
    rng = random.Random(9)
    # Half the queries are known sources, half are near ones (a word changed).
    queries = []
    for i in range(QUERIES):
        source = rng.choice(sources)
        if i % 2:
            words = source.split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            source = " ".join(words)
        queries.append(source)
    language = "fr"
    with app.app_context():
        def indexed() -> list[list[object]]:
            return [lookup.lookup(language, q, limit=5) for q in queries]

        def scan() -> list[list[tuple[float, str]]]:
            units = db.session.execute(select(MemoryUnit.source, MemoryUnit.target).where(
                MemoryUnit.language == language)).all()
            found = []
            for q in queries[:SCANNED]:
                scored = [(text.similarity(q, s), t) for s, t in units]
                found.append(sorted((x for x in scored if x[0] >= lookup.MIN_SCORE),
                                    reverse=True)[:5])
            return found

        indexed()  # warm the caches both ways
        started = time.perf_counter()
        results = indexed()
        value = (time.perf_counter() - started) / QUERIES
        started = time.perf_counter()
        expected = scan()
        baseline = (time.perf_counter() - started) / SCANNED
        agree = sum(1 for got, want in zip(results[:SCANNED], expected, strict=True)
                    if (got[0].target if got else None) == (want[0][1] if want else None))
        units = db.session.scalar(select(func.count()).select_from(MemoryUnit))
    report.add(ratio_figure(
        f"memory lookup, exact + fuzzy ({locales} locales x {messages:,} msgs)", value,
        baseline, "scan of the language's units, same scoring", 0.1,
        notes=f"per lookup; best match agrees with the scan on {agree}/{SCANNED}"
              + (f"; {units:,} units" if units else "")))
