"""Freeze the app's clock (``backoffice.core.db.utcnow``) at a given instant."""

from __future__ import annotations

from datetime import datetime as real_datetime
from typing import Any
from unittest import mock

from backoffice.core import db as db_module


class Clock:
    """``with Clock(instant):`` every ``utcnow()`` of the app answers ``instant``."""

    def __init__(self, instant: real_datetime) -> None:
        self.instant = instant

    def __enter__(self) -> Clock:
        instant = self.instant

        class Frozen(real_datetime):
            @classmethod
            def now(cls, tz: Any = None) -> real_datetime:  # type: ignore[override]
                return instant if tz is None else instant.astimezone(tz)

        self._patch = mock.patch.object(db_module, "datetime", Frozen)
        self._patch.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._patch.stop()
