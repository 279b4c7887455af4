"""Chart specifications, built in Python with ``plotly.graph_objects`` and drawn in the
browser by the plotly.js that ships inside the plotly package (``vendor/plotly.min.js``,
no CDN; docs/adr/0009-charts-plotly.md).

A chart is a :class:`Chart`: the figure's ``data`` and ``layout`` and Plotly's ``config``
(the mode bar's "download as PNG" with a Vietnamese file name, the mode bar in the
interface language). Numbers are written the Vietnamese way in the hover texts
(``core.vnformat``) and on the axes: ``separators`` says which marks, and the tick format
of an axis of figures (:func:`value_axis`) keeps plotly from writing "200k" (SI
prefixes) where a Vietnamese reader expects "200.000". A point that stands for a unit
carries the address of its drill-down in ``customdata``; ``static/dashboards/ioc.js``
opens it on click.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dieuhanh.core.periods import Period
from dieuhanh.core.rollup import Figure
from dieuhanh.core.vnformat import format_number
from dieuhanh.dashboards import display
from dieuhanh.indicators.models import Indicator, Target
from dieuhanh.orgunits.models import OrgUnit

FONT = "Segoe UI, Roboto, Noto Sans, DejaVu Sans, Arial, sans-serif"
INK, MUTED, LINE, ACCENT, BRAND = "#1b2430", "#5b6675", "#d9dee5", "#0b5cad", "#a4161a"
OK, WARN, BAD, NONE = (display.TONE_COLOURS[k] for k in ("ok", "warn", "bad", "none"))
# Worst → best: red, amber, green (the verdict colours), readable on the wall screen.
SCALE_GOOD = [[0.0, "#b3261e"], [0.5, "#f2c14e"], [1.0, "#1e7b34"]]

# A small house template: Plotly's default one would add ~10 kB to every chart.
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT, "color": INK, "size": 13},
        "separators": ",.",  # 1.234,5 — Vietnamese decimal comma, dot for thousands
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "colorway": [ACCENT, BRAND, "#1e7b34", "#b26a00", "#6a3d9a", "#5b6675"],
        "hoverlabel": {"font": {"family": FONT}},
        "xaxis": {"gridcolor": "#eef1f5", "linecolor": LINE, "zerolinecolor": LINE},
        "yaxis": {"gridcolor": "#eef1f5", "linecolor": LINE, "zerolinecolor": LINE},
    }
)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    data: list[dict[str, Any]]
    layout: dict[str, Any]
    config: dict[str, Any]

    @property
    def payload(self) -> dict[str, Any]:
        return {"data": self.data, "layout": self.layout, "config": self.config}


def slug_vi(text: str) -> str:
    """A file name from Vietnamese text: "Tỷ lệ hồ sơ – năm 2025" → "ty-le-ho-so-nam-2025"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return slugify(text)[:120] or "bieu-do"


def _modebar_dictionary() -> dict[str, str]:
    """The mode bar's words in the interface language (plotly.js locales)."""
    return {
        "Download plot as a PNG": _("Download the chart as PNG"),
        "Download plot": _("Download the chart"),
        "Zoom": _("Zoom"),
        "Pan": _("Pan"),
        "Zoom in": _("Zoom in"),
        "Zoom out": _("Zoom out"),
        "Autoscale": _("Fit to the data"),
        "Reset axes": _("Reset the axes"),
        "Double-click to zoom back out": _("Double-click to zoom back out"),
        "Taking snapshot - this may take a few seconds": _("Making the image…"),
        "Snapshot succeeded": _("Image ready"),
        "Sorry, there was a problem downloading your snapshot!": _("The image could not be made."),
    }


def config(filename: str, *, wall: bool = False) -> dict[str, Any]:
    language = get_language() or "vi"
    return {
        "displaylogo": False,
        "responsive": True,
        # On the wall screen nobody clicks: no mode bar. Elsewhere it shows on hover.
        **({"displayModeBar": False} if wall else {}),
        "modeBarButtonsToRemove": [
            "select2d",
            "lasso2d",
            "toggleSpikelines",
            "hoverCompareCartesian",
            "hoverClosestCartesian",
        ],
        "toImageButtonOptions": {"format": "png", "filename": slug_vi(filename), "scale": 2},
        "locale": language,
        "locales": {
            language: {
                "dictionary": _modebar_dictionary(),
                "format": {"decimal": ",", "thousands": "."},
            }
        },
    }


def _layout(*, height: int, wall: bool, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "template": TEMPLATE,
        "height": height,
        "autosize": True,
        "margin": {"l": 48, "r": 16, "t": 16, "b": 40},
        "font": {"size": 24 if wall else 13},
        "showlegend": False,
    }
    layout.update(extra)
    return layout


