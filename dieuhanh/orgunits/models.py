"""Units (đơn vị) as an effective-dated tree, and the lineage between old and new units.

A unit never changes parent or meaning: when the state restructures (the 2025 merger of
communes, the end of districts, Sở TT&TT merging into Sở KH&CN), the old unit gets a
``valid_to`` and the new one a ``valid_from``, and ``OrgUnitLineage`` links them with a
share. Facts stay on the unit they were reported for (docs/adr/0003-effective-dated-units.md).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune / ward")
        DEPARTMENT = "department", _("Department")
        AGENCY = "agency", _("Other agency")

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Internal code, unique over all time (NSO code for current units)."),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The official designation as the law writes it: "Xã", "Phường", "Thị trấn", "Huyện"…
    division_type = models.CharField(_("division type"), max_length=32, blank=True)
    nso_code = models.CharField(
        _("NSO administrative code"), max_length=8, blank=True, db_index=True
    )
    agency_code = models.CharField(
        _("agency identifier code"), max_length=32, blank=True, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids ("/1/12/230/"): descendants are one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # Contact details a unit keeps itself (reporters may edit their own unit's).
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="orgunit_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["kind", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValidationError({"valid_to": _("A unit cannot end before it starts.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent.")})

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def name_with_validity(self) -> str:
        """The name as a picker shows it, so that two units of the same name (a ward
        before and after 1/7/2025) can be told apart: "Phường Đông Kinh (until
        30/06/2025)", "Phường Đông Kinh (since 01/07/2025)"."""
        if self.valid_to is not None:
            return str(_("%(name)s (until %(day)s)")) % {
                "name": self.name,
                "day": self.valid_to.strftime("%d/%m/%Y"),
            }
        if self.valid_from is not None:
            return str(_("%(name)s (since %(day)s)")) % {
                "name": self.name,
                "day": self.valid_from.strftime("%d/%m/%Y"),
            }
        return self.name


class OrgUnitLineage(models.Model):
    """Old unit → new unit. A merger has several rows into one successor with share 1;
    a split has several rows out of one predecessor whose shares add up to 1."""

    class Method(models.TextChoices):
        MERGE = "merge", _("Merged into")
        SPLIT = "split", _("Split into")
        RENAME = "rename", _("Renamed / re-established as")
        TRANSFER = "transfer", _("Functions transferred to")

    predecessor = models.ForeignKey(
        OrgUnit,
        verbose_name=_("old unit"),
        on_delete=models.CASCADE,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        OrgUnit,
        verbose_name=_("new unit"),
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    share = models.DecimalField(
        _("share"),
        max_digits=7,
        decimal_places=6,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("Part of the old unit's figures that belongs to the new unit (0–1)."),
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    effective_date = models.DateField(_("effective date"))
    basis = models.CharField(
        _("legal basis / note"), max_length=255, blank=True, help_text=_("e.g. a resolution.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineages")
        ordering = ["effective_date", "successor__name", "predecessor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="orgunitlineage_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="orgunitlineage_not_self",
            ),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=1), name="orgunitlineage_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.share})"
