"""The one interface the app uses to ask a machine-translation service for drafts.

Views and operations depend only on `MachineTranslator` and the plain types here; the
DeepL code lives in `deepl_connector` and is built by `build.build_machine_translator`.
A machine text is only ever a draft or a suggestion: a person publishes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = ["MachineTranslationError", "MachineTranslator", "MachineSettings"]


class MachineTranslationError(Exception):
    """A failed call, with a message people can read (never the key)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@runtime_checkable
class MachineTranslator(Protocol):
    name: str

    def translate(self, texts: Sequence[str], *, target_locale: str,
                  source_language: str = "en") -> list[str]:
        """One machine translation per text, in order."""
        ...


@dataclass(frozen=True)
class MachineSettings:
    provider: str
    server_url: str
    api_key: str
    timeout: float = 10.0
