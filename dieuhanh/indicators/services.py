"""Writes of values and of the indicator catalogue. Each checks the actor's right, keeps
history (django-simple-history records who changed what), and bumps the data version so
no cached figure outlives the data it was computed from."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dieuhanh.accounts.permissions import Action, require
from dieuhanh.core.periods import Period, PeriodParseError, parse_period
from dieuhanh.core.rollup import subperiods
from dieuhanh.indicators.models import (
    DataValue,
    DataVersion,
    Indicator,
    IndicatorTerm,
    Measure,
    Pillar,
    Plan,
    Target,
)

if TYPE_CHECKING:
    from dieuhanh.accounts.models import User
    from dieuhanh.orgunits.models import OrgUnit


def bump_data_version() -> None:
    """Invalidate every cached figure (called inside the writing transaction)."""
    updated = DataVersion.objects.filter(key="values").update(version=F("version") + 1)
    if not updated:
        DataVersion.objects.get_or_create(key="values", defaults={"version": 1})


def _check(actor: User | None, action: Action, unit: OrgUnit | None = None) -> None:
    if actor is not None:
        require(actor, action, unit)


def parse_period_for(measure: Measure, code: str) -> Period:
    """A value is stored at its measure's frequency: a monthly measure takes "2024-09"."""
    try:
        period = parse_period(code)
    except PeriodParseError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    per_period = measure.time_aggregation == Measure.TimeAggregation.PERIOD
    if not per_period and (
        period.kind != measure.frequency or subperiods(period, measure.frequency) != [period]
    ):
        raise ValidationError(
            {
                "period": _(
                    "%(measure)s is reported %(frequency)s; “%(period)s” is not such a period."
                )
                % {
                    "measure": measure.code,
                    "frequency": measure.get_frequency_display().lower(),
                    "period": code,
                }
            }
        )
    return period


def _decimal(value: Any) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            {"value": _("“%(value)s” is not a number.") % {"value": value}}
        ) from exc
    if not number.is_finite():
        raise ValidationError({"value": _("“%(value)s” is not a number.") % {"value": value}})
    return number


@transaction.atomic
def value_set(
    *,
    actor: User | None,
    measure: Measure,
    unit: OrgUnit,
    period: str,
    value: Any,
    comment: str = "",
    source: str = DataValue.Source.MANUAL,
    covers_subtree: bool = False,
) -> DataValue:
    """Enter or correct one value. Reporters may for their own unit; coordinators for any.
    A correction keeps the earlier value in the history, with who changed it and why."""
    _check(actor, Action.DATA_ENTER, unit)
    parsed = parse_period_for(measure, period)
    # Stored under the period's own code: "2026-q3" typed by hand was stored as typed,
    # beside "2026-Q3", and never read (QA: the value was lost without a word).
    period = parsed.code
    if parsed.start > timezone.localdate():
        raise ValidationError(
            {"period": _("%(period)s has not begun: no value yet.") % {"period": parsed.code}}
        )
    number = _decimal(value)
    if number < 0:
        raise ValidationError({"value": _("A raw figure cannot be negative.")})
    if measure.unit_of_measure.strip() == "%" and number > 100:
        raise ValidationError({"value": _("A percentage cannot be over 100.")})
    if not unit.is_valid_on(parsed.end) and not unit.is_valid_on(parsed.start):
        raise ValidationError(
            {
                "unit": _("%(unit)s did not exist during %(period)s.")
                % {"unit": unit, "period": period}
            }
        )
    existing = (
        DataValue.objects.select_for_update()
        .filter(measure=measure, unit=unit, period=period)
        .first()
    )
    if (
        existing is not None
        and existing.value == number
        and existing.comment == comment
        and existing.covers_subtree == covers_subtree
    ):
        return existing
    if existing is not None and not comment:
        raise ValidationError({"comment": _("Say why the value is corrected.")})
    if existing is not None and not existing.history.exists():
        # Written in bulk (the demo, the dossier counts) without a history record: keep
        # the value being replaced, or the history would show only the correction.
        DataValue.history.bulk_history_create(
            [existing],
            default_user=existing.updated_by,
            default_change_reason=existing.comment,
            default_date=existing.updated_at,
        )
    row = existing or DataValue(measure=measure, unit=unit, period=period)
    row.value, row.comment, row.source = number, comment, source
    row.covers_subtree = covers_subtree
    row.updated_by = actor
    row.full_clean()
    row.save()
    bump_data_version()
    return row


