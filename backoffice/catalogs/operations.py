"""Catalog operations: import, export, edit, review, revert, template update, progress.

Files go through :mod:`backoffice.catalogs.po`, which keeps every entry's raw text; the
database keeps that raw text next to the fields, so an export with no edit gives back the
imported bytes and an edit re-renders only the edited lines.

Progress counters live on the catalog and move with each change in the same transaction;
:func:`recount` recomputes them from the rows, for bulk changes and for checking.
"""

from __future__ import annotations

import difflib
import functools
import gc
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update

from backoffice.audit import operations as audit
from backoffice.catalogs import inheritance, storable
from backoffice.catalogs.checks import run_checks
from backoffice.catalogs.domains import validate_domain
from backoffice.catalogs.models import (
    STATE_COUNTERS,
    Catalog,
    ImportBatch,
    Message,
    State,
    TranslationHistory,
    near_key,
    source_key,
)
from backoffice.catalogs.plurals import (
    PluralFormsError,
    PluralRule,
    default_plural_rule,
    is_template_plural_forms,
    parse_plural_forms,
    plural_labels,
)
from backoffice.catalogs.po import charsets, reader, records, writer
from backoffice.catalogs.po.model import (
    MESSAGE_FIELDS,
    PoEntry,
    PoFile,
    PoParseError,
    fields_reader,
)
from backoffice.core import bulk
from backoffice.core.db import db, utcnow
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.files import inside, write_atomically
from backoffice.core.locale_ids import validate_locale_id
from backoffice.countries import operations as countries_ops
from backoffice.countries.models import Locale
from backoffice.memory import feed as memory_feed

IMPORT_MODES = ("fill", "overwrite", "draft")
DONE_STATES = (State.TRANSLATED.value, State.REVIEWED.value)
PAGE_SIZE = 50
FILTERS = ("all", "untranslated", "draft", "translated", "reviewed", "failing", "changed")
_INSERT_CHUNK = 2000


class CatalogFileError(OperationError):
    """A file that cannot be imported; ``problems`` are (line, message) pairs."""

    def __init__(self, problems: Sequence[tuple[int, str]], filename: str | None = None,
                 unlisted: int = 0) -> None:
        self.problems = list(problems)
        where = f"{filename}: " if filename else ""
        lines = [_("line %(line)s: %(message)s", line=line, message=text)
                 for line, text in self.problems[:20]]
        more = len(self.problems) - 20 + unlisted
        if more > 0:
            lines.append(_("... and %(count)s more problems", count=more))
        super().__init__(
            _("%(where)sthe file was not imported, nothing changed.", where=where)
            + " " + "; ".join(lines),
            "file",
        )


class TranslationConflict(ConflictError):
    """Someone saved this message since the person loaded it."""

    def __init__(self, message: Message, yours: list[str]) -> None:
        super().__init__(
            _("Someone else saved this message while you were editing it. Your text is kept "
              "below, next to theirs: choose which to keep."),
            "translations",
        )
        self.current = message
        self.yours = yours


# --- small helpers ----------------------------------------------------------------------


def state_of(forms: Sequence[str], fuzzy: bool) -> State:
    if not any(forms):
        return State.UNTRANSLATED
    if fuzzy or not all(forms):
        return State.DRAFT
    return State.TRANSLATED


def _search_text(
    msgctxt: str | None, msgid: str, msgid_plural: str | None, forms: Iterable[str],
    translator_comments: Iterable[str], extracted_comments: Iterable[str],
) -> str:
    parts = [msgctxt or "", msgid, msgid_plural or "", *forms, *translator_comments,
             *extracted_comments]
    return "\n".join(p for p in parts if p).lower()


def catalog_rule(catalog: Catalog) -> PluralRule:
    """The file's own Plural-Forms when it has one, else CLDR's for the locale."""
    if catalog.plural_forms and not is_template_plural_forms(catalog.plural_forms):
        try:
            return parse_plural_forms(catalog.plural_forms)
        except PluralFormsError:
            pass
    try:
        return default_plural_rule(catalog.locale_code)
    except (ValueError, LookupError):
        return parse_plural_forms("nplurals=2; plural=(n != 1);")


def labels_for(catalog: Catalog) -> list:
    return plural_labels(catalog_rule(catalog), catalog.locale_code)


def _findings(
    msgid: str, msgid_plural: str | None, forms: Sequence[str], flags: Sequence[str],
    rule: PluralRule | None,
) -> list[dict[str, Any]]:
    if not any(forms):
        return []
    found = run_checks(
        msgid,
        rule.nplurals if rule and msgid_plural is not None else None,
        translation=list(forms) if msgid_plural is not None else forms[0],
        source_plural=msgid_plural,
        flags=[f for f in flags if f != "fuzzy"],
        plural_rule=rule if msgid_plural is not None else None,
    )
    return [
        {"check": f.check, "severity": f.severity, "message": f.message, "form": f.form}
        for f in found
    ]


