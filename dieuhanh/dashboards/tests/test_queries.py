"""Query counts of every dashboard page: bounded, and the same for a small world and one
with many more units and indicators (no N+1). Tests run inside a transaction, where the
figures are never cached, so these are the counts of a cold page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dieuhanh.dashboards.tests.conftest import PERIOD, World

pytestmark = pytest.mark.django_db

# The most queries each page may make (cold: nothing cached). The test below also
# checks that the count does not depend on the number of units and indicators.
BUDGET = {
    "overview": 55,
    "overview_unit": 50,
    "compare": 20,
    "compare_all": 20,
    "map": 25,
    "drill": 20,
    "wall": 55,
    "wall_compare": 20,
    "wall_map": 25,
    "wall_assignments": 15,
    "export_overview": 55,
    "export_compare": 20,
}


def _urls(world: World) -> dict[str, str]:
    commune = world.communes[0]
    return {
        "overview": f"/ioc/?period={PERIOD}",
        "overview_unit": f"/ioc/?period={PERIOD}&unit={commune.pk}",
        "compare": f"/ioc/compare/?period={PERIOD}&level=commune",
        "compare_all": f"/ioc/compare/?period={PERIOD}&level=commune&set=all&colour=target",
        "map": f"/ioc/map/?period={PERIOD}&level=commune",
        "drill": f"/ioc/drill/ho-so-truc-tuyen/?period={PERIOD}&unit={commune.parent_id}",
        "wall": f"/ioc/wall/?period={PERIOD}",
        "wall_compare": f"/ioc/wall/compare/?period={PERIOD}",
        "wall_map": f"/ioc/wall/map/?period={PERIOD}",
        "wall_assignments": f"/ioc/wall/assignments/?period={PERIOD}",
        "export_overview": f"/ioc/export/overview.xlsx?period={PERIOD}",
        "export_compare": f"/ioc/export/compare.xlsx?period={PERIOD}&level=commune&set=all",
    }


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def test_every_page_stays_within_its_query_budget(
    make_world: Callable[..., World],
    tasks: Callable[..., None],
    viewer: Client,
    django_assert_max_num_queries: Any,
) -> None:
    world = make_world(units=4, indicators=3)
    tasks([(c, date(2024, 6, 10)) for c in world.communes] + [(world.communes[0], None)])
    for name, url in _urls(world).items():
        with django_assert_max_num_queries(BUDGET[name]):
            response = viewer.get(url)
        assert response.status_code == 200, name


def test_query_counts_do_not_grow_with_units_and_indicators(
    make_world: Callable[..., World], tasks: Callable[..., None], viewer: Client
) -> None:
    world = make_world(units=3, indicators=2)
    tasks([(world.communes[0], date(2024, 6, 10))])
    small = {name: _count(viewer, url) for name, url in _urls(world).items()}

    world.grow(units=40, indicators=14)
    tasks([(c, date(2024, 6, 10)) for c in world.communes[1:30]])
    tasks([(c, date(2031, 1, 10)) for c in world.communes[1:30]])
    assert len(world.communes) >= 30 and len(world.indicators) == 14
    large = {name: _count(viewer, url) for name, url in _urls(world).items()}

    assert large == small


def test_a_page_seen_before_is_a_cache_read_until_something_changes(
    make_world: Callable[..., World],
    tasks: Callable[..., None],
    viewer: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Outside tests the pages are cached under the content version; here the cache is
    switched on inside the test's transaction to see it work."""
    from django.core.cache import cache

    from dieuhanh.dashboards import selectors
    from dieuhanh.indicators import services

    world = make_world(units=4)
    cache.clear()
    monkeypatch.setattr(selectors, "cacheable", lambda: True)
    url = f"/ioc/?period={PERIOD}"
    htmx = {"HX-Request": "true", "HX-Target": "ioc-body"}  # the body alone
    first = viewer.get(url, headers=htmx).content
    with CaptureQueriesContext(connection) as queries:
        again = viewer.get(url, headers=htmx).content
        assert viewer.get(url).status_code == 200  # the whole page around it
    assert again == first
    # per request: session, user, province, the content version (for the full page
    # also the user's unit in the header)
    assert len(queries) <= 9, [q["sql"][:80] for q in queries]

    tasks([(world.communes[0], date(2024, 6, 10))])  # an assignment: the page changes
    with_task = viewer.get(url, headers=htmx).content
    assert with_task != first and "Nhiệm vụ thử số 1" in with_task.decode()

    services.value_set(
        actor=None,
        measure=world.received,
        unit=world.communes[0],
        period="2024-02",
        value=1,
        comment="Sửa thử",
    )  # a value: the figures change
    assert viewer.get(url, headers=htmx).content != with_task
    cache.clear()
