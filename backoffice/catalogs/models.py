"""Catalogs in the database: one per (domain, locale), one row per message.

Each message keeps the raw text it had in the file it came from, so a catalog exported
with no edit is byte-identical to what was imported; an edited message drops its raw text
and is rendered again in the file's own style.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from backoffice.core.db import Base, utcnow


class State(StrEnum):
    UNTRANSLATED = "untranslated"
    DRAFT = "draft"  # the file's "fuzzy"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"


# Counter column of the catalog for each state (untranslated is total minus the others).
STATE_COUNTERS = {
    State.TRANSLATED: "translated_count",
    State.REVIEWED: "reviewed_count",
    State.DRAFT: "draft_count",
}


def near_key(msgid: str) -> str:
    """The first words of a source text: candidates for "near" suggestions share it."""
    return " ".join(msgid.lower().split()[:2])[:80]


def source_key(msgctxt: str | None, msgid: str) -> str:
    """A short fixed-size key for "the same source text" across catalogs."""
    text = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


# What json.dumps(value, ensure_ascii=False) gives, without building an encoder per call.
_encode = json.JSONEncoder(ensure_ascii=False).encode


class JSONList(TypeDecorator[list[Any]]):
    """A list of strings (or small dicts) stored as JSON text.

    Messages carry several such lists and imports insert tens of thousands of rows at
    once; a plain text column with a shortcut for empty lists keeps that cheap, and
    non-ASCII text stays readable in the database.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str:
        if not value:
            return "[]"
        return _encode(value)

    def process_result_value(self, value: str | None, dialect: Any) -> list[Any]:
        if not value or value == "[]":
            return []
        items: list[Any] = json.loads(value)  # only lists are written (process_bind_param)
        return items