def _failing(findings: Iterable[dict[str, Any]]) -> bool:
    return any(f["severity"] == "error" for f in findings)


def ensure_locale(code: str) -> Locale:
    """The Locale row for the id as given (created without a parent when missing)."""
    return countries_ops.ensure_locale(validate_locale_id(code), keep_parent=True)


def get_catalog(domain: str, locale_code: str) -> Catalog:
    catalog = db.session.scalar(
        select(Catalog).where(Catalog.domain == domain, Catalog.locale_code == locale_code)
    )
    if catalog is None:
        raise NotFoundError(
            _("There is no catalog %(domain)s for %(locale)s.", domain=domain, locale=locale_code)
        )
    return catalog


def find_catalog(domain: str, locale_code: str) -> Catalog | None:
    return db.session.scalar(
        select(Catalog).where(Catalog.domain == domain, Catalog.locale_code == locale_code)
    )


def list_catalogs() -> list[Catalog]:
    return list(db.session.scalars(select(Catalog).order_by(Catalog.domain, Catalog.locale_code)))


def catalogs_for_locales(codes: Sequence[str]) -> list[Catalog]:
    if not codes:
        return []
    return list(db.session.scalars(
        select(Catalog).where(Catalog.locale_code.in_(list(codes)))
        .order_by(Catalog.domain, Catalog.locale_code)
    ))


def parent_catalog(catalog: Catalog) -> Catalog | None:
    """The nearest ancestor's catalog of the same domain (``inheritance.ancestors``)."""
    chain = inheritance.ancestors(catalog)
    return chain[0] if chain else None


# --- reading files ----------------------------------------------------------------------


def parse_file(data: bytes, filename: str | None = None) -> PoFile:
    """Parse and validate a catalog file; every problem is reported with its line."""
    if not data.strip():
        raise CatalogFileError([(1, _("the file is empty"))], filename)
    try:
        po = reader.parse(data, filename=filename)
    except PoParseError as error:
        raise CatalogFileError([(p.line, p.message) for p in error.problems], filename,
                               error.unlisted) from None
    if not po.entries and po.header is None:
        raise CatalogFileError([(1, _("the file holds no message"))], filename)
    return po


def _file_data(po: PoFile) -> tuple[str | None, str, dict[str, Any]]:
    record = po.file_record()
    header = record.pop("header")
    trailing = record.pop("trailing")
    header_raw = None
    if header is not None:
        header_raw = header.pop("raw")
    record["header"] = header
    return header_raw, trailing, record


def _rebuild_file(catalog: Catalog, messages: Iterable[Message]) -> PoFile:
    style = dict(catalog.style or {})
    header = style.pop("header", None)
    if header is not None:
        header = {**header, "raw": catalog.header_raw}
    style.setdefault("newline", "\n")
    return records.file_from_records(
        {**style, "header": header, "trailing": catalog.trailing_text},
        [entry_record(m) for m in messages],
    )


def entry_record(message: Message, forms: Sequence[str] | None = None) -> dict[str, Any]:
    """The message as an entry record (see ``po.records``), with ``forms`` as its text."""
    forms = list(message.translations if forms is None else forms)
    record = _copied_fields(message)
    plural = message.msgid_plural is not None
    record["msgstr"] = "" if plural else (forms[0] if forms else "")
    record["msgstr_plural"] = forms if plural else []
    record["raw"] = message.raw
    return record


# The entry fields a message row keeps under the same names, lists copied.
_copied_fields = fields_reader(MESSAGE_FIELDS)


def _row(
    catalog_id: int, position: int, entry: PoEntry, rule: PluralRule | None,
    now: datetime, *, check: bool = True,
) -> dict[str, Any]:
    forms = entry.translations
    state = state_of(forms, entry.fuzzy)
    findings = (
        _findings(entry.msgid, entry.msgid_plural, forms, entry.flags, rule)
        if check and not entry.obsolete else []
    )
    return {
        **_copied_fields(entry),
        "catalog_id": catalog_id,
        "position": position,
        "source_key": source_key(entry.msgctxt, entry.msgid),
        "near_key": near_key(entry.msgid),
        "raw": entry.raw,
        "translations": forms,
        "search_text": _search_text(
            entry.msgctxt, entry.msgid, entry.msgid_plural, forms,
            entry.translator_comments, entry.extracted_comments,
        ),
        "state": state.value,
        "failing": _failing(findings),
        "findings": findings,
        "version": 1,
        "updated_at": now,
    }