@transaction.atomic
def value_delete(*, actor: User | None, value: DataValue, comment: str) -> None:
    """Withdraw a value (it becomes missing, not 0); the history keeps it."""
    _check(actor, Action.DATA_ENTER, value.unit)
    if not comment:
        raise ValidationError({"comment": _("Say why the value is withdrawn.")})
    value.comment = comment
    value.updated_by = actor
    value.save(update_fields=["comment", "updated_by", "updated_at"])
    value.delete()
    bump_data_version()


# --- catalogue -----------------------------------------------------------------------


@transaction.atomic
def pillar_save(*, actor: User | None, code: str, name: str, order: int = 0) -> Pillar:
    _check(actor, Action.CONFIG_MANAGE)
    pillar, _created = Pillar.objects.update_or_create(
        code=code, defaults={"name": name, "order": order}
    )
    return pillar


@transaction.atomic
def measure_save(*, actor: User | None, code: str, **fields: Any) -> Measure:
    _check(actor, Action.CONFIG_MANAGE)
    measure = Measure.objects.filter(code=code).first() or Measure(code=code)
    changed = [k for k, v in fields.items() if getattr(measure, k) != v]
    if measure.pk and not changed:
        return measure
    if measure.pk and measure.values.exists() and {"frequency", "time_aggregation"} & set(changed):
        raise ValidationError(
            _("Measure %(code)s already has values: its frequency and aggregation cannot change.")
            % {"code": code}
        )
    for k, v in fields.items():
        setattr(measure, k, v)
    measure.full_clean()
    measure.save()
    bump_data_version()
    return measure


@transaction.atomic
def indicator_save(
    *,
    actor: User | None,
    code: str,
    numerator: list[tuple[str, Decimal]],
    denominator: list[tuple[str, Decimal]],
    **fields: Any,
) -> Indicator:
    """Create or update an indicator and its formula. ``numerator`` and ``denominator`` are
    (measure code, coefficient) pairs; an unknown measure code is refused."""
    _check(actor, Action.CONFIG_MANAGE)
    if not numerator:
        raise ValidationError(_("Indicator %(code)s needs a numerator.") % {"code": code})
    codes = {c for c, _coef in numerator + denominator}
    measures = {m.code: m for m in Measure.objects.filter(code__in=codes)}
    unknown = sorted(codes - set(measures))
    if unknown:
        raise ValidationError(
            _("Indicator %(code)s uses unknown measures: %(unknown)s.")
            % {"code": code, "unknown": ", ".join(unknown)}
        )
    indicator = Indicator.objects.filter(code=code).first() or Indicator(code=code)
    wanted = {(measures[c].pk, "num"): Decimal(str(k)) for c, k in numerator}
    wanted |= {(measures[c].pk, "den"): Decimal(str(k)) for c, k in denominator}
    current = {(t.measure_id, t.part): t for t in indicator.terms.all()} if indicator.pk else {}
    same_terms = {k: t.coefficient for k, t in current.items()} == wanted
    if indicator.pk and same_terms and not _changed(indicator, fields):
        return indicator  # nothing to write, no history row
    for k, v in fields.items():
        setattr(indicator, k, v)
    indicator.full_clean()
    indicator.save()
    for key, term in current.items():
        if key not in wanted:
            term.delete()
        elif term.coefficient != wanted[key]:
            term.coefficient = wanted[key]
            term.save(update_fields=["coefficient"])
    for (measure_id, part), coefficient in wanted.items():
        if (measure_id, part) not in current:
            IndicatorTerm.objects.create(
                indicator=indicator, measure_id=measure_id, part=part, coefficient=coefficient
            )
    bump_data_version()
    return indicator


def _changed(obj: Any, fields: dict[str, Any]) -> bool:
    return any(getattr(obj, k) != v for k, v in fields.items())


