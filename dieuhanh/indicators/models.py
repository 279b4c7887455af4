"""Measures (raw figures), indicators computed from them, plans and their targets, and the
values units report. Measures and indicators are data: a province adds one from the screen
or a file, without a release (docs/adr/0007-indicator-engine.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dieuhanh.core.periods import Period, PeriodKind, PeriodParseError


class Pillar(models.Model):
    """A pillar (trụ cột) of the programme: chính quyền số, kinh tế số, xã hội số…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Frequency(models.TextChoices):
    MONTH = PeriodKind.MONTH.value, _("Monthly")
    QUARTER = PeriodKind.QUARTER.value, _("Quarterly")
    HALF = PeriodKind.HALF.value, _("Half-yearly")
    YEAR = PeriodKind.YEAR.value, _("Yearly")


class Measure(models.Model):
    """A raw counted or reported quantity (số liệu gốc), stored per unit and period at the
    measure's frequency."""

    class TimeAggregation(models.TextChoices):
        FLOW = "flow", _("Flow (adds up over time)")
        STOCK = "stock", _("Stock (latest value in the period)")
        # Distinct counts ("procedures that had online dossiers") add up neither over
        # months nor over units: they are stored for each period and unit themselves.
        PERIOD = "period", _("Stored for each period itself")

    class SpatialAggregation(models.TextChoices):
        SUM = "sum", _("Adds up over sub-units")
        NONE = "none", _("Only as reported by the unit itself")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.MONTH
    )
    time_aggregation = models.CharField(
        _("over time"), max_length=8, choices=TimeAggregation.choices, default="flow"
    )
    spatial_aggregation = models.CharField(
        _("over units"), max_length=8, choices=SpatialAggregation.choices, default="sum"
    )
    # Which kinds of unit report it ("commune,department"); for completeness.
    reported_by = models.CharField(_("reported by (unit kinds)"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def reporting_kinds(self) -> list[str]:
        return [k.strip() for k in self.reported_by.split(",") if k.strip()]


class Indicator(models.Model):
    """factor × Σ numerator measures / Σ denominator measures (like DHIS2)."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pillar"), on_delete=models.PROTECT, related_name="indicators"
    )
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=1)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default="higher"
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    # A natural limit (100 for a percentage) lets progress be judged near it.
    limit = models.DecimalField(
        _("natural limit"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    is_key = models.BooleanField(_("key indicator"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pillar__order", "order", "code"]

    def __str__(self) -> str:
        return self.name


class IndicatorTerm(models.Model):
    class Part(models.TextChoices):
        NUMERATOR = "num", _("Numerator")
        DENOMINATOR = "den", _("Denominator")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="terms")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="terms")
    part = models.CharField(max_length=3, choices=Part.choices)
    coefficient = models.DecimalField(max_digits=12, decimal_places=4, default=1)

    class Meta:
        verbose_name = _("indicator term")
        verbose_name_plural = _("indicator terms")
        ordering = ["indicator", "part", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measure", "part"], name="indicatorterm_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.part} {self.coefficient}×{self.measure.code}"


class Plan(models.Model):
    """A document that sets targets: a plan, a resolution, a programme."""

    number = models.CharField(_("number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=500)
    issuer = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    issuer_name = models.CharField(_("issuer as written"), max_length=255, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    source_text = models.TextField(_("source text"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_from__lte=models.F("year_to")), name="plan_years"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"
    EQ = "eq", "="


class Target(models.Model):
    """A plan's goal for one indicator, for one unit (the province by default) or for every
    unit of a kind, by a year (or a period within it)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: the province, or every unit of the kind below."),
    )
    unit_kind = models.CharField(_("every unit of kind"), max_length=16, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=12, blank=True, help_text=_("e.g. 2025-H1"))
    comparator = models.CharField(_("comparator"), max_length=3, choices=Comparator.choices)
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    evidence = models.TextField(_("evidence (source sentence)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.get_comparator_display()} {self.value} ({self.year})"

    def clean(self) -> None:
        if self.period:
            try:
                Period.parse(self.period)
            except PeriodParseError as exc:
                raise ValidationError({"period": str(exc)}) from exc


class DataValue(models.Model):
    """One value of a measure for one unit and one period (a code such as "2024-09")."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported file")
        DOSSIERS = "dossiers", _("Computed from dossiers")
        API = "api", _("Pushed by a source system")
        DEMO = "demo", _("Demo data")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="values")
    period = models.CharField(_("period"), max_length=12)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    # Off: the unit's own activity, added to its sub-units' figures. On: a total for the
    # unit's whole subtree (e.g. a province figure from a survey), which stands instead.
    covers_subtree = models.BooleanField(_("total for the whole unit"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default="manual")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default="approved"
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["measure", "unit", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "unit", "period"], name="datavalue_unique")
        ]
        # Covering: a period's sums per measure and unit read the index alone (the cold
        # units × indicators matrix, docs/performance.md).
        indexes = [
            models.Index(
                fields=["period", "measure", "unit", "covers_subtree", "value"],
                name="datavalue_pmu_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.unit} {self.period} = {self.value}"


class DataVersion(models.Model):
    """A counter bumped by every write of values or catalogue; computed figures are cached
    under it, so a cache entry can never outlive the data it came from."""

    key = models.CharField(max_length=20, primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.key}={self.version}"
