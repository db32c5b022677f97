"""A thread per message and locale: comments, questions, requests for context."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.core.db import Base, utcnow


class CommentThread(Base):
    __tablename__ = "comment_threads"
    __table_args__ = (
        Index("ix_comment_threads_message", "message_id", "resolved_at"),
        Index("ix_comment_threads_locale_open", "locale_code", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_messages.id", ondelete="CASCADE"))
    locale_code: Mapped[str] = mapped_column(String(16))
    domain: Mapped[str] = mapped_column(String(64))
    # "question" (a comment or question), "context" (needs context from the product
    # owner), "problem" (the source text itself is wrong).
    kind: Mapped[str] = mapped_column(String(16), default="question")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    comments = relationship("Comment", order_by="Comment.id", lazy="selectin",
                            cascade="all, delete-orphan")


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("comment_threads.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User", lazy="joined")
