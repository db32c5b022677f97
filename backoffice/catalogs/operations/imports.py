"""Importing a .po file into a catalog, as one batch."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.catalogs import storable
from backoffice.catalogs.domains import validate_domain
from backoffice.catalogs.models import Catalog, ImportBatch, Message, State, source_key
from backoffice.catalogs.operations import changes, progress, records, rules, search_index
from backoffice.catalogs.operations.files import (
    CatalogFileError,
    FileStream,
    parse_file,
    whole_file,
)
from backoffice.catalogs.operations.queries import find_catalog
from backoffice.catalogs.po import charsets
from backoffice.catalogs.po.model import PoFile, Problem
from backoffice.core.db import db, utcnow
from backoffice.core.errors import OperationError
from backoffice.core.locale_ids import validate_locale_id
from backoffice.countries import operations as countries_ops
from backoffice.countries.models import Locale

IMPORT_MODES = ("fill", "overwrite", "draft")


@dataclass
class ImportResult:
    catalog: Catalog
    batch: ImportBatch
    created: bool
    changed: int
    skipped: int
    unknown: int = 0
    messages: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # the file's, read as it was


def ensure_locale(code: str) -> Locale:
    """The Locale row for the id as given (created without a parent when missing)."""
    return countries_ops.ensure_locale(validate_locale_id(code), keep_parent=True)


@whole_file
def import_file(
    domain: str,
    locale_code: str,
    data: bytes,
    *,
    mode: str = "fill",
    filename: str = "",
    actor: Any = None,
    check: bool = True,
) -> ImportResult:
    """Import one .po file into the catalog (domain, locale) as one batch.

    A new catalog takes the file whole (every entry with its raw text). An existing one
    takes translations only, by mode: ``fill`` fills empty messages, ``overwrite``
    replaces differing ones, ``draft`` brings differing ones in as drafts. Messages the
    catalog does not have are reported, not added (templates add messages).
    """
    if mode not in IMPORT_MODES:
        raise OperationError(_("Unknown import mode %(mode)s.", mode=mode), "mode")
    domain = validate_domain(domain)
    code = validate_locale_id(locale_code)
    catalog = find_catalog(domain, code)
    if catalog is None:
        result = _import_new(domain, code, data, filename, actor, check)
        warnings = result.warnings
    else:
        po = parse_file(data, filename or None)
        problems = storable.file_problems(po.entries, storable.catalog_charset(catalog))
        if problems:
            raise CatalogFileError(problems, filename or None)
        ensure_locale(code)
        result = _import_into(catalog, po, mode, filename, actor, check)
        warnings = po.warnings
    result.messages = [_("line %(line)s: %(message)s", line=w.line, message=w.message)
                       for w in warnings]
    return result


def _import_new(
    domain: str, code: str, data: bytes, filename: str, actor: Any, check: bool,
) -> ImportResult:
    """A new catalog takes the file whole, its rows written as its entries are read: the
    import never holds the whole file's entries at once. A problem found further on (the
    reader's, or text the catalog could not store) undoes everything (a savepoint) and is
    reported with every other one, as for a file read at once."""
    file = FileStream(data, filename or None)
    with db.session.begin_nested():
        locale = ensure_locale(code)
        entries = file.entries()
        first = next(entries, None)  # a header at the top of the file is read by now
        read: PoFile | None = None
        if file.po.header is None:
            # No header first: one may still come, with the plural rule and the charset
            # every row needs. Such a file is read whole before anything is written.
            entries = iter([*([] if first is None else [first]), *entries])
            read = file.finish()
        else:
            entries = itertools.chain([] if first is None else [first], entries)
        head = file.po
        rule = rules.file_rule(head, locale.code)
        charset = charsets.output_charset(head)
        catalog = Catalog(
            domain=domain, locale_code=locale.code, plural_forms=head.plural_forms,
            nplurals=rule.nplurals if rule else 2,
            source_sha256=hashlib.sha256(data).hexdigest(), source_size=len(data),
        )
        db.session.add(catalog)
        db.session.flush()
        now = utcnow()
        problems: list[tuple[int, str]] = []

        read_problems = file.stream.problems

        def rows() -> Iterator[dict[str, Any]]:
            for position, entry in enumerate(entries):
                problem = storable.entry_problem(entry, charset)
                if problem:
                    problems.append((entry.line, problem))
                # Once the file is known to be refused, the rest is read for its problems
                # only: nothing the database itself might refuse is sent.
                if not problems and not read_problems:
                    yield records.row(catalog.id, position, entry, rule, now, check=check,
                                      search_pending=True)

        records.insert_rows(rows())
        search_index.index_later(catalog.id)
        po = read or file.finish()
        if problems:
            raise CatalogFileError(problems, filename or None)
        catalog.header_raw, catalog.trailing_text, catalog.style = records.file_data(po)
        catalog.source_entries = count = file.count
        batch = ImportBatch(
            catalog_id=catalog.id, filename=filename[:255], mode="initial",
            changed_count=count, author_id=getattr(actor, "id", None),
        )
        db.session.add(batch)
        db.session.flush()
        progress.recount_all(catalog)
        audit.record(
            "catalog.imported", "catalog", f"{domain}/{locale.code}",
            after={"file": filename, "mode": "initial", "messages": count},
            actor=actor,
        )
    return ImportResult(catalog, batch, True, count, 0, warnings=po.warnings)


def _import_into(
    catalog: Catalog, po: PoFile, mode: str, filename: str, actor: Any, check: bool
) -> ImportResult:
    rule = rules.catalog_rule(catalog)
    current = {
        m.source_key: m
        for m in db.session.scalars(
            select(Message).where(Message.catalog_id == catalog.id, Message.obsolete.is_(False))
        )
    }
    batch = ImportBatch(
        catalog_id=catalog.id, filename=filename[:255], mode=mode,
        author_id=getattr(actor, "id", None),
    )
    db.session.add(batch)
    db.session.flush()
    changed = skipped = unknown = 0
    history: list[dict[str, Any]] = []
    moved: list[tuple[Message, str]] = []
    for entry in po.entries:
        if entry.obsolete:
            continue
        message = current.get(source_key(entry.msgctxt, entry.msgid))
        if message is None:
            unknown += 1
            continue
        forms = _fit_forms(message, entry.translations)
        if not any(forms):
            continue
        new_state = State.DRAFT if mode == "draft" else rules.state_of(forms, entry.fuzzy)
        if mode == "fill" and message.has_text:
            skipped += 1
            continue
        if rules.unchanged(message, forms, new_state):
            continue
        found = rules.findings(message.msgid, message.msgid_plural, forms, message.flags, rule)
        new_state = rules.checked_state(new_state, found)
        before = changes.before_of(message)
        changes.set_text(message, forms, new_state, found, actor)
        history.append(changes.history_row(message, before, "import", actor, batch.id))
        moved.append((message, before[1]))
        changed += 1
    if history:
        db.session.flush()
        changes.write_history(history)
    batch.changed_count = changed
    batch.skipped_count = skipped
    progress.recount_all(catalog, progress.flips(moved))
    audit.record(
        "catalog.imported", "catalog", f"{catalog.domain}/{catalog.locale_code}",
        after={"file": filename, "mode": mode, "changed": changed, "skipped": skipped,
               "unknown": unknown, "batch": batch.id},
        actor=actor,
    )
    return ImportResult(catalog, batch, False, changed, skipped, unknown)


def _fit_forms(message: Message, forms: Sequence[str]) -> list[str]:
    forms = list(forms)
    if message.msgid_plural is None:
        return forms[:1] or [""]
    return forms
