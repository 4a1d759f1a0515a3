"""Bar charts drawn at build time as inline SVG, each with the same numbers as a table.

No charting library and no script: the site makes no third-party request, and a chart should
show with JavaScript off. Each bar is a row: its label and value on one line, the bar under it.
Horizontal positions are percentages of the chart's width and text keeps its real size, so the
same SVG reads at 390 px and at 1280 px without scaling its text down. Colours are CSS classes
(docs/assets/learner.css) with a light and a dark palette; text uses the theme's text colour.
The SVG is an image with a one-sentence name; the table (in a <details>) has every number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

ROW_HEIGHT = 40
BAR_TOP = 20
BAR_HEIGHT = 14
LABEL_CHARS = 38
#: Number of colours in learner.css (`ms-chart__seg--1` ...).
PALETTE = 5


@dataclass(frozen=True)
class Bar:
    label: str
    #: One value per series (one for a simple bar chart).
    values: tuple[float, ...]
    #: Site-relative link for the label in the table (an entry page, a glossary entry).
    href: str | None = None
    #: What the chart prints beside the bar, when not its total ("54% recorded").
    shown: str | None = None


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    #: One sentence that says what the chart shows most: the chart's accessible name.
    summary: str
    #: What a value counts ("credentials"), or "%" for shares.
    unit: str
    #: The table's first column header ("Credential type").
    column: str
    bars: tuple[Bar, ...]
    #: Names of the series; more than one makes a stacked bar chart with a legend.
    series: tuple[str, ...] = ("Count",)
    #: Bar lengths against this maximum (e.g. 100 for shares); default: the largest total.
    scale: float | None = None
    note: str = ""
    #: Whether the table gives each series' share of the row's total too.
    shares: bool = False

    @property
    def stacked(self) -> bool:
        return len(self.series) > 1


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _value_text(chart: Chart, total: float) -> str:
    return f"{number(total)}%" if chart.unit == "%" else number(total)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.3f}%" if whole else "0%"


def svg(chart: Chart) -> Markup:
    """The chart as an SVG element sized by the page's width."""
    totals = [sum(bar.values) for bar in chart.bars]
    scale = chart.scale or max(totals, default=0) or 1
    height = ROW_HEIGHT * len(chart.bars) + 4
    name = f"{chart.title}. {chart.summary}"
    out = [
        f'<svg class="ms-chart__svg" width="100%" height="{height}" role="img" aria-label="{escape(name)}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for row, (bar, total) in enumerate(zip(chart.bars, totals, strict=True)):
        top = ROW_HEIGHT * row
        value = bar.shown or _value_text(chart, total)
        out.append(f'<g class="ms-chart__row"><title>{escape(bar.label)}: {escape(value)}</title>')
        out.append(f'<text class="ms-chart__label" x="0" y="{top + 14}">{escape(_short(bar.label))}</text>')
        out.append(f'<text class="ms-chart__value" x="100%" y="{top + 14}" text-anchor="end">{escape(value)}</text>')
        bar_y = top + BAR_TOP
        out.append(f'<rect class="ms-chart__track" x="0" y="{bar_y}" width="100%" height="{BAR_HEIGHT}" rx="2"></rect>')
        start = 0.0
        for index, part in enumerate(bar.values):
            if part <= 0:
                continue
            colour = f"ms-chart__seg--{index % PALETTE + 1}" if chart.stacked else "ms-chart__bar"
            out.append(
                f'<rect class="{colour}" x="{_percent(start, scale)}" y="{bar_y}" '
                f'width="{_percent(part, scale)}" height="{BAR_HEIGHT}"></rect>'
            )
            start += part
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def legend(chart: Chart) -> Markup:
    if not chart.stacked:
        return Markup("")
    items = "".join(
        f'<li><span class="ms-chart__swatch ms-chart__seg--{i % PALETTE + 1}" aria-hidden="true"></span>'
        f"{escape(name)}</li>"
        for i, name in enumerate(chart.series)
    )
    return Markup(f'<ul class="ms-chart__legend" aria-hidden="true">{items}</ul>')


def table(chart: Chart, link: str = "") -> Markup:
    """The chart's numbers; `link` is the relative prefix from the page to the site root."""
    head = [f'<th scope="col">{escape(chart.column)}</th>']
    if chart.stacked:
        head += [f'<th scope="col">{escape(name)}</th>' for name in chart.series]
        head.append('<th scope="col">Total</th>')
    else:
        head.append(f'<th scope="col">{escape(chart.series[0] if chart.unit != "%" else "Share")}</th>')
    body = []
    for bar in chart.bars:
        label = Markup('<a href="{0}">{1}</a>').format(link + bar.href, bar.label) if bar.href else escape(bar.label)
        cells = [f'<th scope="row">{label}</th>']
        total = sum(bar.values)
        if chart.stacked:
            for part in bar.values:
                text = number(part)
                if chart.shares and total:
                    text += f" ({100 * part / total:.0f}%)"
                cells.append(f'<td class="ms-num">{escape(text)}</td>')
        cells.append(f'<td class="ms-num">{escape(_value_text(chart, total))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Markup(
        '<div class="ms-scroll"><table class="ms-table ms-chart__table">'
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def render(chart: Chart) -> RenderedChart:
    return RenderedChart(chart)


@dataclass(frozen=True)
class RenderedChart:
    """A chart as the stats template places it: the template adds the relative links."""

    chart: Chart

    @property
    def svg(self) -> Markup:
        return svg(self.chart)

    @property
    def legend(self) -> Markup:
        return legend(self.chart)

    def table(self, link: str) -> Markup:
        return table(self.chart, link)


def histogram(values: Sequence[float], edges: Sequence[float], unit: str = "") -> list[tuple[str, int]]:
    """Counts of `values` in the bins [edges[i], edges[i+1]); the last bin is open-ended."""
    counts = [0] * len(edges)
    for value in values:
        for index in range(len(edges) - 1, -1, -1):
            if value >= edges[index]:
                counts[index] += 1
                break
    labels = []
    for index, low in enumerate(edges):
        if index + 1 == len(edges):
            labels.append(f"{number(low)} or more{unit}")
        elif index == 0 and low == 0:
            labels.append(f"Under {number(edges[1])}{unit}")
        else:
            labels.append(f"{number(low)} to under {number(edges[index + 1])}{unit}")
    return list(zip(labels, counts, strict=True))
