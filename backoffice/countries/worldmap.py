"""The world map of launch stages, drawn as inline SVG from bundled outlines.

No tiles and no script: each country is a ``<path>`` whose class (``stage-live``,
``stage-none``...) the stylesheet colours, because the CSP forbids inline styles. The
outlines come from ``data/world_map.json`` (see ``data/README.md``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from markupsafe import Markup

DATA_FILE = Path(__file__).resolve().parent / "data" / "world_map.json"
STAGES = ("planned", "translating", "live", "payments_live", "paused")
DEFAULT_STAGE_LABELS = {
    "planned": "Planned",
    "translating": "Translating",
    "live": "Live",
    "payments_live": "Payments live",
    "paused": "Paused",
}


@cache
def load_world_map() -> tuple[str, tuple[tuple[str, str], ...]]:
    """The view box and ``(code, path data)`` pairs, largest country first.

    The file order matters: small countries must be painted over their neighbours.
    """
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data["viewBox"], tuple(data["countries"].items())


def map_codes() -> frozenset[str]:
    """Country codes the map can show."""
    return frozenset(code for code, _ in load_world_map()[1])


def render_world_map(
    stage_by_code: Mapping[str, str],
    names: Mapping[str, str],
    *,
    label: str = "World map of countries by launch stage",
    stage_labels: Mapping[str, str] | None = None,
    at_risk: frozenset[str] = frozenset(),
    at_risk_label: str = "at risk",
) -> Markup:
    """Inline ``<svg>`` with one ``<path class="stage-…" data-code="FR">`` per country.

    ``names`` and ``stage_labels`` are already in the reader's language; a country
    missing from ``names`` is titled with its code. Codes the map does not draw are
    ignored; an unknown stage is a programming error and raises ``ValueError``.
    """
    labels = {**DEFAULT_STAGE_LABELS, **(stage_labels or {})}
    stages = {code.upper(): stage for code, stage in stage_by_code.items()}
    unknown = sorted(set(stages.values()) - set(STAGES))
    if unknown:
        raise ValueError(f"unknown stage(s): {', '.join(unknown)}")
    view_box, countries = load_world_map()
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="world-map" viewBox="{}"'
            ' role="img" aria-label="{}">'
        ).format(view_box, label)
    ]
    for code, outline in countries:
        stage = stages.get(code)
        name = names.get(code) or code
        # Markup.format, not an f-string: a name that is already Markup is not re-escaped.
        title = Markup("{} — {}").format(name, labels[stage]) if stage else name
        risk = code in at_risk
        if risk:
            title = Markup("{} ({})").format(title, at_risk_label)
        path = Markup('<path class="stage-{}{}" data-code="{}" d="{}"><title>{}</title></path>')
        parts.append(path.format(stage or "none", " at-risk" if risk else "", code, outline,
                                 title))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
