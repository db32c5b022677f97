"""Generated catalogs for speed and merge tests."""

from __future__ import annotations

import random

WORDS = [
    "ride",
    "driver",
    "seat",
    "passenger",
    "booking",
    "trip",
    "city",
    "price",
    "route",
    "payment",
    "refund",
    "account",
    "message",
    "review",
    "station",
    "luggage",
    "detour",
    "comfort",
    "schedule",
    "cancel",
    "confirm",
    "country",
    "launch",
    "partner",
    "insurance",
    "invoice",
    "support",
    "profile",
    "verified",
    "phone",
    "email",
    "password",
    "departure",
]

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: backoffice 1.0\\n"\n'
    '"Report-Msgid-Bugs-To: \\n"\n'
    '"POT-Creation-Date: 2024-01-01 00:00+0000\\n"\n'
    '"PO-Revision-Date: 2024-01-02 00:00+0000\\n"\n'
    '"Last-Translator: Team <team@example.org>\\n"\n'
    '"Language-Team: Polish <pl@example.org>\\n"\n'
    '"Language: pl\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
)


def sentence(rng: random.Random, low: int = 3, high: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def messages(count: int, seed: int = 7) -> list[tuple[str, str | None]]:
    """``count`` unique (msgid, msgid_plural) pairs; one in ten is a plural message."""
    rng = random.Random(seed)
    out: list[tuple[str, str | None]] = []
    for i in range(count):
        text = f"{sentence(rng)} #{i}"
        if i % 10 == 3:
            out.append((f"%(num)d {text}", f"%(num)d {text} (many)"))
        elif i % 7 == 2:
            out.append((f"Hello {{name}}, {text}.", None))
        else:
            out.append((text, None))
    return out


def _q(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def po_text(msgs: list[tuple[str, str | None]], *, translated: bool = True) -> str:
    parts = [HEADER]
    for i, (msgid, plural) in enumerate(msgs):
        lines = [f"#: backoffice/module{i % 50}.py:{i + 1}"]
        if "%(" in msgid:
            lines.append("#, python-format")
        lines.append(f'msgid "{_q(msgid)}"')
        if plural is None:
            lines.append(f'msgstr "{"[pl] " + _q(msgid) if translated else ""}"')
        else:
            lines.append(f'msgid_plural "{_q(plural)}"')
            for n in range(3):
                lines.append(f'msgstr[{n}] "{f"[pl{n}] " + _q(plural) if translated else ""}"')
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
