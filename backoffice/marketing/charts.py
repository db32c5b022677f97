"""Charts as server-rendered SVG: geometry here, drawing in ``marketing/_charts.html``.

No JavaScript and no inline styles: every shape carries a class styled in marketing.css.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

LABEL_WIDTH = 190
BAR_AREA = 380
VALUE_WIDTH = 130
BAR_HEIGHT = 10
ROW_GAP = 10


def _labelled(label: str, text: str) -> str:
    """``label: text`` with the reader's punctuation (French puts a space before ``:``)."""
    return _("%(label)s: %(value)s", label=label, value=text)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str  # shown as a tooltip and read by screen readers


@dataclass
class Text:
    x: float
    y: float
    text: str
    css_class: str = ""
    anchor: str = "start"


@dataclass
class Chart:
    width: int
    height: int
    title: str
    bars: list[Bar] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)


def split_chart(title: str, parts: list[tuple[str, Decimal, str, str]]) -> Chart:
    """One stacked bar of percentages: ``parts`` are (label, percent, css class, text)."""
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    chart = Chart(width=width, height=50, title=title)
    x = 0.0
    for label, percent, css_class, text in parts:
        span = float(percent) / 100 * width
        if span > 0:
            chart.bars.append(Bar(x, 0, span, 28, css_class, _labelled(label, text)))
            if span > 60:
                chart.texts.append(Text(x + 6, 19, f"{label} {text}", "bar-label"))
        chart.legend.append((css_class, _labelled(label, text)))
        x += span
    return chart


def grouped_bar_chart(
    title: str,
    rows: list[tuple[str, list[tuple[Decimal | None, str]]]],
    series: list[tuple[str, str]],
) -> Chart:
    """Horizontal bars, one group per row and one bar per series.

    ``rows``: (label, [(value or None, formatted value) per series]); ``series``:
    (css class, label). A ``None`` value is drawn as "missing", never as zero.
    """
    per_row = len(series) * BAR_HEIGHT + ROW_GAP + 6
    chart = Chart(
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=max(per_row * len(rows), 20),
        title=title,
        legend=list(series),
    )
    values = [value for _label, cells in rows for value, _text in cells if value is not None]
    top = max(values, default=Decimal(0))
    for index, (label, cells) in enumerate(rows):
        y = index * per_row
        chart.texts.append(Text(0, y + BAR_HEIGHT + 2, label, "row-label"))
        for position, ((value, text), (css_class, series_label)) in enumerate(
            zip(cells, series, strict=True)
        ):
            bar_y = y + position * BAR_HEIGHT
            if value is None:
                chart.texts.append(Text(LABEL_WIDTH, bar_y + BAR_HEIGHT - 1, text, "missing"))
                continue
            span = float(value / top) * BAR_AREA if top > 0 else 0.0
            chart.bars.append(Bar(LABEL_WIDTH, bar_y, max(span, 1.0), BAR_HEIGHT - 1,
                                  css_class, _labelled(f"{label} – {series_label}", text)))
            chart.texts.append(
                Text(LABEL_WIDTH + max(span, 1.0) + 4, bar_y + BAR_HEIGHT - 1, text, "value")
            )
    return chart
