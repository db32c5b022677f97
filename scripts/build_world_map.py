"""Build ``backoffice/countries/data/world_map.json`` from Natural Earth TopoJSON.

The console draws its world map from this file instead of remote tiles. The input is
the npm package ``world-atlas`` (Natural Earth data, public domain; package under ISC),
fetched into a scratch directory, never into the repository::

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_world_map.py /tmp/package

The script decodes the 1:50m TopoJSON arcs, projects them with Equal Earth, simplifies
each shared arc once (so neighbouring borders stay identical), drops Antarctica, and keys
the countries by ISO 3166-1 alpha-2. Countries too small to see or hover (Malta,
Singapore, Andorra...) are drawn as dots at their centroid. The result is about 100 KB.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycountry

Point = tuple[float, float]
Ring = list[Point]

OUTPUT = Path(__file__).resolve().parent.parent / "backoffice/countries/data/world_map.json"
WIDTH = 1000.0  # SVG user units across the whole projected world
TOLERANCE = 0.3  # Douglas-Peucker tolerance in SVG units: below what anyone can see
DOT_RADIUS = 2.5  # big enough to hover and click
MIN_AREA = 4.0  # smaller shapes (in square SVG units) become dots
# Natural Earth has no ISO numeric code for these; only Kosovo has an agreed alpha-2.
CODES_BY_NAME = {"Kosovo": "XK"}
SKIPPED = {"AQ"}  # Antarctica: a third of the map's height for no market

# Equal Earth (Šavrič, Patterson, Jenny 2018).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_SCALE = WIDTH / (2 * 2.7066297319215575)  # half-width of Equal Earth at the equator


def equal_earth(lon: float, lat: float) -> Point:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x * _SCALE, -y * _SCALE  # SVG's y axis points down


def decode_arcs(topology: dict) -> list[Ring]:
    """Undo quantisation and delta encoding, then project every arc."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(equal_earth(x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, iterative; keeps both end points so arcs still join."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_from(indexes: Iterable[int], arcs: Sequence[Ring]) -> Ring:
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]  # ~i: arc i reversed
        ring.extend(arc if not ring else arc[1:])  # arcs share their end points
    return ring


def split_at_antimeridian(ring: Ring) -> list[Ring]:
    """Cut a ring where it jumps across the map (a country crossing 180 degrees, such as
    Russia's far east), so no line is drawn from one edge of the map to the other."""
    pieces: list[Ring] = [[]]
    for point in ring:
        if pieces[-1] and abs(point[0] - pieces[-1][-1][0]) > WIDTH / 2:
            pieces.append([])
        pieces[-1].append(point)
    if len(pieces) == 1:
        return [ring]
    return [piece for piece in pieces if len(piece) > 2]


def polygons_of(geometry: dict, arcs: Sequence[Ring]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    result = []
    for polygon in polygons:
        rings = [ring_from(r, arcs) for r in polygon]
        outer, *holes = rings
        for piece in split_at_antimeridian(outer):
            result.append([piece, *holes] if piece is outer else [piece])
    return result


def edges(ring: Ring) -> Iterable[tuple[Point, Point]]:
    return zip(ring, ring[1:] + ring[:1], strict=True)


def signed_area(ring: Ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in edges(ring)) / 2


def centroid(ring: Ring) -> Point:
    area = signed_area(ring)
    if area == 0:
        return ring[0]
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in edges(ring):
        cross = x1 * y2 - x2 * y1
        cx, cy = cx + (x1 + x2) * cross, cy + (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


def path_data(rings: Iterable[Ring]) -> str:
    """Relative SVG path commands on a 0.1 grid: about half the size of absolute ones."""
    parts = []
    cursor = (0, 0)  # in tenths of a unit, so that deltas are exact
    for ring in rings:
        grid = [(round(x * 10), round(y * 10)) for x, y in ring]
        deduped = [p for i, p in enumerate(grid) if i == 0 or p != grid[i - 1]]
        if deduped[-1] == deduped[0]:
            deduped.pop()  # Z closes the ring
        if len(deduped) < 3:
            continue
        steps = []
        for point in deduped:
            steps.append(_pair(point[0] - cursor[0], point[1] - cursor[1]))
            cursor = point
        parts.append("m" + steps[0] + "l" + _join(steps[1:]) + "z")
        cursor = deduped[0]  # after z the current point is the ring's start
    return "".join(parts)


def _number(tenths: int) -> str:
    text = f"{tenths / 10:.1f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _pair(dx: int, dy: int) -> str:
    x, y = _number(dx), _number(dy)
    return x + y if y.startswith("-") else f"{x} {y}"


def _join(steps: list[str]) -> str:
    # A minus sign already separates two numbers.
    return "".join(s if i == 0 or s.startswith("-") else " " + s for i, s in enumerate(steps))


def dot(center: Point) -> str:
    cx, cy = center
    r = DOT_RADIUS
    return f"M{cx - r:.1f} {cy:.1f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0z"


def alpha_2(feature: dict) -> str | None:
    name = feature.get("properties", {}).get("name", "")
    if name in CODES_BY_NAME:
        return CODES_BY_NAME[name]
    country = pycountry.countries.get(numeric=feature.get("id") or "")
    return country.alpha_2 if country else None


def shapes(topology: dict) -> dict[str, list[list[Ring]]]:
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    found: dict[str, list[list[Ring]]] = {}
    for feature in topology["objects"]["countries"]["geometries"]:
        code = alpha_2(feature)
        if code and code not in SKIPPED:
            found.setdefault(code, []).extend(polygons_of(feature, arcs))
    return found


def build(source: Path) -> dict:
    found = shapes(json.loads((source / "countries-50m.json").read_text()))
    drawn: list[tuple[float, str, str]] = []  # (area, code, path)
    xs: list[float] = []
    ys: list[float] = []
    for code, polygons in sorted(found.items()):
        area = sum(abs(signed_area(p[0])) for p in polygons if p[0])
        outline = path_data(ring for polygon in polygons for ring in polygon)
        if area < MIN_AREA or not outline:
            largest = max(polygons, key=lambda p: abs(signed_area(p[0])))[0]
            outline = dot(centroid(largest))
        drawn.append((area, code, outline))
        for polygon in polygons:
            xs.extend(x for x, _ in polygon[0])
            ys.extend(y for _, y in polygon[0])
    margin = 2.0
    left, top = math.floor(min(xs) - margin), math.floor(min(ys) - margin)
    width, height = math.ceil(max(xs) + margin) - left, math.ceil(max(ys) + margin) - top
    # Largest first, so enclaves and dots are painted over their neighbours.
    drawn.sort(key=lambda item: (-item[0], item[1]))
    return {
        "viewBox": f"{left} {top} {width} {height}",
        "countries": {code: outline for _, code, outline in drawn},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="unpacked world-atlas package directory")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = build(args.source)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{args.output}: {len(data['countries'])} countries, {args.output.stat().st_size} bytes")


if __name__ == "__main__":
    main()