def _insert_rows(rows: list[dict[str, Any]]) -> None:
    bulk.insert_rows(db.session.connection(), Message.__table__, rows, chunk=_INSERT_CHUNK)


def _file_rule(po: PoFile, locale_code: str) -> PluralRule | None:
    try:
        rule = po.plural_rule()
    except PluralFormsError:
        rule = None
    if rule is None:
        try:
            rule = default_plural_rule(locale_code)
        except (ValueError, LookupError):
            rule = None
    return rule


def _bulk(function: Callable[..., Any]) -> Callable[..., Any]:
    """Pause Python's cyclic garbage collector for a whole-file operation.

    Reading a file allocates hundreds of thousands of small objects that all stay alive
    until the rows are written; the collector would scan them over and over (a third of
    an import's time at 20,000 messages) to find no cycle. Reference counting still frees
    everything as usual; collection resumes when the operation ends.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


# --- import -----------------------------------------------------------------------------


@dataclass
class ImportResult:
    catalog: Catalog
    batch: ImportBatch
    created: bool
    changed: int
    skipped: int
    unknown: int = 0
    messages: list[str] = field(default_factory=list)


@_bulk
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
    header_raw, trailing, style = _file_data(po)
    rule = _file_rule(po, locale.code)
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
    rows = [_row(catalog.id, i, e, rule, now, check=check) for i, e in enumerate(po.entries)]
    _insert_rows(rows)
    batch = ImportBatch(
        catalog_id=catalog.id, filename=filename[:255], mode="initial",
        changed_count=len(rows), author_id=getattr(actor, "id", None),
    )
    db.session.add(batch)
    db.session.flush()
    _apply_recount(catalog)
    _refresh_children(catalog)
    audit.record(
        "catalog.imported", "catalog", f"{domain}/{locale.code}",
        after={"file": filename, "mode": "initial", "messages": len(rows)},
        actor=actor,
    )
    return ImportResult(catalog, batch, True, len(rows), 0)


def _import_into(
    catalog: Catalog, po: PoFile, mode: str, filename: str, actor: Any, check: bool
) -> ImportResult:
    rule = catalog_rule(catalog)
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
        forms = _fit_forms(message, entry.translations, rule)
        if not any(forms):
            continue
        new_state = State.DRAFT if mode == "draft" else state_of(forms, entry.fuzzy)
        if mode == "fill" and message.has_text:
            skipped += 1
            continue
        if forms == list(message.translations) and (
            new_state.value == message.state
            or (new_state == State.TRANSLATED and message.state == State.REVIEWED.value)
        ):
            continue
        findings = _findings(message.msgid, message.msgid_plural, forms, message.flags, rule)
        if _failing(findings) and new_state != State.UNTRANSLATED:
            new_state = State.DRAFT
        before = (list(message.translations), message.state, message.raw)
        _set_text(message, forms, new_state, findings, actor)
        history.append(_history_row(message, before, "import", actor, batch.id))
        changed += 1
    if history:
        db.session.flush()
        db.session.execute(insert(TranslationHistory), history)
    batch.changed_count = changed
    batch.skipped_count = skipped
    _apply_recount(catalog)
    _refresh_children(catalog)
    audit.record(
        "catalog.imported", "catalog", f"{catalog.domain}/{catalog.locale_code}",
        after={"file": filename, "mode": mode, "changed": changed, "skipped": skipped,
               "unknown": unknown, "batch": batch.id},
        actor=actor,
    )
    return ImportResult(catalog, batch, False, changed, skipped, unknown)


def _fit_forms(message: Message, forms: Sequence[str], rule: PluralRule) -> list[str]:
    forms = list(forms)
    if message.msgid_plural is None:
        return forms[:1] or [""]
    return forms


def _set_text(
    message: Message, forms: list[str], state: State, findings: list[dict[str, Any]],
    actor: Any,
) -> None:
    """Change a message's text and state in memory; the caller flushes and counts."""
    message.translations = list(forms)
    message.state = state.value
    flags = [f for f in (message.flags or []) if f != "fuzzy"]
    if state == State.DRAFT:
        flags.insert(0, "fuzzy")
    elif message.previous_msgid is not None or message.previous_msgctxt is not None:
        # The translation now matches the current source: the old source is history.
        message.previous_msgctxt = None
        message.previous_msgid = None
        message.previous_msgid_plural = None
    message.flags = flags
    message.findings = findings
    message.failing = _failing(findings)
    message.search_text = _search_text(
        message.msgctxt, message.msgid, message.msgid_plural, forms,
        message.translator_comments or [], message.extracted_comments or [],
    )
    message.version = message.version + 1
    message.author_id = getattr(actor, "id", None)
    message.updated_at = utcnow()