class Catalog(Base):
    __tablename__ = "catalogs"
    __table_args__ = (UniqueConstraint("domain", "locale_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(64))
    locale_code: Mapped[str] = mapped_column(ForeignKey("locales.code"), index=True)
    # File-level data for a faithful export.
    header_raw: Mapped[str | None] = mapped_column(Text)
    trailing_text: Mapped[str] = mapped_column(Text, default="")
    # The header's fields and the file's style: line ends, wrapping, charset, BOM, where
    # the header sits (see po.model.PoFile.file_record).
    style: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    plural_forms: Mapped[str | None] = mapped_column(String(255))
    nplurals: Mapped[int] = mapped_column(default=2)
    # The file the catalog was created from: its SHA-256, size and number of entries, to
    # tell on demand whether an export still gives those bytes (see catalogs.fidelity).
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    source_size: Mapped[int | None] = mapped_column()
    source_entries: Mapped[int | None] = mapped_column()
    # Progress, kept current by every edit (see operations.recount for the check).
    total_count: Mapped[int] = mapped_column(default=0)
    translated_count: Mapped[int] = mapped_column(default=0)
    reviewed_count: Mapped[int] = mapped_column(default=0)
    draft_count: Mapped[int] = mapped_column(default=0)
    failing_count: Mapped[int] = mapped_column(default=0)
    inherited_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    locale = relationship("Locale", lazy="joined")

    @property
    def done_count(self) -> int:
        return self.translated_count + self.reviewed_count

    @property
    def untranslated_count(self) -> int:
        return self.total_count - self.done_count - self.draft_count

    @property
    def progress(self) -> float:
        return self.done_count / self.total_count if self.total_count else 1.0

    @property
    def coverage(self) -> float:
        """Share of messages with a text a user sees: own or inherited from the parent."""
        if not self.total_count:
            return 1.0
        return (self.done_count + self.inherited_count) / self.total_count

    def counters(self) -> dict[str, int]:
        return {
            "total": self.total_count,
            "translated": self.translated_count,
            "reviewed": self.reviewed_count,
            "draft": self.draft_count,
            "failing": self.failing_count,
            "inherited": self.inherited_count,
        }


class Message(Base):
    __tablename__ = "catalog_messages"
    __table_args__ = (
        Index("ix_catalog_messages_catalog_position", "catalog_id", "position"),
        Index("ix_catalog_messages_catalog_state", "catalog_id", "state", "position"),
        Index("ix_catalog_messages_catalog_updated", "catalog_id", "updated_at"),
        Index("ix_catalog_messages_catalog_failing", "catalog_id", "failing", "position"),
        # Every lookup by key names its catalogs (migration 0025).
        Index("ix_catalog_messages_catalog_source_key", "catalog_id", "source_key"),
        Index("ix_catalog_messages_catalog_near_key", "catalog_id", "near_key"),
        # A catalog's rows not in the search index yet (migration 0026). Each predicate is
        # the one SQLAlchemy writes for ``Message.search_pending`` on that database, so that
        # the planner sees the query implies it (SQLite's does not prove "x = 1" gives "x").
        Index("ix_catalog_messages_search_pending", "catalog_id",
              sqlite_where=sql_text("search_pending = 1"),
              postgresql_where=sql_text("search_pending")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    catalog_id: Mapped[int] = mapped_column(ForeignKey("catalogs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    source_key: Mapped[str] = mapped_column(String(40))
    near_key: Mapped[str] = mapped_column(String(80), default="")
    msgctxt: Mapped[str | None] = mapped_column(Text)
    msgid: Mapped[str] = mapped_column(Text)
    msgid_plural: Mapped[str | None] = mapped_column(Text)
    flags: Mapped[list[str]] = mapped_column(JSONList, default=list)
    translator_comments: Mapped[list[str]] = mapped_column(JSONList, default=list)
    extracted_comments: Mapped[list[str]] = mapped_column(JSONList, default=list)
    locations: Mapped[list[str]] = mapped_column(JSONList, default=list)
    previous_msgctxt: Mapped[str | None] = mapped_column(Text)
    previous_msgid: Mapped[str | None] = mapped_column(Text)
    previous_msgid_plural: Mapped[str | None] = mapped_column(Text)
    obsolete: Mapped[bool] = mapped_column(Boolean, default=False)
    # The entry exactly as it was in the file; None once edited (rendered again on export).
    raw: Mapped[str | None] = mapped_column(Text)
    translations: Mapped[list[str]] = mapped_column(JSONList, default=list)
    # Lower-cased source, translations, context and comments, for searching on every
    # database (JSON columns cannot be searched the same way everywhere).
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Written but not in the search index yet: a new catalog's rows wait for the task
    # ``catalogs.index_search`` (see catalogs/search_index.py); search scans them meanwhile.
    search_pending: Mapped[bool] = mapped_column(Boolean, default=False,
                                                 server_default=false())
    state: Mapped[str] = mapped_column(String(16), default=State.UNTRANSLATED.value)
    failing: Mapped[bool] = mapped_column(Boolean, default=False)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSONList, default=list)
    version: Mapped[int] = mapped_column(default=1)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User", lazy="raise")

    @property
    def is_plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def has_text(self) -> bool:
        return any(self.translations)

    @property
    def counted(self) -> bool:
        """Obsolete entries and the header do not count in progress."""
        return not self.obsolete


class TranslationHistory(Base):
    """Every change of a translation: before and after, who, when, through what."""

    __tablename__ = "catalog_history"
    __table_args__ = (Index("ix_catalog_history_message", "message_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_messages.id", ondelete="CASCADE")
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalog_import_batches.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))  # edit, review, import, update, revert
    translations_before: Mapped[list[str]] = mapped_column(JSONList, default=list)
    state_before: Mapped[str] = mapped_column(String(16))
    raw_before: Mapped[str | None] = mapped_column(Text)
    translations: Mapped[list[str]] = mapped_column(JSONList, default=list)
    state: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column()  # the message's version after the change
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User", lazy="joined")


class ImportBatch(Base):
    """One import of one file: reverted as a whole or not at all."""

    __tablename__ = "catalog_import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255), default="")
    mode: Mapped[str] = mapped_column(String(16))
    changed_count: Mapped[int] = mapped_column(default=0)
    skipped_count: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reverted_at: Mapped[datetime | None] = mapped_column()
    reverted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    catalog: Mapped[Catalog] = relationship(lazy="joined")
    author = relationship("User", foreign_keys=[author_id], lazy="joined")
