"""The columns the importer derives from a dossier, summed by SQL, give exactly what
``dossier_rules.month_counts`` says — for any dossier (hypothesis) — and the fast row check
flags exactly the dossiers ``dossier_rules.validate`` finds an error in."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dieuhanh.core import dossier_rules as rules
from dieuhanh.dossiers.parsing import derive, fast_problems, months_between, parse_datetime

AS_OF = datetime.combine(datetime(2024, 12, 31).date(), time.max)
BASE = datetime(2024, 1, 1)


def _instant(minutes: int) -> datetime:
    return BASE + timedelta(minutes=minutes)


offsets = st.integers(min_value=0, max_value=60 * 24 * 300)
# Month-end instants are where the rules are sharpest: give them a fair chance.
month_ends = st.sampled_from(
    [
        datetime.combine(datetime(2024, m, 28).date(), time.max) + timedelta(days=d)
        for m in range(1, 12)
        for d in (0, 1, 2, 3)
    ]
)
instants = st.one_of(offsets.map(_instant), month_ends)


@st.composite
def dossiers(draw: st.DrawFn) -> rules.DossierFacts:
    received = draw(instants)
    status = draw(st.integers(min_value=1, max_value=10))
    due = draw(
        st.none() | st.integers(0, 60 * 24 * 40).map(lambda m: received + timedelta(minutes=m))
    )
    if due is not None and draw(st.booleans()):
        due = datetime.combine(due.date(), time.max)  # a date-only NgayHenTra
    finished = draw(
        st.none() | st.integers(0, 60 * 24 * 60).map(lambda m: received + timedelta(minutes=m))
    )
    returned = draw(
        st.none()
        | st.integers(0, 60 * 24 * 10).map(lambda m: (finished or received) + timedelta(minutes=m))
    )
    supplements = []
    for _ in range(draw(st.integers(0, 3))):
        asked = received + timedelta(minutes=draw(st.integers(-600, 60 * 24 * 50)))
        wait = draw(st.none() | st.integers(0, 60 * 24 * 20))
        answered = None if wait is None else asked + timedelta(minutes=wait)
        supplements.append((asked, answered))
    return rules.DossierFacts(
        status=status,
        channel=draw(st.sampled_from([1, 2, 3])),
        received_at=None if status in (1, 3) and draw(st.booleans()) else received,
        due_at=due,
        finished_at=finished,
        returned_at=returned,
        supplements=supplements,
    )


def _from_columns(d: rules.DossierFacts) -> dict[tuple[int, int], dict[str, int]]:
    """What the recount's GROUP BY queries add up for this one dossier."""
    status = int(d.status)
    terminal = status in (3, 7, 8, 9, 10)
    received_month, _end, end_month, on_time, _at, over_from, over_to = derive(
        status, d.received_at, d.due_at, d.finished_at, d.returned_at, d.supplements
    )
    out: dict[tuple[int, int], dict[str, int]] = {}

    def add(month: int, name: str) -> None:
        bucket = out.setdefault((month // 100, month % 100), {})
        bucket[name] = bucket.get(name, 0) + 1

    if received_month is not None:
        add(received_month, "received")
        add(received_month, rules.Channel(int(d.channel)).count_name)  # type: ignore[arg-type]
        for month in months_between(received_month, 202412):
            if end_month is not None and month >= end_month:
                break
            overdue = (
                over_from is not None
                and over_from <= month
                and (over_to is None or month < over_to)
            )
            add(month, "in_progress_overdue" if overdue else "in_progress_in_time")
    if status in (9, 10) and end_month is not None and terminal:
        add(end_month, "resolved")
        add(end_month, "resolved_on_time" if on_time else "resolved_late")
    return out


@settings(max_examples=600, deadline=None)
@given(dossiers())
def test_derived_columns_count_like_the_rules(d: rules.DossierFacts) -> None:
    problems = [p for p in rules.validate(d, AS_OF) if p.code != "supplement_request_missing"]
    flagged = fast_problems(
        d.status_code,
        d.channel_code,
        d.received_at,
        d.due_at,
        d.finished_at,
        d.returned_at,
        d.supplements,
        AS_OF,
    )
    assert flagged == bool(problems)
    if problems:
        return
    assert _from_columns(d) == rules.month_counts(d, AS_OF)


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_every_documented_date_form_reads_back(value: datetime) -> None:
    value = value.replace(microsecond=0)
    forms = [
        value.strftime("%d/%m/%Y %H:%M:%S"),
        value.strftime("%Y-%m-%dT%H:%M:%S"),
        value.strftime("%Y-%m-%d %H:%M:%S"),
        value.strftime("%Y%m%d%H%M%S"),
        f"{value.day}/{value.month}/{value.year} {value:%H:%M:%S}",
        (value - timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    ]
    for text in forms:
        assert parse_datetime(text) == (value, False), text
    assert parse_datetime(value.strftime("%d/%m/%Y")) == (
        value.replace(hour=0, minute=0, second=0),
        True,
    )