def _history_row(
    message: Message, before: tuple[list[str], str, str | None], action: str, actor: Any,
    batch_id: int | None = None,
) -> dict[str, Any]:
    return {
        "message_id": message.id,
        "batch_id": batch_id,
        "action": action,
        "translations_before": before[0],
        "state_before": before[1],
        "raw_before": before[2],
        "translations": list(message.translations),
        "state": message.state,
        "version": message.version,
        "author_id": getattr(actor, "id", None),
        "created_at": utcnow(),
    }


# --- progress ---------------------------------------------------------------------------


def recount(catalog: Catalog) -> dict[str, int]:
    """Every counter computed from the rows (bulk changes, and checking the counters)."""
    rows = db.session.execute(
        select(Message.state, Message.failing, func.count())
        .where(Message.catalog_id == catalog.id, Message.obsolete.is_(False))
        .group_by(Message.state, Message.failing)
    ).all()
    counts = {"total": 0, "translated": 0, "reviewed": 0, "draft": 0, "failing": 0,
              "inherited": 0}
    for state, failing, number in rows:
        counts["total"] += number
        if state in counts:
            counts[state] += number
        if failing:
            counts["failing"] += number
    counts["inherited"] = inheritance.inherited_count(catalog)
    return counts


def _apply_recount(catalog: Catalog) -> None:
    counts = recount(catalog)
    catalog.total_count = counts["total"]
    catalog.translated_count = counts["translated"]
    catalog.reviewed_count = counts["reviewed"]
    catalog.draft_count = counts["draft"]
    catalog.failing_count = counts["failing"]
    catalog.inherited_count = counts["inherited"]
    db.session.flush()


def _refresh_children(catalog: Catalog) -> None:
    inheritance.refresh_descendants(catalog)
    memory_feed.catalog_changed(catalog)  # published texts feed the translation memory


