"""The world map: bundled outlines rendered as CSP-safe inline SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from backoffice.countries.models import Stage
from backoffice.countries.worldmap import STAGES, load_world_map, map_codes, render_world_map

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: Markup) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - our own output, not untrusted XML


def paths_by_code(root: ET.Element) -> dict[str, ET.Element]:
    return {path.get("data-code"): path for path in root.iter(f"{SVG}path")}


def test_the_data_file_covers_the_markets_and_stays_small() -> None:
    view_box, countries = load_world_map()
    assert len(view_box.split()) == 4
    codes = map_codes()
    assert {"FR", "DE", "ES", "BE", "IT", "PL", "PT", "NL", "GB", "IN", "MX", "BR"} <= codes
    assert {"LU", "MT", "XK"} <= codes  # tiny states are dots; Kosovo has no ISO number
    assert "AQ" not in codes
    assert all(outline[0] in "mM" and outline.endswith("z") for _, outline in countries)
    assert sum(len(outline) for _, outline in countries) < 400_000


def test_stages_match_the_country_model() -> None:
    assert set(STAGES) == {stage.value for stage in Stage}


def test_output_is_an_accessible_svg() -> None:
    root = parse(render_world_map({}, {}, label="Launch map"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Launch map"
    assert root.get("viewBox") == load_world_map()[0]
    assert len(paths_by_code(root)) == len(map_codes())


def test_classes_follow_the_stages() -> None:
    stages = {
        "FR": "live",
        "DE": "payments_live",
        "PL": "planned",
        "PT": "translating",
        "ES": "paused",
    }
    paths = paths_by_code(parse(render_world_map(stages, {})))
    for code, stage in stages.items():
        assert paths[code].get("class") == f"stage-{stage}"
    assert paths["IT"].get("class") == "stage-none"
    assert paths["FR"].get("d")


def test_titles_name_the_country_and_its_stage() -> None:
    names = {"FR": "France", "IT": "Italie"}
    paths = paths_by_code(
        parse(
            render_world_map(
                {"FR": "payments_live"}, names, stage_labels={"payments_live": "Paiements"}
            )
        )
    )
    assert paths["FR"].find(f"{SVG}title").text == "France — Paiements"
    assert paths["IT"].find(f"{SVG}title").text == "Italie"
    assert paths["DE"].find(f"{SVG}title").text == "DE"  # no name given: the code


def test_names_and_label_are_escaped() -> None:
    hostile = '<script>alert("x")</script> & "quotes"'
    markup = render_world_map({"FR": "live"}, {"FR": hostile}, label=hostile)
    assert "<script>" not in markup
    root = parse(markup)
    assert root.get("aria-label") == hostile
    assert paths_by_code(root)["FR"].find(f"{SVG}title").text == f"{hostile} — Live"


def test_safe_names_are_not_escaped_twice() -> None:
    markup = render_world_map({"FR": "live"}, {"FR": Markup("A &amp; B")})
    assert "A &amp; B — Live" in markup and "&amp;amp;" not in markup


def test_unknown_and_lower_case_codes() -> None:
    paths = paths_by_code(parse(render_world_map({"ZZ": "live", "fr": "live"}, {"ZZ": "Nowhere"})))
    assert "ZZ" not in paths
    assert paths["FR"].get("class") == "stage-live"


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(ValueError, match="launched"):
        render_world_map({"FR": "launched"}, {})


def test_no_inline_script_or_style() -> None:
    root = parse(render_world_map({"FR": "live"}, {"FR": "France"}))
    for element in root.iter():
        assert element.tag != f"{SVG}script"
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)


def test_small_countries_are_painted_last() -> None:
    order = [code for code, _ in load_world_map()[1]]
    assert order.index("LU") > order.index("FR")
    assert order.index("VA") > order.index("IT")
    assert order.index("LS") > order.index("ZA")  # an enclave stays visible
