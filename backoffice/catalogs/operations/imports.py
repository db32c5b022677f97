"""Importing a .po file into a catalog, as one batch."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.catalogs import storable
from backoffice.catalogs.domains import validate_domain
from backoffice.catalogs.models import Catalog, ImportBatch, Message, State, source_key
from backoffice.catalogs.operations import changes, progress, records, rules
from backoffice.catalogs.operations.files import CatalogFileError, parse_file, whole_file
from backoffice.catalogs.operations.queries import find_catalog
from backoffice.catalogs.po import charsets
from backoffice.catalogs.po.model import PoFile
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
    po = parse_file(data, filename or None)
    locale = ensure_locale(locale_code)
    catalog = find_catalog(domain, locale.code)
    charset = storable.catalog_charset(catalog) if catalog else charsets.output_charset(po)
    problems = storable.file_problems(po.entries, charset)
    if problems:
        raise CatalogFileError(problems, filename or None)
    if catalog is None:
        result = _import_new(domain, locale, po, filename, actor, check, data)
    else:
        result = _import_into(catalog, po, mode, filename, actor, check)
    result.messages = [_("line %(line)s: %(message)s", line=w.line, message=w.message)
                       for w in po.warnings]
    return result


def _import_new(
    domain: str, locale: Locale, po: PoFile, filename: str, actor: Any, check: bool,
    data: bytes,
) -> ImportResult:
    header_raw, trailing, style = records.file_data(po)
    rule = rules.file_rule(po, locale.code)
    catalog = Catalog(
        domain=domain,
        locale_code=locale.code,
        header_raw=header_raw,
        trailing_text=trailing,
        style=style,
        plural_forms=po.plural_forms,
        nplurals=rule.nplurals if rule else 2,
        source_sha256=hashlib.sha256(data).hexdigest(),
        source_size=len(data),
        source_entries=len(po.entries),
    )
    db.session.add(catalog)
    db.session.flush()
    now = utcnow()
    # Rows are built as they are written, a chunk at a time: the import never holds
    # every row at once beside the parsed file.
    records.insert_rows(records.row(catalog.id, i, e, rule, now, check=check)
                        for i, e in enumerate(po.entries))
    count = len(po.entries)
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
    return ImportResult(catalog, batch, True, count, 0)


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
        changed += 1
    if history:
        db.session.flush()
        changes.write_history(history)
    batch.changed_count = changed
    batch.skipped_count = skipped
    progress.recount_all(catalog)
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