def _count_change(
    catalog: Catalog, message: Message, old_state: str, old_failing: bool,
) -> None:
    """Move the catalog's counters (and its variants' inherited count) for one message."""
    if message.obsolete:
        return
    deltas: Counter[str] = Counter()
    if old_state != message.state:
        if old_state in STATE_COUNTERS:
            deltas[STATE_COUNTERS[State(old_state)]] -= 1
        if message.state in STATE_COUNTERS:
            deltas[STATE_COUNTERS[State(message.state)]] += 1
    if old_failing != message.failing:
        deltas["failing_count"] += 1 if message.failing else -1
    was_done, is_done = old_state in DONE_STATES, message.state in DONE_STATES
    deltas["inherited_count"] += inheritance.one_message_changed(catalog, message, was_done,
                                                                is_done)
    values = {
        name: getattr(Catalog, name) + delta for name, delta in deltas.items() if delta
    }
    if values:
        db.session.execute(
            update(Catalog).where(Catalog.id == catalog.id).values(**values)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(catalog, list(values))


# --- editing ----------------------------------------------------------------------------


@dataclass
class SaveResult:
    message: Message
    saved: bool
    findings: list[dict[str, Any]]


def get_message(message_id: int) -> Message:
    message = db.session.get(Message, message_id)
    if message is None:
        raise NotFoundError(_("This message does not exist."))
    return message


def save_translation(
    message: Message,
    forms: Sequence[str],
    *,
    version: int,
    actor: Any = None,
    catalog: Catalog | None = None,
) -> SaveResult:
    """Save a person's text. A stale ``version`` is a conflict; nothing typed is dropped:
    text failing an error check is kept as a draft with its findings."""
    catalog = catalog or db.session.get(Catalog, message.catalog_id)
    assert catalog is not None
    rule = catalog_rule(catalog)
    forms = [str(f or "") for f in forms]
    if message.msgid_plural is None:
        if len(forms) != 1:
            raise OperationError(_("This message takes exactly one translation."), "translations")
    elif len(forms) != rule.nplurals:
        raise OperationError(
            _("This message takes %(count)s plural forms.", count=rule.nplurals), "translations"
        )
    if message.obsolete:
        raise OperationError(_("This message is obsolete and cannot be edited."))
    storable.check_forms(forms, storable.catalog_charset(catalog))
    if version != message.version:
        raise TranslationConflict(message, forms)
    findings = _findings(message.msgid, message.msgid_plural, forms, message.flags, rule)
    new_state = state_of(forms, False)
    if _failing(findings) and new_state != State.UNTRANSLATED:
        new_state = State.DRAFT
    if forms == list(message.translations) and (
        new_state.value == message.state
        or (new_state == State.TRANSLATED and message.state == State.REVIEWED.value)
    ):
        return SaveResult(message, False, findings)
    old_state, old_failing = message.state, message.failing
    before = (list(message.translations), message.state, message.raw)
    _set_text(message, forms, new_state, findings, actor)
    _guarded_flush(message, version, forms)
    db.session.execute(
        insert(TranslationHistory), [_history_row(message, before, "edit", actor)]
    )
    _count_change(catalog, message, old_state, old_failing)
    memory_feed.message_changed(catalog, message)
    _audit_message("catalog.translation_saved", catalog, message, before, actor)
    return SaveResult(message, True, findings)


def _audit_message(action: str, catalog: Catalog, message: Message,
                   before: tuple[list[str], str, str | None], actor: Any) -> None:
    audit.record(
        action, "message", f"{catalog.domain}/{catalog.locale_code}/{message.id}",
        before={"translations": before[0], "state": before[1]},
        after={"translations": list(message.translations), "state": message.state},
        actor=actor,
    )


def _guarded_flush(message: Message, version: int, forms: list[str]) -> None:
    """Write the message only if nobody wrote it since ``version`` (any session)."""
    values = {
        "translations": message.translations,
        "state": message.state,
        "flags": message.flags,
        "previous_msgctxt": message.previous_msgctxt,
        "previous_msgid": message.previous_msgid,
        "previous_msgid_plural": message.previous_msgid_plural,
        "findings": message.findings,
        "failing": message.failing,
        "search_text": message.search_text,
        "version": message.version,
        "author_id": message.author_id,
        "updated_at": message.updated_at,
    }
    with db.session.no_autoflush:
        result = db.session.execute(
            update(Message.__table__)
            .where(Message.__table__.c.id == message.id, Message.__table__.c.version == version)
            .values(**values)
        )
    if result.rowcount != 1:
        db.session.expire(message)
        db.session.refresh(message)
        raise TranslationConflict(message, forms)
    # The row now holds these values: the object has nothing left to write.
    from sqlalchemy.orm.attributes import set_committed_value

    for name, value in values.items():
        set_committed_value(message, name, value)


def review(message: Message, *, version: int, actor: Any = None) -> Message:
    """Mark a translated message reviewed."""
    if version != message.version:
        raise TranslationConflict(message, list(message.translations))
    if message.state != State.TRANSLATED.value:
        raise OperationError(_("Only translated messages can be marked reviewed."))
    catalog = db.session.get(Catalog, message.catalog_id)
    assert catalog is not None
    old_state, old_failing = message.state, message.failing
    before = (list(message.translations), message.state, message.raw)
    message.state = State.REVIEWED.value
    message.version += 1
    message.author_id = getattr(actor, "id", None)
    message.updated_at = utcnow()
    _guarded_flush(message, version, list(message.translations))
    db.session.execute(
        insert(TranslationHistory), [_history_row(message, before, "review", actor)]
    )
    _count_change(catalog, message, old_state, old_failing)
    memory_feed.message_changed(catalog, message)
    _audit_message("catalog.translation_reviewed", catalog, message, before, actor)
    return message


# --- reading for the editor -------------------------------------------------------------


@dataclass
class MessageFilter:
    state: str = "all"
    query: str = ""
    since: datetime | None = None


def messages_page(
    catalog: Catalog, filters: MessageFilter, page: int, page_size: int = PAGE_SIZE,
    *, after: int | None = None, before: int | None = None,
) -> tuple[list[Message], bool]:
    """One page of active messages in file order, and whether more follow.

    ``after``/``before`` (a message position) read the next or previous page straight from
    the (catalog, position) index, whatever the depth; ``page`` alone uses an offset.
    """
    query = select(Message).where(Message.catalog_id == catalog.id, Message.obsolete.is_(False))
    state = filters.state
    if state in ("untranslated", "draft", "translated", "reviewed"):
        query = query.where(Message.state == state)
    elif state == "failing":
        query = query.where(Message.failing.is_(True))
    if filters.since is not None or state == "changed":
        since = filters.since or catalog.created_at
        query = query.where(Message.updated_at > since)
    if filters.query.strip():
        needle = filters.query.strip().lower()
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Message.search_text.like(f"%{escaped}%", escape="\\"))
    if before is not None:
        rows = list(db.session.scalars(
            query.where(Message.position < before)
            .order_by(Message.position.desc()).limit(page_size)
        ))
        return rows[::-1], True
    if after is not None:
        query = query.where(Message.position > after)
    else:
        query = query.offset((page - 1) * page_size)
    rows = list(db.session.scalars(query.order_by(Message.position).limit(page_size + 1)))
    return rows[:page_size], len(rows) > page_size