def _figure(data: Sequence[go.BaseTraceType], layout: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = go.Figure(data=list(data), layout=layout).to_plotly_json()
    return spec


def _chart(
    chart_id: str,
    title: str,
    data: Sequence[go.BaseTraceType],
    layout: dict[str, Any],
    *,
    wall: bool,
) -> Chart:
    spec = _figure(data, layout)
    return Chart(chart_id, title, spec["data"], spec["layout"], config(title, wall=wall))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def value_text(value: Decimal | None, indicator: Indicator) -> str:
    """``97,92%``, ``239.723 hồ sơ``; missing is "—"."""
    if value is None:
        return "—"
    number = format_number(value, indicator.decimals)
    unit = indicator.unit_of_measure
    return f"{number}%" if unit == "%" else f"{number} {unit}".strip()


# Tick labels of an axis of figures. Plotly's default ("" with SI exponents) writes
# 200000 as "200k"; d3's "," groups the thousands (with "." here: ``separators``), "~f"
# writes plain decimals with no trailing zeros — 200.000, 97,5 — and, unlike ",d", does
# not round 2,5 to 3 (a small range of counts may be ticked every half), so no label is
# written twice.
TICKS = ",~f"
COUNT_TICKS = ",d"  # for axes ticked on whole numbers only (``dtick`` 1)


def value_axis(indicator: Indicator) -> dict[str, Any]:
    """The tick format of an axis carrying the indicator's figures: ``200.000``, never
    ``200k``; percentages (figures 0–100, not shares) as ``97,5%``."""
    axis: dict[str, Any] = {"tickformat": TICKS}
    if indicator.unit_of_measure == "%":
        axis["ticksuffix"] = "%"
    return axis


def _target_text(target: Target | None, indicator: Indicator) -> str:
    if target is None:
        return ""
    return (
        f"{target.get_comparator_display()} {value_text(target.value, indicator)} ({target.year})"
    )


# --- trends ---------------------------------------------------------------------------


def trend_chart(
    *,
    indicator: Indicator,
    periods: Sequence[Period],
    figures: Sequence[Figure],
    target: Target | None,
    unit: OrgUnit,
    link: Callable[[Period], str] | None = None,
    wall: bool = False,
) -> Chart:
    """One key indicator over the same period of each year, with its target; a point
    opens that year's drill-down."""
    points = [(p, f) for p, f in zip(periods, figures, strict=True)]
    # Years before the first figure are left off (the catalogue may start later).
    while len(points) > 1 and points[0][1].value is None:
        points.pop(0)
    # The same period each year: the year says which (the caption says the period).
    labels = [str(p.year) for p, _f in points]
    traces: list[go.BaseTraceType] = [
        go.Scatter(
            x=labels,
            y=[_float(f.value) for _p, f in points],
            text=[value_text(f.value, indicator) for _p, f in points],
            hovertemplate="%{x}: %{text}<extra></extra>",
            customdata=[link(p) for p, _f in points] if link else None,
            mode="lines+markers+text" if wall else "lines+markers",
            textposition="top center",
            line={"color": ACCENT, "width": 4 if wall else 2.5},
            marker={"size": 12 if wall else 8},
            name=unit.name,
        )
    ]
    if target is not None:
        traces.append(
            go.Scatter(
                x=[labels[0], labels[-1]],
                y=[float(target.value)] * 2,
                mode="lines",
                line={"color": BAD, "dash": "dash", "width": 2},
                hovertemplate=_("Target") + f" {_target_text(target, indicator)}<extra></extra>",
                name=_("Target"),
            )
        )
    title = f"{indicator.name} — {unit.name}"
    layout = _layout(
        height=300 if wall else 190,
        wall=wall,
        margin={"l": 56, "r": 12, "t": 12, "b": 36},
        yaxis={
            "rangemode": "tozero" if indicator.unit_of_measure != "%" else "normal",
            "automargin": True,  # room for "239.723" or "100%" on the wall's large font
            **value_axis(indicator),
        },
        xaxis={"type": "category"},
    )
    return _chart(f"trend-{indicator.code}", title, traces, layout, wall=wall)


# --- compare --------------------------------------------------------------------------


def heatmap_chart(
    *,
    units: Sequence[OrgUnit],
    indicators: Sequence[Indicator],
    cell: Callable[[Indicator, OrgUnit], Figure],
    colour: Callable[[Indicator, OrgUnit], float | None],
    link: Callable[[Indicator, OrgUnit], str],
    title: str,
    colour_title: str,
    wall: bool = False,
) -> Chart:
    """Units (rows) × indicators (columns); the colour says how a unit does on that
    indicator (0 worst … 1 best, or met / not met), the text is the figure itself."""
    columns = [
        f"{i + 1}. {ind.name[:28]}{'…' if len(ind.name) > 28 else ''}"
        for i, ind in enumerate(indicators)
    ]
    rows = [u.name for u in units]
    z = [[colour(ind, u) for ind in indicators] for u in units]
    text = [[value_text(cell(ind, u).value, ind) for ind in indicators] for u in units]
    hover = [
        [f"{u.name}<br>{ind.name}: {value_text(cell(ind, u).value, ind)}" for ind in indicators]
        for u in units
    ]
    urls = [[link(ind, u) for ind in indicators] for u in units]
    trace = go.Heatmap(
        z=z,
        x=columns,
        y=rows,
        text=text,
        customdata=urls,
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        texttemplate="%{text}" if len(indicators) <= 12 else "",
        textfont={"size": 18 if wall else 11},
        colorscale=SCALE_GOOD,
        zmin=0,
        zmax=1,
        xgap=2,
        ygap=2,
        colorbar={
            "title": {"text": colour_title, "side": "right"},
            "tickvals": [0, 0.5, 1],
            "ticktext": [_("worst"), _("middle"), _("best")],
            "thickness": 12,
        },
    )
    row_height = 34 if wall else 22
    layout = _layout(
        height=max(260, 150 + row_height * len(units)),
        wall=wall,
        margin={"l": 200 if not wall else 300, "r": 24, "t": 150, "b": 10},
        xaxis={"side": "top", "tickangle": -35, "type": "category"},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
        plot_bgcolor="#f4f6f9",
    )
    return _chart("heatmap", title, [trace], layout, wall=wall)


def ranking_chart(
    *,
    indicator: Indicator,
    ranked: Sequence[display.Ranked[OrgUnit]],
    target: Target | None,
    total: Figure,
    province: OrgUnit,
    link: Callable[[OrgUnit], str],
    title: str,
    limit: int | None = None,
    wall: bool = False,
) -> Chart:
    """Units ranked on one indicator, best at the top, coloured by the target (met: green,
    not met: red, no target: blue), with the target and the province's figure as lines."""
    rows = [r for r in ranked if r.figure.value is not None]
    if limit is not None and len(rows) > limit:
        rows = rows[:limit]
    colours = []
    for r in rows:
        met = display.meets(r.figure, target.comparator, target.value) if target else None
        colours.append(ACCENT if met is None else (OK if met else BAD))
    trace = go.Bar(
        x=[_float(r.figure.value) for r in rows],
        y=[f"{r.rank}. {r.key.name}" for r in rows],
        orientation="h",
        marker={"color": colours},
        text=[value_text(r.figure.value, indicator) for r in rows],
        textposition="outside" if not wall else "inside",
        cliponaxis=False,
        customdata=[link(r.key) for r in rows],
        hovertemplate="%{y}: %{text}<extra></extra>",
        showlegend=False,
    )
    # The target and the province's own figure as vertical lines, named in the legend.
    shapes: list[dict[str, Any]] = []
    legend: list[go.BaseTraceType] = []
    for value, colour, dash, name in (
        (
            target.value if target is not None else None,
            BAD,
            "dash",
            _("Target") + " " + _target_text(target, indicator),
        ),
        (total.value, INK, "dot", f"{province.name}: {value_text(total.value, indicator)}"),
    ):
        if value is None:
            continue
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": float(value),
                "x1": float(value),
                "y0": 0,
                "y1": 1,
                "line": {"color": colour, "width": 2, "dash": dash},
            }
        )
        legend.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line={"color": colour, "dash": dash, "width": 2},
                name=name,
                showlegend=True,
                hoverinfo="skip",
            )
        )
    row_height = 40 if wall else 22
    values = [v for v in (_float(r.figure.value) for r in rows) if v is not None]
    if target is not None:
        values.append(float(target.value))
    low = min([0.0, *values])
    high = max(values or [1.0])
    if indicator.unit_of_measure == "%" and indicator.limit is not None:
        high = max(high, float(indicator.limit))
    layout = _layout(
        height=max(240, 90 + row_height * len(rows)),
        wall=wall,
        margin={"l": 230 if not wall else 380, "r": 40, "t": 36, "b": 40},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
        xaxis={
            "range": [low, high * 1.08 if high > 0 else 1],
            "title": {"text": indicator.unit_of_measure},
            "automargin": True,
            **value_axis(indicator),
        },
        shapes=shapes,
        showlegend=bool(legend),
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        bargap=0.25,
    )
    return _chart("ranking", title, [trace, *legend], layout, wall=wall)


