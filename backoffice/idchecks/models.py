from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.core.db import Base, utcnow


class CountryIdCheckPolicy(Base):
    """Who must prove their identity in a country, with which documents and providers."""

    __tablename__ = "idcheck_policies"

    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), primary_key=True
    )
    required_for_drivers: Mapped[bool] = mapped_column(Boolean, default=False)
    required_for_passengers: Mapped[bool] = mapped_column(Boolean, default=False)
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Provider names in the order they are tried: the primary, then the fallbacks.
    providers: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Optimistic concurrency: a save names the version it started from.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ProviderCoverage(Base):
    """An admin's edit of a provider's coverage file; it replaces the shipped file."""

    __tablename__ = "provider_coverages"

    provider: Mapped[str] = mapped_column(String(32), primary_key=True)
    toml_text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
