from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.core.db import Base, utcnow


class StageChange(Base):
    """A country's move from one stage to another, done or scheduled.

    A scheduled change (``effective_at`` in the future) takes effect at its time: readers
    resolve it when they read (see ``operations.effective_stage``), so no timer is needed
    and the client API shows the new stage from that minute on.
    """

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    effective_at: Mapped[datetime] = mapped_column(index=True)
    # What the person typed, in the country's time zone, for display.
    local_time: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="applied", index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChangeStatus:
    SCHEDULED = "scheduled"
    APPLIED = "applied"
    CANCELLED = "cancelled"
