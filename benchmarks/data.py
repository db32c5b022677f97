"""Deterministic generated data at production size."""

from __future__ import annotations

import random

WORDS = [
    "ride",
    "seat",
    "driver",
    "passenger",
    "booking",
    "trip",
    "city",
    "station",
    "price",
    "payment",
    "cancel",
    "message",
    "review",
    "rating",
    "profile",
    "verify",
    "document",
    "departure",
    "arrival",
    "luggage",
    "pet",
    "smoking",
    "music",
    "comfort",
    "route",
    "stop",
    "detour",
    "time",
    "date",
    "meeting",
    "point",
    "confirm",
    "request",
    "refund",
    "wallet",
]

PLACEHOLDERS = ["%(name)s", "%(count)d", "{city}", "{price}", "%s", "{count}"]


def _sentence(rng: random.Random, index: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 14))]
    if rng.random() < 0.35:
        words.insert(rng.randint(0, len(words)), rng.choice(PLACEHOLDERS))
    return f"{' '.join(words).capitalize()} #{index}."


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate_catalog(
    size: int, *, seed: int = 7, translated: bool = True, locale: str = "pl_PL",
    tag: str = "pl", own: float = 1.0,
) -> bytes:
    """A .po file of ``size`` messages, 10 % with plurals (Polish: 3 forms).

    The messages (ids, contexts, references, flags) depend on ``seed`` only, so every
    locale generated with one seed translates the same template, as in production. Each
    translation starts with ``[tag]``; ``own`` is the share of messages translated (a
    variant translates a few and inherits the rest from its parent).
    """
    rng = random.Random(seed)
    mine = random.Random(f"{seed}-{tag}")
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: carpool-app 1.0\\n"',
        f'"Language: {locale}\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
        '(n%100<10 || n%100>=20) ? 1 : 2);\\n"',
        '"X-Generator: benchmarks\\n"',
        "",
    ]
    for index in range(size):
        source = _sentence(rng, index)
        lines.append(f"#: app/screens/{rng.choice(WORDS)}.py:{rng.randint(1, 900)}")
        if "%(" in source or "%s" in source:
            lines.append("#, python-format")
        elif "{" in source:
            lines.append("#, python-brace-format")
        if rng.random() < 0.05:
            lines.append(f"msgctxt {_quote(rng.choice(WORDS))}")
        done = translated and (own >= 1.0 or mine.random() < own)
        if index % 10 == 0:
            plural = source.replace(".", "s.")
            lines.append(f"msgid {_quote(source)}")
            lines.append(f"msgid_plural {_quote(plural)}")
            for form in range(3):
                text = f"[{tag}{form}] {source}" if done else ""
                lines.append(f"msgstr[{form}] {_quote(text)}")
        else:
            lines.append(f"msgid {_quote(source)}")
            lines.append(f"msgstr {_quote(f'[{tag}] ' + source if done else '')}")
        lines.append("")
    return "\n".join(lines).encode()


def change_template(po_bytes: bytes, fraction: float, *, seed: int = 11) -> bytes:
    """A template (.pot) from a catalog with ``fraction`` of its msgids reworded."""
    rng = random.Random(seed)
    out = []
    for line in po_bytes.decode().split("\n"):
        if line.startswith("msgstr"):
            prefix = line.split(" ", 1)[0]
            out.append(f'{prefix} ""' if line.startswith("msgstr ") or "[" in prefix else line)
            continue
        if line.startswith("msgid ") and line != 'msgid ""' and rng.random() < fraction:
            line = line[:-2] + ' now."'
        out.append(line)
    return "\n".join(out).encode()