# --- map ------------------------------------------------------------------------------


def map_chart(
    *,
    indicator: Indicator,
    points: Sequence[tuple[OrgUnit, Figure]],
    link: Callable[[OrgUnit], str],
    title: str,
    wall: bool = False,
) -> Chart:
    """Units placed by their coordinates on plain longitude/latitude axes of equal
    scale (no tiles, no boundaries: nothing is fetched from the internet), coloured and
    sized by the indicator; units without a figure as grey rings."""
    placed = [(u, f) for u, f in points if u.latitude is not None and u.longitude is not None]
    with_value = [(u, f) for u, f in placed if f.value is not None]
    without = [(u, f) for u, f in placed if f.value is None]
    values = [float(f.value) for _u, f in with_value if f.value is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    span = (high - low) or 1.0
    small, large = (16, 44) if wall else (9, 28)
    reverse = indicator.direction == Indicator.Direction.LOWER
    traces: list[go.BaseTraceType] = [
        go.Scatter(
            x=[float(u.longitude) for u, _f in with_value],  # type: ignore[arg-type]
            y=[float(u.latitude) for u, _f in with_value],  # type: ignore[arg-type]
            mode="markers",
            marker={
                "color": values,
                "colorscale": SCALE_GOOD,
                "reversescale": reverse,
                "cmin": low,
                "cmax": high,
                "size": [small + (large - small) * (v - low) / span for v in values],
                "line": {"color": "#ffffff", "width": 1},
                "opacity": 0.9,
                "colorbar": {
                    "title": {"text": indicator.unit_of_measure, "side": "right"},
                    "thickness": 14,
                    **value_axis(indicator),
                },
            },
            text=[f"{u.name}: {value_text(f.value, indicator)}" for u, f in with_value],
            customdata=[link(u) for u, _f in with_value],
            hovertemplate="%{text}<extra></extra>",
            name=indicator.name,
            showlegend=False,
        ),
        go.Scatter(
            x=[float(u.longitude) for u, _f in without],  # type: ignore[arg-type]
            y=[float(u.latitude) for u, _f in without],  # type: ignore[arg-type]
            mode="markers",
            marker={"size": small, "color": "rgba(0,0,0,0)", "line": {"color": NONE, "width": 2}},
            text=[f"{u.name}: —" for u, _f in without],
            customdata=[link(u) for u, _f in without],
            hovertemplate="%{text}<extra></extra>",
            name=_("no data"),
            showlegend=bool(without),
        ),
    ]
    latitudes = [float(u.latitude) for u, _f in placed]  # type: ignore[arg-type]
    middle = (min(latitudes) + max(latitudes)) / 2 if latitudes else 21.8
    layout = _layout(
        height=820 if wall else 500,
        wall=wall,
        margin={"l": 56, "r": 16, "t": 16, "b": 48},
        showlegend=bool(without),
        legend={"orientation": "h", "y": -0.08},
        # Equal distances on both axes: a degree of longitude is cos(latitude) of a
        # degree of latitude on the ground.
        xaxis={
            "title": {"text": _("longitude (°E)"), "standoff": 12},
            "automargin": True,
            "scaleanchor": "y",
            "scaleratio": math.cos(math.radians(middle)),
            "showgrid": True,
            "zeroline": False,
        },
        yaxis={
            "title": {"text": _("latitude (°N)"), "standoff": 12},
            "automargin": True,
            "showgrid": True,
            "zeroline": False,
        },
        plot_bgcolor="#f8f9fb",
    )
    return _chart("map", title, traces, layout, wall=wall)


# --- assignments ------------------------------------------------------------------------


def overdue_chart(
    *, rows: Sequence[Any], link: Callable[[Any], str], title: str, wall: bool = False
) -> Chart:
    """Lead units by their number of overdue open tasks (directives' scorecard rows)."""
    trace = go.Bar(
        x=[r.open_overdue for r in rows],
        y=[r.unit_name for r in rows],
        orientation="h",
        marker={"color": BAD},
        text=[format_number(r.open_overdue) for r in rows],
        textposition="outside",
        cliponaxis=False,
        customdata=[link(r) for r in rows],
        hovertemplate="%{y}: %{x}<extra></extra>",
    )
    layout = _layout(
        height=max(220, 80 + (46 if wall else 26) * len(rows)),
        wall=wall,
        margin={"l": 360 if wall else 240, "r": 40, "t": 10, "b": 30},
        # automargin: a long unit name ("Văn phòng Ủy ban nhân dân tỉnh") widens the margin
        # instead of being cut off on the left.
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
        xaxis={"dtick": 1, "rangemode": "tozero", "tickformat": COUNT_TICKS, "automargin": True},
    )
    return _chart("overdue", title, [trace], layout, wall=wall)
