"""HTTP headers built from names people or files chose."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def attachment(filename: str) -> dict[str, str]:
    """``Content-Disposition: attachment`` for ``filename``, encoded per RFC 6266.

    The plain ``filename`` keeps only safe ASCII (for old clients); ``filename*`` carries
    the name itself, percent-encoded as RFC 5987 says. Nothing from the name can end the
    header or add a parameter.
    """
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    plain = _SAFE.sub("_", ascii_name).strip("._") or "download"
    encoded = quote(filename, safe="")
    return {"Content-Disposition": f'attachment; filename="{plain}"; filename*=UTF-8\'\'{encoded}'}
