"""The editor's side panel: an explicit list of sections, each one template.

The page renders them; after a save or when another message gets the focus,
``catalogs.js`` asks ``/catalogs/api/messages/<id>/panel`` again and puts the freshly
rendered (escaped) sections in place. A new section is one entry here and one template
under ``templates/catalogs/panel/`` reading the ``panel`` dict (add its data in
``editor_json.panel``; the page's own variables, ``catalog`` and
``can_manage``, are given to the panel's answer too).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PanelSection:
    name: str
    template: str


PANEL_SECTIONS: list[PanelSection] = [
    PanelSection("context", "catalogs/panel/context.html"),
    PanelSection("comments", "catalogs/panel/comments.html"),
    PanelSection("threads", "catalogs/panel/threads.html"),
    PanelSection("locations", "catalogs/panel/locations.html"),
    PanelSection("glossary", "catalogs/panel/glossary.html"),
    PanelSection("parent", "catalogs/panel/parent.html"),
    PanelSection("suggestions", "catalogs/panel/suggestions.html"),
    PanelSection("memory", "memory/panel.html"),
    PanelSection("history", "catalogs/panel/history.html"),
]
