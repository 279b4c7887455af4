"""The operations-centre screens: Tổng quan (the home page), So sánh, Bản đồ, the
drill-down behind any figure, the wall mode for the IOC screen, and their Excel files.

Views parse the request, ask ``selectors`` (which ask the other apps' selectors), hand
the figures to ``charts`` and render; ``display`` does the little the screens derive
(change against last year, order on one indicator). HTMX swaps the page body when a
picker changes and the table when a column is sorted; everything also works as plain
links and forms.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dieuhanh.accounts.permissions import home_unit
from dieuhanh.core.periods import Period, PeriodParseError, parse_period
from dieuhanh.core.rollup import Figure
from dieuhanh.dashboards import charts, display, exports, selectors
from dieuhanh.indicators.models import Indicator
from dieuhanh.indicators.selectors import OverviewRow
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import orgunit_get_for_user
from dieuhanh.web.params import id_param

WALL_PAGES = ("overview", "compare", "map", "assignments")
WALL_EVERY_DEFAULT = 30
WALL_EVERY_MIN = 5
# The wall turns to the next key indicator at each round; after this many it starts again
# (and the slides' cache keys repeat).
WALL_CYCLES = 60


@dataclass(frozen=True)
class Scope:
    province: OrgUnit
    unit: OrgUnit
    period: Period
    today: date
    version: tuple[int, ...] | None = None  # selectors.content_version(), when cacheable

    def query(self, **extra: Any) -> str:
        params = {"unit": self.unit.pk, "period": self.period.code, **extra}
        return urlencode({k: str(v) for k, v in params.items() if v not in (None, "")})


def _scope(request: HttpRequest) -> Scope:
    """The unit (``?unit=``, the province by default) and period (``?period=`` as a code
    or a Vietnamese phrase, the year to date by default); bad input is said and replaced
    by the default. Reads the content version first: what follows is cached under it."""
    version = selectors.content_version() if selectors.cacheable() else None
    province = selectors.province(version)
    if province is None:
        raise Http404(_("No province has been loaded yet."))
    today = timezone.localdate()
    unit = home_unit(request.user, province)
    raw_unit = request.GET.get("unit", "").strip()
    if (unit_id := id_param(raw_unit)) is not None:
        unit = orgunit_get_for_user(user=request.user, unit_id=unit_id)
    elif raw_unit:
        messages.error(request, _("Unknown unit “%(value)s”.") % {"value": raw_unit})
    period = None
    if raw_period := request.GET.get("period", "").strip():
        try:
            period = parse_period(raw_period)
        except PeriodParseError as exc:
            messages.error(request, str(exc))
    if period is None:
        period = selectors.year_to_date(today=today, version=version[0] if version else None)
    return Scope(province, unit, period, today, version)


_LOCKS = [threading.Lock() for _ in range(64)]


def _fragment(
    request: HttpRequest,
    scope: Scope,
    name: str,
    template: str,
    build: Callable[[], dict[str, Any]],
) -> str:
    """``template`` rendered with ``build()``, cached under everything it depends on: the
    content version (values, assignments, targets, plans, units), the language, today
    (what is overdue), the unit, the period and the query. Many leaders and the wall
    screen ask for the same pages: after the first, a page is a cache read (per worker;
    see docs/performance.md). Never cached inside a transaction."""
    if not selectors.cacheable():
        return render_to_string(template, build(), request=request)
    query = sorted((k, v) for k, v in request.GET.items() if k not in ("unit", "period"))
    parts = (
        name,
        scope.version or selectors.content_version(),
        get_language(),
        scope.today,
        scope.unit.pk,
        scope.period.code,
        query,
    )
    key = (
        "dieuhanh:ioc:html:" + hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
    )
    html = cache.get(key)
    if html is None:
        # One thread of this worker renders a page; the others asking for it meanwhile
        # wait and read the result, instead of all computing the same figures at once.
        with _LOCKS[int(key[-8:], 16) % len(_LOCKS)]:
            html = cache.get(key)
            if html is None:
                html = render_to_string(template, build(), request=request)
                cache.set(key, html, selectors.CACHE_SECONDS)
    return str(html)


def _page(
    request: HttpRequest,
    scope: Scope,
    *,
    name: str,
    full: str,
    partials: dict[str, str],
    build: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """One place decides full page or fragment: an HTMX request aimed at a known part of
    the page gets that part; anything else the page shell (header, menus, messages —
    rendered for this user) around the page body."""
    htmx = getattr(request, "htmx", None)
    target = htmx.target if htmx and not htmx.boosted else None
    if target in partials:
        return HttpResponse(_fragment(request, scope, f"{name}:{target}", partials[target], build))
    body = _fragment(request, scope, f"{name}:ioc-body", partials["ioc-body"], build)
    return render(
        request,
        full,
        {"body": mark_safe(body), "scope": scope, "page": name, "section": "overview"},
    )


@functools.lru_cache(maxsize=2048)
def _drill_path(code: str, prefix: str) -> str:
    return reverse("dashboards:drill", args=[code])


def drill_url(indicator: Indicator, unit: OrgUnit, period: Period) -> str:
    """The drill-down of one figure (asked thousands of times for a heat map: the path
    is resolved once per indicator)."""
    path = _drill_path(indicator.code, get_script_prefix())
    return f"{path}?unit={unit.pk}&period={period.code}"


def overview_url(unit: OrgUnit, period: Period) -> str:
    query = urlencode({"unit": str(unit.pk), "period": period.code})
    return f"{reverse('dashboards:overview')}?{query}"


def _dossier_list_url(kind: str, unit: OrgUnit, period: Period, count: str) -> str | None:
    name = {
        "dossiers": "dossiers:list",
        "procedures": "dossiers:procedures",
        "feedback": "dossiers:feedback",
    }[kind]
    try:
        base = reverse(name)
    except NoReverseMatch:  # the dossiers app is not installed
        return None
    return f"{base}?{urlencode({'unit': str(unit.pk), 'period': period.code, 'count': count})}"


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{charts.slug_vi(name)}.xlsx"'
    return response


# --- Tổng quan --------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    row: OverviewRow
    change: display.Change | None
    tone: str
    url: str

    @property
    def indicator(self) -> Indicator:
        return self.row.indicator

    @property
    def figure(self) -> Figure:
        return self.row.figure


def _tiles(ov: selectors.Overview, rows: list[OverviewRow]) -> list[Tile]:
    return [
        Tile(
            row=row,
            change=display.change(
                row.figure,
                row.previous,
                higher_is_better=row.indicator.direction == Indicator.Direction.HIGHER,
            ),
            tone=display.tone(row.evaluation.result.status if row.evaluation else None),
            url=drill_url(row.indicator, ov.unit, ov.period),
        )
        for row in rows
    ]


def _overview_context(scope: Scope, *, wall: bool = False) -> dict[str, Any]:
    ov = selectors.overview(
        unit=scope.unit, province=scope.province, period=scope.period, today=scope.today
    )
    trends = [
        charts.trend_chart(
            indicator=row.indicator,
            periods=ov.trend_periods,
            figures=ov.trends[row.indicator.pk],
            target=row.target,
            unit=ov.unit,
            link=functools.partial(drill_url, row.indicator, ov.unit),
            wall=wall,
        )
        for row in ov.key_rows
    ]
    blocks = [(block.pillar, _tiles(ov, block.rows)) for block in ov.blocks]
    return {
        "section": "overview",
        "page": "overview",
        "scope": scope,
        "ov": ov,
        "blocks": blocks,
        "key_tiles": _tiles(ov, ov.key_rows),
        "trends": list(zip(ov.key_rows, trends, strict=True)),
        "index_url": _index_url(scope),
        "overdue_url": _assignments_url(ov.assignments.unit_filter, "open_overdue"),
        "in_time_url": _assignments_url(ov.assignments.unit_filter, "open_in_time"),
        "all_tasks_url": _assignments_url(ov.assignments.unit_filter, ""),
    }


def _index_url(scope: Scope) -> str | None:
    try:
        if scope.unit.pk == scope.province.pk:
            base = reverse("dossiers:index766")
            return f"{base}?{urlencode({'unit': str(scope.unit.pk), 'period': scope.period.code})}"
        base = reverse("dossiers:index766_unit", args=[scope.unit.pk])
        return f"{base}?{urlencode({'period': scope.period.code})}"
    except NoReverseMatch:
        return None


def _assignments_url(unit_id: int | None, status: str) -> str:
    params = {k: str(v) for k, v in {"unit": unit_id or "", "status": status}.items() if v}
    return f"{reverse('directives:list')}?{urlencode(params)}"


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)

    def build() -> dict[str, Any]:
        context = _overview_context(scope)
        context.update(
            period_choices=selectors.period_choices(scope.period),
            unit_options=selectors.unit_options(province=scope.province, period=scope.period),
        )
        return context

    return _page(
        request,
        scope,
        name="overview",
        full="dashboards/overview.html",
        partials={"ioc-body": "dashboards/partials/overview_body.html"},
        build=build,
    )


# --- So sánh ----------------------------------------------------------------------------


LEVEL_LABELS = {
    "commune": gettext_lazy("Communes and wards"),
    "department": gettext_lazy("Departments"),
    "district": gettext_lazy("Districts (until 30/06/2025)"),
}


def _levels(
    scope: Scope, wanted: str, allowed: tuple[str, ...]
) -> tuple[str, list[tuple[str, str]]]:
    levels = [
        lv
        for lv in selectors.level_choices(province=scope.province, period=scope.period)
        if lv in allowed
    ]
    level = wanted if wanted in levels else (levels[0] if levels else allowed[0])
    return level, [(lv, str(LEVEL_LABELS[lv])) for lv in levels]


def _level_note(wanted: str, level: str, levels: list[tuple[str, str]]) -> str:
    """What the compare and map pages say when the districts were asked for a period
    ending after 30/6/2025 (they have no units at its end): why another level is shown,
    rather than showing it without a word."""
    if wanted != "district" or level == wanted:
        return ""
    return _(
        "The districts ended on 30/06/2025 (the 2025 restructuring) and are not "
        "compared over a period ending after that day; shown instead: %(level)s. To "
        "compare the districts, choose a period ending by 30/06/2025."
    ) % {"level": dict(levels).get(level, "") or "—"}


def _higher(ind: Indicator) -> bool:
    return ind.direction == Indicator.Direction.HIGHER


def _opening(m: selectors.Matrix, columns: list[Indicator], cycle: int) -> Indicator | None:
    """The indicator a ranking opens on: the first (turning with the wall's cycles) on
    which the units differ; a column of equal values ranks nobody."""
    varied = [i for i in columns if display.varies([m.figure(i, u) for u in m.units])] or columns
    return varied[cycle % len(varied)] if varied else None


def _compare_context(
    request: HttpRequest, scope: Scope, *, wall: bool = False, cycle: int = 0
) -> dict[str, Any]:
    wanted = request.GET.get("level", "")
    level, levels = _levels(scope, wanted, selectors.LEVELS)
    catalogue = selectors.catalogue()
    set_choice, chosen = selectors.indicator_set(catalogue, request.GET.get("set", "key"))
    m = selectors.comparison_matrix(
        province=scope.province, period=scope.period, level=level, catalogue=chosen
    )
    # Columns with no figure for any unit (indicators the province reports as a whole)
    # are named under the table instead of filling the heat map with "—".
    columns = [i for i in m.indicators if display.has_values([m.figure(i, u) for u in m.units])]
    province_only = [i for i in m.indicators if i not in columns]
    by_code = {i.code: i for i in columns}
    ranking = by_code.get(request.GET.get("ind", "")) or _opening(m, columns, cycle)
    colour = request.GET.get("colour", "rank")
    colour = colour if colour in ("rank", "target") else "rank"
    positions = {
        ind.pk: display.positions(
            [(u.pk, m.figure(ind, u)) for u in m.units], higher_is_better=_higher(ind)
        )
        for ind in columns
    }

    def colour_of(ind: Indicator, unit: OrgUnit) -> float | None:
        if colour == "target":
            target = m.targets.get(ind.pk)
            met = (
                display.meets(m.figure(ind, unit), target.comparator, target.value)
                if target
                else None
            )
            return None if met is None else (1.0 if met else 0.0)
        return positions[ind.pk].get(unit.pk)

    def link(ind: Indicator, unit: OrgUnit) -> str:
        return drill_url(ind, unit, scope.period)

    level_label = dict(levels).get(level, "")
    # A level asked for that has no units at the period's end (the districts after
    # 30/6/2025): say so, rather than show another level without a word or an empty table.
    level_note = _level_note(wanted, level, levels)
    heat = (
        charts.heatmap_chart(
            units=m.units,
            indicators=columns,
            cell=m.figure,
            colour=colour_of,
            link=link,
            title=f"{_('Comparison')} {level_label} — {scope.period.label_vi()}",
            colour_title=_("met the province's target")
            if colour == "target"
            else _("place among the units"),
            wall=wall,
        )
        if m.units and columns
        else None
    )
    ranked: list[display.Ranked[OrgUnit]] = []
    ranking_chart = None
    if ranking is not None:
        ranked = display.ranked(
            [(u, m.figure(ranking, u)) for u in m.units], higher_is_better=_higher(ranking)
        )
        shown = ranked
        if wall and len([r for r in ranked if r.rank is not None]) > 20:
            scored = [r for r in ranked if r.rank is not None]
            shown = scored[:10] + scored[-10:]
        ranking_chart = charts.ranking_chart(
            indicator=ranking,
            ranked=shown,
            target=m.targets.get(ranking.pk),
            total=m.total(ranking),
            province=scope.province,
            link=lambda u: link(ranking, u),
            title=f"{ranking.name} — {level_label} — {scope.period.label_vi()}",
            wall=wall,
        )
    # The table: sorted by a column (an indicator's code, best first; "-" for worst
    # first) or by name.
    sort = request.GET.get("sort", "") or (ranking.code if ranking else "name")
    key = sort.lstrip("-")
    if key in by_code:
        order = [
            r.key
            for r in display.ranked(
                [(u, m.figure(by_code[key], u)) for u in m.units],
                higher_is_better=_higher(by_code[key]),
            )
        ]
        if sort.startswith("-"):
            present = [u for u in order if m.figure(by_code[key], u).value is not None]
            order = present[::-1] + [u for u in order if m.figure(by_code[key], u).value is None]
    else:
        order = sorted(m.units, key=lambda u: u.name, reverse=sort == "-name")
    table = [
        (u, [(ind, m.figure(ind, u), colour_of(ind, u), link(ind, u)) for ind in columns])
        for u in order
    ]
    pillars: dict[str, str] = {}
    for ind in catalogue:
        pillars.setdefault(ind.pillar.code, ind.pillar.name)
    return {
        "section": "overview",
        "page": "compare",
        "scope": scope,
        "m": m,
        "level": level,
        "levels": levels,
        "level_label": level_label,
        "level_note": level_note,
        "set_choice": set_choice,
        "pillars": list(pillars.items()),
        "ranking": ranking,
        "ranked": ranked,
        "colour": colour,
        "heat": heat,
        "ranking_chart": ranking_chart,
        "table": table,
        "sort": sort,
        "name_sort": _sort_link(sort, "name"),
        "columns": [
            {
                **_sort_link(sort, ind.code),
                "ind": ind,
                "total": m.total(ind),
                "target": m.targets.get(ind.pk),
            }
            for ind in columns
        ],
        "shown": columns,
        "province_only": [(ind, m.total(ind)) for ind in province_only],
        "base_query": urlencode(
            {
                "period": scope.period.code,
                "level": level,
                "set": set_choice,
                "ind": ranking.code if ranking else "",
                "colour": colour,
            }
        ),
    }


def _sort_link(sort: str, column: str) -> dict[str, str]:
    """The sort a column's header asks for (the other direction when it is the current
    one) and the arrow it shows."""
    if sort == column:
        return {"link": f"-{column}", "arrow": "▲"}
    if sort == f"-{column}":
        return {"link": column, "arrow": "▼"}
    return {"link": column, "arrow": ""}


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)

    def build() -> dict[str, Any]:
        context = _compare_context(request, scope)
        context["period_choices"] = selectors.period_choices(scope.period)
        return context

    return _page(
        request,
        scope,
        name="compare",
        full="dashboards/compare.html",
        partials={
            "ioc-body": "dashboards/partials/compare_body.html",
            "compare-table": "dashboards/partials/compare_table.html",
        },
        build=build,
    )


# --- Bản đồ -----------------------------------------------------------------------------


def _map_context(
    request: HttpRequest, scope: Scope, *, wall: bool = False, cycle: int = 0
) -> dict[str, Any]:
    wanted = request.GET.get("level", "")
    level, levels = _levels(scope, wanted, ("commune", "district"))
    catalogue = selectors.catalogue()
    by_code = {i.code: i for i in catalogue}
    indicator = by_code.get(request.GET.get("ind", ""))
    if indicator is None:
        _set, key = selectors.indicator_set(catalogue, "key")
        opening = selectors.comparison_matrix(
            province=scope.province, period=scope.period, level=level, catalogue=key
        )
        with_values = [
            i for i in key if display.has_values([opening.figure(i, u) for u in opening.units])
        ]
        indicator = _opening(opening, with_values, cycle) or (catalogue[0] if catalogue else None)
    points: list[tuple[OrgUnit, Figure]] = []
    chart = None
    if indicator is not None:
        m = selectors.comparison_matrix(
            province=scope.province, period=scope.period, level=level, catalogue=[indicator]
        )
        points = [(u, m.figure(indicator, u)) for u in m.units]
        level_label = dict(levels).get(level, "")
        chart = charts.map_chart(
            indicator=indicator,
            points=points,
            link=lambda u: drill_url(indicator, u, scope.period),
            title=f"{indicator.name} — {level_label} — {scope.period.label_vi()}",
            wall=wall,
        )
    return {
        "section": "overview",
        "page": "map",
        "scope": scope,
        "level": level,
        "levels": levels,
        "level_note": _level_note(wanted, level, levels),
        "indicators": catalogue,
        "indicator": indicator,
        "points": points,
        "unplaced": [u for u, _f in points if u.latitude is None or u.longitude is None],
        "chart": chart,
        "base_query": urlencode(
            {
                "period": scope.period.code,
                "level": level,
                "ind": indicator.code if indicator else "",
            }
        ),
    }


@login_required
@require_GET
def map_view(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)

    def build() -> dict[str, Any]:
        context = _map_context(request, scope)
        context["period_choices"] = selectors.period_choices(scope.period)
        return context

    return _page(
        request,
        scope,
        name="map",
        full="dashboards/map.html",
        partials={"ioc-body": "dashboards/partials/map_body.html"},
        build=build,
    )


# --- drill-down -------------------------------------------------------------------------


def _drill_context(request: HttpRequest, scope: Scope, code: str) -> dict[str, Any]:
    indicator = get_object_or_404(Indicator.objects.select_related("pillar"), code=code)
    d = selectors.drill(indicator=indicator, unit=scope.unit, period=scope.period)
    links = selectors.dossier_drill_links()
    terms = []
    for term in sorted(d.indicator.terms.all(), key=lambda t: (t.part != "num", t.pk)):
        cell = d.figure.parts.get(term.measure.code)
        kind = links.get(term.measure.code)
        terms.append(
            {
                "term": term,
                "value": cell.value if cell else None,
                "records_url": _dossier_list_url(kind, scope.unit, scope.period, term.measure.code)
                if kind
                else None,
            }
        )
    parts = (
        display.ranked(d.parts, higher_is_better=_higher(indicator))
        if request.GET.get("sort") == "rank"
        else [display.Ranked(u, f, None) for u, f in d.parts]
    )
    return {
        "section": "overview",
        "scope": scope,
        "d": d,
        "indicator": d.indicator,
        "terms": terms,
        "parts": [
            (r.key, r.figure, drill_url(indicator, r.key, scope.period), r.rank) for r in parts
        ],
        # The parts (as of the period's end) and the unit's figure beyond them add up to
        # the whole, also across the 2025 restructuring.
        "remainder": (
            None
            if not d.parts or not d.additive
            else display.remainder(
                d.figure, [f for _u, f in d.parts], is_count=d.figure.denominator is None
            )
        ),
        "has_ratio": d.figure.denominator is not None
        or any(f.denominator is not None for _u, f in d.parts),
        "stable": selectors.stable_periods(unit=scope.unit, period=scope.period)
        if d.changes
        else [],
        "indicator_url": f"{reverse('indicators:detail', args=[indicator.code])}?{scope.query()}",
        "up_url": drill_url(indicator, d.ancestors[-1], scope.period) if d.ancestors else None,
        "overview_url": overview_url(scope.unit, scope.period),
    }


@login_required
@require_GET
def drill(request: HttpRequest, code: str) -> HttpResponse:
    scope = _scope(request)
    context = _drill_context(request, scope, code)
    context["period_choices"] = selectors.period_choices(scope.period)
    return render(request, "dashboards/drill.html", context)


# --- wall mode --------------------------------------------------------------------------


def _wall_params(request: HttpRequest) -> tuple[list[str], int]:
    pages = [p for p in request.GET.get("pages", "").split(",") if p in WALL_PAGES]
    try:
        every = int(request.GET.get("every", WALL_EVERY_DEFAULT))
    except ValueError:
        every = WALL_EVERY_DEFAULT
    return pages or list(WALL_PAGES), max(WALL_EVERY_MIN, min(every, 3600))


def _slide(request: HttpRequest, slide: str) -> str:
    """One wall slide, rendered (and cached like the pages)."""
    scope = _scope(request)
    pages, every = _wall_params(request)
    try:
        cycle = int(request.GET.get("cycle", "0")) % WALL_CYCLES
    except ValueError:
        cycle = 0
    position = pages.index(slide) if slide in pages else 0
    following = pages[(position + 1) % len(pages)]
    next_cycle = (cycle + 1) % WALL_CYCLES if position + 1 >= len(pages) else cycle
    params = {
        "pages": ",".join(pages),
        "every": every,
        "cycle": next_cycle,
        "unit": request.GET.get("unit", ""),
        "period": request.GET.get("period", ""),
    }
    query = urlencode({k: str(v) for k, v in params.items() if v != ""})
    next_url = f"{reverse('dashboards:wall_slide', args=[following])}?{query}"

    def build() -> dict[str, Any]:
        if slide == "overview":
            context = _overview_context(scope, wall=True)
        elif slide == "compare":
            context = _compare_context(request, scope, wall=True, cycle=cycle)
        elif slide == "map":
            context = _map_context(request, scope, wall=True, cycle=cycle)
        else:
            context = _assignments_context(scope)
        context.update(
            slide=slide,
            pages=pages,
            position=position,
            every=every,
            next_url=next_url,
            updated=timezone.localtime(),
        )
        return context

    return _fragment(request, scope, f"wall:{slide}", "dashboards/wall/slide.html", build)


def _assignments_context(scope: Scope) -> dict[str, Any]:
    summary = selectors.assignment_summary(
        unit=scope.unit, province=scope.province, today=scope.today, limit=8
    )
    rows = summary.behind
    chart = (
        charts.overdue_chart(
            rows=rows,
            link=lambda r: _assignments_url(r.unit_id, "open_overdue"),
            title=_("Overdue assignments by lead unit"),
            wall=True,
        )
        if rows
        else None
    )
    return {"scope": scope, "a": summary, "chart": chart}


@login_required
@require_GET
def wall(request: HttpRequest) -> HttpResponse:
    pages, every = _wall_params(request)
    return render(
        request,
        "dashboards/wall.html",
        {"slide_html": mark_safe(_slide(request, pages[0])), "every": every},
    )


@login_required
@require_GET
def wall_slide(request: HttpRequest, slide: str) -> HttpResponse:
    if slide not in WALL_PAGES:
        raise Http404
    return HttpResponse(_slide(request, slide))


# --- Excel ------------------------------------------------------------------------------


EXPORTS: dict[str, Callable[[HttpRequest, Scope], HttpResponse]] = {}


def _export(
    name: str,
) -> Callable[
    [Callable[[HttpRequest, Scope], HttpResponse]], Callable[[HttpRequest, Scope], HttpResponse]
]:
    def register(
        fn: Callable[[HttpRequest, Scope], HttpResponse],
    ) -> Callable[[HttpRequest, Scope], HttpResponse]:
        EXPORTS[name] = fn
        return fn

    return register


@_export("overview")
def _overview_xlsx(request: HttpRequest, scope: Scope) -> HttpResponse:
    ov = _overview_context(scope)["ov"]
    return _xlsx(
        exports.overview_workbook(ov), f"tong-quan {scope.unit.name} {scope.period.label_vi()}"
    )


@_export("compare")
def _compare_xlsx(request: HttpRequest, scope: Scope) -> HttpResponse:
    c = _compare_context(request, scope)
    content = exports.compare_workbook(
        c["m"], columns=c["shown"], ranking=c["ranking"], ranked=c["ranked"]
    )
    return _xlsx(content, f"so sanh {c['level_label']} {scope.period.label_vi()}")


@_export("map")
def _map_xlsx(request: HttpRequest, scope: Scope) -> HttpResponse:
    c = _map_context(request, scope)
    if c["indicator"] is None:
        raise Http404
    content = exports.map_workbook(
        indicator=c["indicator"], period_label=scope.period.label_vi(), points=c["points"]
    )
    return _xlsx(content, f"ban do {c['indicator'].name} {scope.period.label_vi()}")


@_export("drill")
def _drill_xlsx(request: HttpRequest, scope: Scope) -> HttpResponse:
    c = _drill_context(request, scope, request.GET.get("ind", ""))
    d = c["d"]
    title = f"{d.indicator.name} — {d.unit.name} — {scope.period.label_vi()}"
    # The page's remainder row (the same figure, ``_drill_context``'s), with the page's
    # label, in Vietnamese as the rest of the file, so the rows add up to the whole.
    remainder: tuple[str, display.Remainder] | None = None
    if c["remainder"] is not None:
        with override("vi"):
            if d.changes:
                label = _(
                    "Not in any unit above (own activity of %(unit)s or of units that have ended)"
                )
            else:
                label = _("Reported by %(unit)s itself, not by the units above")
        remainder = (label % {"unit": d.unit.name}, c["remainder"])
    content = exports.drill_workbook(
        indicator=d.indicator,
        title=title,
        rows=d.parts,
        whole=(d.unit, d.figure),
        remainder=remainder,
    )
    return _xlsx(content, f"phan ra {d.indicator.name} {d.unit.name} {scope.period.label_vi()}")


@login_required
@require_GET
def export(request: HttpRequest, page: str) -> HttpResponse:
    if page not in EXPORTS:
        raise Http404
    return EXPORTS[page](request, _scope(request))
