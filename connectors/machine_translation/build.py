"""Build the configured machine translator (apart from the interface, which the DeepL
module imports: keeping the two apart keeps the imports one-way)."""

from __future__ import annotations

from collections.abc import Sequence

from connectors.machine_translation import (
    MachineSettings,
    MachineTranslationError,
    MachineTranslator,
)


def build_machine_translator(settings: MachineSettings,
                             allowlist: Sequence[str] = ()) -> MachineTranslator:
    if settings.provider == "deepl":
        from connectors.machine_translation.deepl_connector import DeepLTranslator

        return DeepLTranslator(settings, allowlist)
    raise MachineTranslationError(f"unknown machine-translation provider {settings.provider!r}")
