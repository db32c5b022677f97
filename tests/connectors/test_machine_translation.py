"""The DeepL connector through the official SDK against the local stand-in."""

from __future__ import annotations

import pytest

from connectors.machine_translation import (
    MachineSettings,
    MachineTranslationError,
    MachineTranslator,
)
from connectors.machine_translation.build import build_machine_translator
from connectors.machine_translation.deepl_connector import target_code
from connectors.machine_translation.local_deepl.server import DEMO_KEY, LocalDeepL


def test_translates_through_the_sdk(deepl_server: LocalDeepL) -> None:
    translator = build_machine_translator(
        MachineSettings("deepl", deepl_server.url, DEMO_KEY), ["127.0.0.1"])
    assert isinstance(translator, MachineTranslator)
    assert translator.translate(["Book a seat", "%(count)d rides"], target_locale="pl_PL") == [
        "[PL] Book a seat", "[PL] %(count)d rides"]
    assert deepl_server.requests == 1


def test_a_refused_key_is_a_clear_error(deepl_server: LocalDeepL) -> None:
    translator = build_machine_translator(
        MachineSettings("deepl", deepl_server.url, "wrong-key"), ["127.0.0.1"])
    with pytest.raises(MachineTranslationError, match="refused the API key"):
        translator.translate(["Hello"], target_locale="fr_FR")


def test_calls_go_only_to_deepl_or_allowed_hosts() -> None:
    with pytest.raises(MachineTranslationError, match="neither DeepL nor allowed"):
        build_machine_translator(MachineSettings("deepl", "https://evil.example", "k"), [])
    with pytest.raises(MachineTranslationError):
        build_machine_translator(MachineSettings("deepl", "http://api.deepl.com", "k"), [])
    assert build_machine_translator(MachineSettings("deepl", "https://api.deepl.com", "k"))


def test_nothing_answering_is_a_clear_error() -> None:
    translator = build_machine_translator(
        MachineSettings("deepl", "http://127.0.0.1:9", DEMO_KEY, timeout=2), ["127.0.0.1"])
    with pytest.raises(MachineTranslationError):
        translator.translate(["Hello"], target_locale="fr_FR")


def test_target_codes() -> None:
    assert [target_code(c) for c in ("fr_BE", "en_US", "en_GB", "pt_BR", "pt_PT", "es_MX")] == [
        "FR", "EN-US", "EN-GB", "PT-BR", "PT-PT", "ES"]