def parent_texts(catalog: Catalog, messages: Sequence[Message]) -> dict[str, list[str]]:
    """The inherited translations of these messages, by source key (any depth)."""
    return inheritance.inherited_texts(catalog, [m.source_key for m in messages])


def parent_message(message: Message, catalog: Catalog | None = None) -> Message | None:
    """The message the variant inherits from: the nearest ancestor's with a text."""
    catalog = catalog or db.session.get(Catalog, message.catalog_id)
    return inheritance.inherited_message(message, catalog) if catalog else None


@dataclass
class Suggestion:
    locale: str
    domain: str
    source: str
    translations: list[str]
    exact: bool
    score: float


def suggestions(message: Message, catalog: Catalog, limit: int = 5) -> list[Suggestion]:
    """Translations of the same source (exact) or a close one (near) in other catalogs,
    those of the same language first. Both lookups go through an index and are bounded."""
    language = catalog.locale_code.split("_")[0]

    def translated_elsewhere(*conditions: Any) -> list[Any]:
        return db.session.execute(
            select(Catalog.locale_code, Catalog.domain, Message.msgid, Message.translations)
            .join(Catalog, Catalog.id == Message.catalog_id)
            .where(*conditions, Message.state.in_(DONE_STATES))
            .limit(50)
        ).all()

    exact = translated_elsewhere(Message.source_key == message.source_key,
                                 Message.catalog_id != catalog.id)
    found = [Suggestion(loc, dom, src, list(tr), True, 1.0) for loc, dom, src, tr in exact]
    if message.near_key and " " in message.near_key:
        near = translated_elsewhere(Message.near_key == message.near_key,
                                    Message.source_key != message.source_key)
        for loc, dom, src, tr in near:
            score = difflib.SequenceMatcher(None, message.msgid, src).ratio()
            if score >= 0.6:
                found.append(Suggestion(loc, dom, src, list(tr), False, round(score, 2)))

    def rank(suggestion: Suggestion) -> tuple[bool, bool, float]:
        same = suggestion.locale.split("_")[0] == language
        return (not same, not suggestion.exact, -suggestion.score)

    found.sort(key=rank)
    return found[:limit]


def message_history(message: Message, limit: int = 20) -> list[TranslationHistory]:
    return list(
        db.session.scalars(
            select(TranslationHistory)
            .where(TranslationHistory.message_id == message.id)
            .order_by(TranslationHistory.id.desc())
            .limit(limit)
        )
    )


# --- export -----------------------------------------------------------------------------


def export_bytes(catalog: Catalog, *, flatten: bool = False) -> bytes:
    """The catalog as a file: byte-identical to the import when nothing was edited.

    A variant locale exports its own overrides only, or with ``flatten`` its parent's
    translations filled in where it has none.
    """
    return writer.serialize(export_file(catalog, flatten=flatten))


def compile_input(catalog: Catalog) -> tuple[bytes, list[str]]:
    """The file to compile (variant flattened) and what was left out of it, and why.

    Obsolete entries that repeat an active message are kept in exports (they are in the
    file) but left out here: msgfmt refuses the duplicate, and gettext never reads
    obsolete entries anyway.
    """
    po = export_file(catalog, flatten=True)
    active = {e.key for e in po.entries if not e.obsolete}
    skipped = [e for e in po.entries if e.obsolete and e.key in active]
    po.entries = [e for e in po.entries if not (e.obsolete and e.key in active)]
    warnings = [
        _("obsolete message %(msgid)s repeats an active one: left out of the compiled "
          "catalog", msgid=repr(e.msgid[:60]))
        for e in skipped
    ]
    return writer.serialize(po), warnings


def export_file(catalog: Catalog, *, flatten: bool = False) -> PoFile:
    """The catalog rebuilt from its rows, as :func:`export_bytes` writes it."""
    messages = list(
        db.session.scalars(
            select(Message).where(Message.catalog_id == catalog.id).order_by(Message.position)
        )
    )
    fills = inheritance.inherited_texts(catalog) if flatten else {}
    po = _rebuild_file(catalog, [])
    for message in messages:
        record = entry_record(message)
        if (fills and not message.obsolete and message.state not in DONE_STATES
                and message.source_key in fills
                and len(fills[message.source_key]) == len(message.translations or [""])):
            inherited = fills[message.source_key]
            record = entry_record(message, inherited)
            record["flags"] = [f for f in record["flags"] if f != "fuzzy"]
        po.entries.append(records.entry_from_record(record))
    return po


