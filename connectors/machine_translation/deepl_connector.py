"""DeepL through its official SDK (``deepl``), with the server URL set by configuration.

Calls go only to the configured server: DeepL's own API hosts, or a host the allowlist
names (loopback for the local stand-in of tests and the demo).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import deepl

from connectors.machine_translation import MachineSettings, MachineTranslationError

DEEPL_HOSTS = ("api.deepl.com", "api-free.deepl.com")
# DeepL wants a variant for these target languages.
VARIANTS = {"en": {"US": "EN-US"}, "pt": {"BR": "PT-BR"}}
DEFAULT_VARIANT = {"en": "EN-GB", "pt": "PT-PT", "zh": "ZH-HANS"}


def target_code(locale: str) -> str:
    parts = locale.replace("-", "_").split("_")
    language = parts[0].lower()
    territory = parts[-1].upper() if len(parts) > 1 else ""
    if language in VARIANTS and territory in VARIANTS[language]:
        return VARIANTS[language][territory]
    return DEFAULT_VARIANT.get(language, language.upper())


def check_server_url(url: str, allowlist: Sequence[str]) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise MachineTranslationError("the server URL must be an http(s) URL")
    named = host if parts.port is None else f"{host}:{parts.port}"
    if host in DEEPL_HOSTS and parts.scheme == "https":
        return url
    if host in allowlist or named in allowlist:
        return url
    raise MachineTranslationError(f"the server {host} is neither DeepL nor allowed")


class DeepLTranslator:
    name = "DeepL"

    def __init__(self, settings: MachineSettings, allowlist: Sequence[str] = ()) -> None:
        self.server_url = check_server_url(settings.server_url, allowlist)
        self._key = settings.api_key
        self._timeout = settings.timeout

    def translate(self, texts: Sequence[str], *, target_locale: str,
                  source_language: str = "en") -> list[str]:
        if not texts:
            return []
        # One attempt, bounded: a person is waiting for the answer.
        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = self._timeout
        translator = deepl.Translator(self._key, server_url=self.server_url,
                                      send_platform_info=False, skip_language_check=True)
        try:
            results = translator.translate_text(
                list(texts), source_lang=source_language.upper()[:2],
                target_lang=target_code(target_locale), preserve_formatting=True)
        except deepl.AuthorizationException:
            raise MachineTranslationError("DeepL refused the API key") from None
        except deepl.QuotaExceededException:
            raise MachineTranslationError("the DeepL quota is used up") from None
        except deepl.ConnectionException:
            raise MachineTranslationError("DeepL cannot be reached") from None
        except deepl.DeepLException as error:
            raise MachineTranslationError(f"DeepL refused the request: {error}"[:300]) from None
        if not isinstance(results, list):
            results = [results]
        return [r.text for r in results]
