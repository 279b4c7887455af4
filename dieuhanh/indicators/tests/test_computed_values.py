"""``computed_values_replace``, the write path of derived values (dossier counts): the keys
given are replaced whole, a key without a value becomes missing, other keys are left
alone, a value someone entered by hand is replaced with its history kept, and every
cached figure is invalidated."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.indicators import selectors, services
from dieuhanh.indicators.models import DataValue, Measure
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def stored(measure: Measure) -> dict[tuple[int, str], tuple[Decimal, str]]:
    return {
        (v.unit_id, v.period): (v.value, v.source)
        for v in DataValue.objects.filter(measure=measure)
    }


def test_replaces_the_keys_given_and_nothing_else(
    catalogue: dict[str, Measure], province: OrgUnit
) -> None:
    received, online = catalogue["received"], catalogue["online"]
    a, b = OrgUnit.objects.filter(kind="commune").order_by("pk")[:2]
    written = services.computed_values_replace(
        source="dossiers",
        measure_codes=["received", "online"],
        keys=[(a.pk, "2024-09"), (b.pk, "2024-09"), (a.pk, "2024-10")],
        values={
            ("received", a.pk, "2024-09"): Decimal(12),
            ("online", a.pk, "2024-09"): Decimal(10),
            ("received", b.pk, "2024-09"): Decimal(0),
            ("online", b.pk, "2024-09"): Decimal(0),
            ("received", a.pk, "2024-10"): Decimal(7),
            ("online", a.pk, "2024-10"): Decimal(7),
        },
    )
    assert written == 6
    version = selectors.data_version()
    # Again for (a, 2024-10) only: a's September and b are kept; online has no value now.
    written = services.computed_values_replace(
        source="dossiers",
        measure_codes=["received", "online"],
        keys=[(a.pk, "2024-10")],
        values={("received", a.pk, "2024-10"): Decimal(9)},
    )
    assert written == 1
    assert stored(received) == {
        (a.pk, "2024-09"): (Decimal(12), "dossiers"),
        (b.pk, "2024-09"): (Decimal(0), "dossiers"),
        (a.pk, "2024-10"): (Decimal(9), "dossiers"),
    }
    assert (a.pk, "2024-10") not in stored(online)  # missing, not 0
    assert selectors.data_version() > version


def test_a_value_entered_by_hand_is_replaced_with_its_history_kept(
    catalogue: dict[str, Measure], province: OrgUnit
) -> None:
    received = catalogue["received"]
    unit = OrgUnit.objects.filter(kind="commune", valid_to__isnull=False).order_by("pk").first()
    assert unit is not None
    services.value_set(actor=None, measure=received, unit=unit, period="2024-09", value="5")
    services.computed_values_replace(
        source="dossiers",
        measure_codes=["received"],
        keys=[(unit.pk, "2024-09")],
        values={("received", unit.pk, "2024-09"): Decimal(8)},
    )
    assert stored(received) == {(unit.pk, "2024-09"): (Decimal(8), "dossiers")}
    history = DataValue.history.filter(measure_id=received.pk, unit_id=unit.pk)
    assert list(history.order_by("history_id").values_list("history_type", "value")) == [
        ("+", Decimal(5)),
        ("-", Decimal(5)),
    ]


def test_an_unknown_measure_is_refused_and_nothing_written(
    catalogue: dict[str, Measure], province: OrgUnit
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.computed_values_replace(
            source="dossiers",
            measure_codes=["received", "nope"],
            keys=[(province.pk, "2024-09")],
            values={("received", province.pk, "2024-09"): Decimal(1)},
        )
    assert not DataValue.objects.exists()