def export_to_dir(catalog: Catalog, locales_dir: str, *, flatten: bool = False,
                  output: str | None = None, actor: Any = None) -> str:
    """Write the catalog's file atomically (temporary file, then rename)."""
    path = output or str(inside(locales_dir, catalog.locale_code, "LC_MESSAGES",
                                f"{catalog.domain}.po"))
    write_atomically(path, export_bytes(catalog, flatten=flatten))
    return path


# --- reverting a batch ------------------------------------------------------------------


def get_batch(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFoundError(_("This import does not exist."))
    return batch


def list_batches(limit: int = 100) -> list[ImportBatch]:
    return list(
        db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit))
    )


def revert_batch(batch: ImportBatch, *, actor: Any = None, reason: str = "") -> int:
    """Put back every message the import changed, as a whole: if any was edited since,
    nothing is reverted and the person is told which."""
    if batch.reverted_at is not None:
        raise OperationError(_("This import was already reverted."))
    if batch.mode == "initial":
        raise OperationError(
            _("The first import created the catalog; there is nothing earlier to go back to.")
        )
    rows = list(
        db.session.execute(
            select(TranslationHistory, Message)
            .join(Message, Message.id == TranslationHistory.message_id)
            .where(TranslationHistory.batch_id == batch.id)
        ).all()
    )
    edited = [m for h, m in rows if m.version != h.version]
    if edited:
        raise ConflictError(
            _("%(count)s messages were edited after this import (first: %(msgid)s); it can no "
              "longer be reverted as a whole.", count=len(edited), msgid=edited[0].msgid[:60])
        )
    history = []
    for entry, message in rows:
        findings = _findings(message.msgid, message.msgid_plural, entry.translations_before,
                             message.flags, catalog_rule(batch.catalog))
        before = (list(message.translations), message.state, message.raw)
        _set_text(message, list(entry.translations_before), State(entry.state_before),
                  findings, actor)
        history.append(_history_row(message, before, "revert", actor))
    db.session.flush()
    if history:
        db.session.execute(insert(TranslationHistory), history)
    batch.reverted_at = utcnow()
    batch.reverted_by_id = getattr(actor, "id", None)
    _apply_recount(batch.catalog)
    _refresh_children(batch.catalog)
    audit.record(
        "catalog.import_reverted", "catalog",
        f"{batch.catalog.domain}/{batch.catalog.locale_code}",
        before={"batch": batch.id, "changed": batch.changed_count},
        after={"reverted": len(rows)}, reason=reason, actor=actor,
    )
    return len(rows)


# --- template update --------------------------------------------------------------------


@dataclass
class UpdateResult:
    added: int
    obsoleted: int
    fuzzy: int
    kept: int
    # The file's charset when the template brought text it cannot hold: the catalog was
    # converted to UTF-8 (as msgmerge does), else None.
    converted_from: str | None = None


@_bulk
def update_from_template(catalog: Catalog, template: bytes, *, actor: Any = None,
                         filename: str = "") -> UpdateResult:
    """Bring the catalog in line with the template (see templates_merge)."""
    from backoffice.catalogs import templates_merge

    pot = parse_file(template, filename or None)
    messages = list(
        db.session.scalars(
            select(Message).where(Message.catalog_id == catalog.id).order_by(Message.position)
        )
    )
    po = _rebuild_file(catalog, messages)
    rule = catalog_rule(catalog)
    outcome = templates_merge.update_from_template(po, pot, nplurals=rule.nplurals)
    merged, stats = outcome.po, outcome.counts
    converted_from = _utf8_if_needed(merged)
    # Several obsolete entries may share a key: keep them all, in order.
    by_key_active: dict[tuple[str | None, str], list[Message]] = {}
    by_key_obsolete: dict[tuple[str | None, str], list[Message]] = {}
    for m in messages:
        (by_key_obsolete if m.obsolete else by_key_active).setdefault(
            (m.msgctxt, m.msgid), []).append(m)

    def take(pool: dict[tuple[str | None, str], list[Message]],
             key: tuple[str | None, str]) -> Message | None:
        found = pool.get(key)
        return found.pop(0) if found else None

    now = utcnow()
    new_rows: list[dict[str, Any]] = []
    for position, entry in enumerate(merged.entries):
        pools = (by_key_obsolete, by_key_active) if entry.obsolete else (
            by_key_active, by_key_obsolete)
        message = take(pools[0], entry.key) or take(pools[1], entry.key)
        if message is None:
            new_rows.append(_row(catalog.id, position, entry, rule, now))
            continue
        _apply_entry(message, entry, position, rule)
    for left in [*by_key_active.values(), *by_key_obsolete.values()]:
        for message in left:
            db.session.delete(message)
    db.session.flush()
    _insert_rows(new_rows)
    if merged.header is not None:
        header_raw, _trailing, style = _file_data(merged)
        catalog.header_raw, catalog.style = header_raw, style
    _apply_recount(catalog)
    _refresh_children(catalog)
    result = UpdateResult(
        added=stats["added"], obsoleted=stats["obsoleted"],
        fuzzy=stats["fuzzy_matched"], kept=stats["unchanged"] + stats["revived"],
        converted_from=converted_from,
    )
    audit.record(
        "catalog.updated_from_template", "catalog", f"{catalog.domain}/{catalog.locale_code}",
        after={"template": filename, **result.__dict__}, actor=actor,
    )
    return result