@transaction.atomic
def plan_save(*, actor: User | None, number: str, **fields: Any) -> Plan:
    _check(actor, Action.CONFIG_MANAGE)
    plan = Plan.objects.filter(number=number).first() or Plan(number=number)
    if plan.pk and not _changed(plan, fields):
        return plan
    for k, v in fields.items():
        setattr(plan, k, v)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def target_save(
    *,
    actor: User | None,
    plan: Plan,
    indicator: Indicator,
    year: int,
    comparator: str,
    value: Any,
    unit_of_measure: str,
    unit: OrgUnit | None = None,
    unit_kind: str = "",
    period: str = "",
    evidence: str = "",
    order: int = 0,
    baseline_year: int | None = None,
    baseline_value: Any = None,
) -> Target:
    """Set a plan's target for an indicator (one per plan × indicator × unit × year).

    ``unit_of_measure`` is the unit the plan writes the value in: a target in "%" on an
    indicator counted in "hồ sơ" is refused rather than compared wrongly.
    """
    _check(actor, Action.CONFIG_MANAGE)
    if unit_of_measure.strip().lower() != indicator.unit_of_measure.strip().lower():
        message = _(
            "The target is in “%(target_unit)s” but indicator %(code)s is measured in "
            "“%(indicator_unit)s”."
        ) % {
            "target_unit": unit_of_measure,
            "code": indicator.code,
            "indicator_unit": indicator.unit_of_measure,
        }
        raise ValidationError({"unit_of_measure": message})
    if not plan.year_from <= year <= plan.year_to:
        message = _("Year %(year)s is outside the plan's years %(start)s–%(end)s.") % {
            "year": year,
            "start": plan.year_from,
            "end": plan.year_to,
        }
        raise ValidationError({"year": message})
    key: dict[str, Any] = {"plan": plan, "indicator": indicator, "unit": unit}
    key |= {"unit_kind": unit_kind, "year": year, "period": period}
    target = Target.objects.filter(**key).first() or Target(**key)
    fields = {
        "comparator": comparator,
        "value": _decimal(value),
        "evidence": evidence,
        "order": order,
        "baseline_year": baseline_year,
        "baseline_value": None if baseline_value is None else _decimal(baseline_value),
    }
    if target.pk and not _changed(target, fields):
        return target
    for k, v in fields.items():
        setattr(target, k, v)
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def computed_values_replace(
    *,
    source: str,
    measure_codes: list[str],
    keys: list[tuple[int, str]],
    values: dict[tuple[str, int, str], Decimal],
    covers_subtree: bool = False,
) -> int:
    """Replace the values a source system computes (e.g. dossier counts) for the given
    (unit, period) keys: every value of those measures at those keys is deleted and the new
    ones written, in one transaction, so a recount never leaves a stale figure behind.

    ``values`` maps (measure code, unit id, period code) → value; a key with no value for a
    measure becomes missing, not 0 — pass 0 explicitly where the count really is zero.
    Derived values are recomputable from their source records, so no per-value history is
    kept (the import run is the audit trail). Returns how many values were written.
    """
    measures = {m.code: m for m in Measure.objects.filter(code__in=measure_codes)}
    unknown = sorted(set(measure_codes) - set(measures))
    if unknown:
        raise ValidationError(_("Unknown measures: %(codes)s.") % {"codes": ", ".join(unknown)})
    by_period: dict[str, list[int]] = {}
    for unit_id, period in keys:
        by_period.setdefault(period, []).append(unit_id)
    ids = [m.pk for m in measures.values()]
    # Plain SQL: derived values carry no per-value history (a queryset delete would write
    # one history row per value), and the ORM's per-object insert costs ~70 µs a value,
    # which made the count the slowest phase of a dossier import (docs/performance.md).
    table = connection.ops.quote_name(DataValue._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:
        for period, unit_ids in by_period.items():
            for start in range(0, len(unit_ids), 500):
                chunk = unit_ids[start : start + 500]
                # A value entered or imported by someone else at these keys is replaced
                # through the ORM, so its history records the change (rare: one query).
                DataValue.objects.filter(
                    measure_id__in=ids, period=period, unit_id__in=chunk
                ).exclude(source=source).delete()
                cursor.execute(
                    f"DELETE FROM {table} WHERE period = %s AND measure_id IN ({marks}) "
                    f"AND unit_id IN ({', '.join(['%s'] * len(chunk))})",
                    [period, *ids, *chunk],
                )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows = [
            (
                measures[code].pk,
                unit_id,
                period,
                value,
                covers_subtree,
                source,
                DataValue.Status.APPROVED.value,
                "",
                now,
            )
            for (code, unit_id, period), value in values.items()
            if code in measures
        ]
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                f"INSERT INTO {table} (measure_id, unit_id, period, value, covers_subtree, "
                "source, status, comment, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows[start : start + 5000],
            )
    bump_data_version()
    return len(rows)
