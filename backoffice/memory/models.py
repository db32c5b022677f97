"""The memory's rows: one unit per published translation (or imported TMX unit), and the
word index that finds fuzzy candidates without reading every unit of a language."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.catalogs.models import JSONList
from backoffice.core.db import Base, utcnow

ORIGIN_CATALOG = "catalog"
ORIGIN_TMX = "tmx"


class MemoryUnit(Base):
    __tablename__ = "memory_units"
    __table_args__ = (
        Index("ix_memory_units_language_hash", "language", "source_hash"),
        Index("ix_memory_units_language_locale", "language", "locale_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(16))
    locale_code: Mapped[str] = mapped_column(String(35))
    domain: Mapped[str] = mapped_column(String(64), default="")
    source_hash: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text)
    # The first form is what concordance searches and suggestions show; plural forms
    # are kept whole for a suggestion to fill every field.
    target: Mapped[str] = mapped_column(Text)
    translations: Mapped[list[str]] = mapped_column(JSONList, default=list)
    # Lower-cased source and target, for concordance search on every database.
    search_text: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default=ORIGIN_CATALOG)
    origin_name: Mapped[str] = mapped_column(String(255), default="")
    catalog_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalog_messages.id", ondelete="CASCADE"), unique=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class MemoryToken(Base):
    """One word of one unit's source; (language, token) finds the units sharing it."""

    __tablename__ = "memory_tokens"
    __table_args__ = (Index("ix_memory_tokens_language_token", "language", "token", "unit_id"),)

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("memory_units.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(40), primary_key=True)
    language: Mapped[str] = mapped_column(String(16))


class MachineTranslationSettings(Base):
    """The one machine-translation connector: off until someone turns it on. The API key
    is stored encrypted (``core.crypto``), shown only by its last characters."""

    __tablename__ = "machine_translation_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(32), default="deepl")
    server_url: Mapped[str] = mapped_column(String(500))
    api_key_encrypted: Mapped[str] = mapped_column(Text)
    api_key_hint: Mapped[str] = mapped_column(String(8), default="")
    enabled: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