def _apply_entry(message: Message, entry: PoEntry, position: int,
                 rule: PluralRule) -> None:
    forms = entry.translations
    new = _copied_fields(entry)
    if _copied_fields(message) == new and list(message.translations) == forms \
            and message.position == position:
        return
    new_formats = _format_flags(entry.flags) - _format_flags(message.flags or [])
    message.position = position
    for name, value in new.items():
        setattr(message, name, value)
    message.source_key = source_key(entry.msgctxt, entry.msgid)
    message.near_key = near_key(entry.msgid)
    message.raw = entry.raw
    state = state_of(forms, entry.fuzzy)
    if message.state == State.REVIEWED.value and state == State.TRANSLATED:
        state = State.REVIEWED
    message.translations = forms
    message.findings = _findings(entry.msgid, entry.msgid_plural, forms, entry.flags, rule)
    message.failing = _failing(message.findings)
    if state in (State.TRANSLATED, State.REVIEWED) and _fails_new_format(
            message.findings, new_formats):
        # The template marked the source as a format string the translation fails: a
        # draft, as msgmerge makes it fuzzy, so that the catalog still passes msgfmt -c.
        state = State.DRAFT
        message.flags = ["fuzzy", *message.flags]
    message.state = state.value
    message.search_text = _search_text(
        entry.msgctxt, entry.msgid, entry.msgid_plural, forms,
        entry.translator_comments, entry.extracted_comments,
    )
    message.version += 1
    message.updated_at = utcnow()


def _utf8_if_needed(po: PoFile) -> str | None:
    """Convert ``po`` to UTF-8 when its charset cannot write its text; the old charset."""
    charset = charsets.output_charset(po)
    texts = (text for e in po.entries
             for text in (e.msgid, e.msgid_plural or "", e.msgctxt or "", *e.translations,
                          *e.translator_comments, *e.extracted_comments))  # fmt: skip
    if not charsets.unwritable(texts, charset):
        return None
    return charsets.convert_to_utf8(po)


# --- charset ----------------------------------------------------------------------------


def convert_to_utf8(catalog: Catalog, *, actor: Any = None, reason: str = "") -> str:
    """Declare UTF-8 in the catalog's header, so that it can hold any text; the old charset.

    Only the Content-Type line of the header changes: every entry keeps its text.
    """
    po = _rebuild_file(catalog, [])
    old = charsets.convert_to_utf8(po)
    if old is None:
        raise OperationError(_("This catalog is already in UTF-8."))
    catalog.header_raw, _trailing, catalog.style = _file_data(po)
    db.session.flush()
    audit.record(
        "catalog.converted_to_utf8", "catalog", f"{catalog.domain}/{catalog.locale_code}",
        before={"charset": old}, after={"charset": "UTF-8"}, reason=reason, actor=actor,
    )
    return old


def _format_flags(flags: Iterable[str]) -> set[str]:
    return {f for f in flags if f.endswith("-format") and not f.startswith("no-")}


def _fails_new_format(findings: Iterable[dict[str, Any]], formats: set[str]) -> bool:
    """Whether an error finding is about a format the template just declared."""
    return any(f["severity"] == "error" and f["check"] in formats for f in findings)


# --- checks over a catalog --------------------------------------------------------------


def check_catalog(catalog: Catalog) -> list[tuple[Message, list[dict[str, Any]]]]:
    rule = catalog_rule(catalog)
    out = []
    for message in db.session.scalars(
        select(Message)
        .where(Message.catalog_id == catalog.id, Message.obsolete.is_(False))
        .order_by(Message.position)
    ):
        findings = _findings(message.msgid, message.msgid_plural, message.translations,
                             message.flags, rule)
        if findings:
            out.append((message, findings))
    return out


ProgressCallback = Callable[[int], None]
