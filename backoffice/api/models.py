"""Revision stamps of what the client API serves.

A row per kind of answer (``countries``, ``catalogs``) whose ``revision`` takes a new
random value in the same transaction as any change to the rows the answer is built from
(see ``backoffice.api.revisions``). Random rather than counted: a rolled-back transaction
may have shown its value to its own reads, and a counter would hand that value out again.
Every app server reads the stamp on each request, so a change shows on the very next read
wherever it is served.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.core.db import Base


class ContentRevision(Base):
    __tablename__ = "content_revisions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)
