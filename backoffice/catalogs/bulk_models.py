"""A bulk change of a catalog: what was selected, why, and the batch that reverts it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.core.db import Base, utcnow


class BulkOperation(Base):
    """One review, reject, search-and-replace or copy from the parent over a selection.

    The changed messages' history rows point at ``batch`` (an ``ImportBatch`` of this
    ``kind``), so the operation is reverted as a whole like an import.
    """

    __tablename__ = "catalog_bulk_operations"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_import_batches.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    changed_count: Mapped[int] = mapped_column(default=0)
    skipped_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    batch = relationship("ImportBatch", lazy="joined")
