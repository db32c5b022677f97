"""Glossary terms, one language each (``fr`` serves fr_FR and fr_BE)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.core.db import Base, utcnow


class GlossaryTerm(Base):
    __tablename__ = "glossary_terms"
    __table_args__ = (
        UniqueConstraint("language", "source_key"),
        Index("ix_glossary_terms_language_first", "language", "first_word"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(200))
    # The source lower-cased (unique per language), and its first word (the highlight's
    # index: a message's words are looked up, not every term scanned).
    source_key: Mapped[str] = mapped_column(String(200))
    first_word: Mapped[str] = mapped_column(String(200))
    translation: Mapped[str] = mapped_column(String(200), default="")
    part_of_speech: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    do_not_translate: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
