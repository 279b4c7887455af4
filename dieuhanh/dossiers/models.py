"""Procedures, dossiers, feedback, the source systems that send them, and their import runs.

A dossier keeps the facts as the one-stop-shop system sent them (the national portal's
field names, DESIGN 5.1) and, beside them, a few columns *derived* from those facts by
``dieuhanh.core.dossier_rules`` when the dossier is stored: the month it counts as
received, its end, whether it was resolved on time, and the instant it becomes overdue.
The monthly counts are GROUP BY queries over those columns (``counting.py``), so they
never re-derive a rule in SQL. The derived columns are rewritten whenever the facts change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SourceSystem(models.Model):
    """A system that sends records: the one-stop-shop system, the feedback system…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("source system")
        verbose_name_plural = _("source systems")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """A bearer token of one source system, limited to a set of units (and their subtrees).

    Only a SHA-256 hash of the secret is stored; the secret is shown once, when created.
    """

    source_system = models.ForeignKey(
        SourceSystem,
        verbose_name=_("source system"),
        on_delete=models.CASCADE,
        related_name="tokens",
    )
    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    units = models.ManyToManyField(
        "orgunits.OrgUnit",
        verbose_name=_("units it may send records for"),
        related_name="api_tokens",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["source_system", "name"]

    def __str__(self) -> str:
        return f"{self.source_system} — {self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.source_system.active


class UnitNameMapping(models.Model):
    """A name (or code) a source system writes in ``DonViXuLy`` that the importer does not
    recognise, mapped by a person to a unit. Looked up before codes and names."""

    name = models.CharField(_("name as written"), max_length=255)
    key = models.CharField(max_length=255, unique=True, editable=False)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="name_mappings",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit name mapping")
        verbose_name_plural = _("unit name mappings")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit}"


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) of the national catalogue."""

    class OnlineLevel(models.IntegerChoices):
        NONE = 0, _("Not offered online")
        PARTIAL = 1, _("Partly online")
        FULL = 2, _("Fully online")

    code = models.CharField(_("procedure code (MaTTHC)"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=1000)
    field_code = models.CharField(_("field code (MaLinhVuc)"), max_length=64, blank=True)
    field_name = models.CharField(_("field"), max_length=255, blank=True)
    online_level = models.PositiveSmallIntegerField(
        _("online public service"), choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    fee_bearing = models.BooleanField(_("charges a fee or levy"), default=False)
    paper_result = models.BooleanField(_("returns a paper result"), default=True)
    # False: created from a dossier row whose MaTTHC was not in the catalogue yet.
    from_catalogue = models.BooleanField(_("from the procedure catalogue"), default=True)
    row_hash = models.BigIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def fully_online(self) -> bool:
        return self.online_level == self.OnlineLevel.FULL

    @property
    def online(self) -> bool:
        return self.online_level != self.OnlineLevel.NONE


class Channel(models.IntegerChoices):
    DIRECT = 1, _("In person")
    ONLINE = 2, _("Online")
    POSTAL = 3, _("By post")


class Status(models.IntegerChoices):
    SUBMITTED = 1, _("Registered, not yet received")
    RECEIVED = 2, _("Received")
    NOT_ACCEPTED = 3, _("Not accepted")
    PROCESSING = 4, _("Being processed")
    SUPPLEMENT_REQUESTED = 5, _("Supplement requested")
    FINANCIAL_OBLIGATION = 6, _("Awaiting payment of fees")
    WITHDRAWN = 7, _("Withdrawn")
    STOPPED = 8, _("Processing stopped")
    FINISHED = 9, _("Processed")
    RETURNED = 10, _("Result returned")


class Dossier(models.Model):
    """One application in the one-stop-shop system (hồ sơ), keyed by ``MaHoSo``."""

    code = models.CharField(_("dossier code (MaHoSo)"), max_length=64, unique=True)
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,  # every index slows the import; lookups by procedure are rare
    )
    field_code = models.CharField(_("field code (MaLinhVuc)"), max_length=64, blank=True)
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices)
    status = models.PositiveSmallIntegerField(_("status"), choices=Status.choices)
    received_at = models.DateTimeField(_("received (NgayTiepNhan)"), null=True, blank=True)
    due_at = models.DateTimeField(_("due (NgayHenTra)"), null=True, blank=True)
    finished_at = models.DateTimeField(
        _("processing ended (NgayKetThucXuLy)"), null=True, blank=True
    )
    returned_at = models.DateTimeField(_("result returned (NgayTra)"), null=True, blank=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,  # the (unit, month) indexes below lead with it
    )
    unit_ref = models.CharField(_("unit as written (DonViXuLy)"), max_length=255, blank=True)
    paid_online = models.BooleanField(_("paid online"), default=False)
    digitised = models.BooleanField(_("has digitised components"), default=False)
    electronic_result = models.BooleanField(_("result has an electronic copy"), default=False)
    # Where the row came from (audit). No database constraint: every one costs a lookup
    # per inserted row, and these two are informative, not structural.
    source_system = models.ForeignKey(
        SourceSystem,
        verbose_name=_("source system"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )
    import_run = models.ForeignKey(
        "ImportRun",
        verbose_name=_("last changed by import"),
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )
    # Hash of the row as last received: an unchanged row is skipped without parsing it.
    row_hash = models.BigIntegerField(default=0, editable=False)
    supplement_count = models.PositiveSmallIntegerField(default=0, editable=False)
    warning = models.CharField(_("warning"), max_length=255, blank=True)

    # --- Derived by dossier_rules when stored (months are yyyymm integers).
    received_month = models.IntegerField(null=True, editable=False)
    end_at = models.DateTimeField(_("end"), null=True, blank=True, editable=False)
    end_month = models.IntegerField(null=True, editable=False)
    on_time = models.BooleanField(null=True, editable=False)
    # The instant after which the dossier is overdue while open (due date pushed back by
    # the supplement waits); null when it never is (no due date, or a wait without end).
    overdue_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_from = models.IntegerField(null=True, editable=False)
    overdue_to = models.IntegerField(null=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), null=True, editable=False)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "code"]
        indexes = [
            models.Index(fields=["unit", "received_month"], name="dossier_unit_received"),
            models.Index(fields=["unit", "end_month"], name="dossier_unit_end"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=[1, 2, 3]), name="dossier_channel"),
            models.CheckConstraint(
                condition=Q(status__gte=1) & Q(status__lte=10), name="dossier_status"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DossierSupplement(models.Model):
    """A supplement request (yêu cầu bổ sung): when asked, and when the citizen resubmitted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    requested_at = models.DateTimeField(_("requested (NgayBoSung)"))
    resubmitted_at = models.DateTimeField(
        _("resubmitted (NgayTiepNhanBoSung)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.requested_at}"


class Feedback(models.Model):
    """A citizen's report or request (phản ánh, kiến nghị — PAKN)."""

    class State(models.TextChoices):
        PROCESSED = "processed", _("Processed")
        IN_PROGRESS = "in_progress", _("In progress")
        REJECTED = "rejected", _("Rejected")
        # Sent on to the authority that must answer it: closed here, neither answered nor
        # refused (the 2022 report's 238 = 96 + 69 + 71 + 2 such items).
        FORWARDED = "forwarded", _("Forwarded to another authority")

    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("subject"), max_length=500, blank=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    unit_ref = models.CharField(_("unit as written"), max_length=255, blank=True)
    category = models.CharField(_("category"), max_length=120, blank=True)
    state = models.CharField(_("status"), max_length=12, choices=State.choices)
    received_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("processed, rejected or forwarded on"), null=True, blank=True
    )
    source_system = models.ForeignKey(
        SourceSystem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    import_run = models.ForeignKey(
        "ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    row_hash = models.BigIntegerField(default=0, editable=False)
    received_month = models.IntegerField(editable=False)
    closed_month = models.IntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "code"]
        indexes = [models.Index(fields=["unit", "received_month"], name="feedback_unit_received")]

    def __str__(self) -> str:
        return self.code


class ImportRun(models.Model):
    """One import (a file, an API push, the demo): a job row with status, progress, counts,
    timings and its row errors. See docs/adr/0008-background-jobs.md."""

    class Kind(models.TextChoices):
        DOSSIERS = "dossiers", _("Dossiers")
        PROCEDURES = "procedures", _("Procedures")
        FEEDBACK = "feedback", _("Feedback")

    class Origin(models.TextChoices):
        WEB = "web", _("Uploaded on the web")
        CLI = "cli", _("Command line")
        API = "api", _("Pushed through the API")
        DEMO = "demo", _("Demo")

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all-or-nothing", _("All or nothing")
        SKIP_BAD_ROWS = "skip-bad-rows", _("Skip bad rows")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        VALIDATING = "validating", _("Checking rows")
        WRITING = "writing", _("Storing")
        COUNTING = "counting", _("Counting")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected: bad rows, nothing stored")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted")

    ACTIVE = ("queued", "validating", "writing", "counting")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices)
    mode = models.CharField(
        _("mode"), max_length=16, choices=Mode.choices, default=Mode.ALL_OR_NOTHING
    )
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default="queued")
    file_path = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_size = models.BigIntegerField(default=0)
    source_system = models.ForeignKey(
        SourceSystem, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows_total = models.BigIntegerField(_("rows (estimated)"), null=True, blank=True)
    rows_read = models.BigIntegerField(_("rows read"), default=0)
    rows_rejected = models.BigIntegerField(_("rows rejected"), default=0)
    rows_written = models.BigIntegerField(_("rows processed and committed"), default=0)
    rows_created = models.BigIntegerField(_("new"), default=0)
    rows_updated = models.BigIntegerField(_("updated"), default=0)
    rows_unchanged = models.BigIntegerField(_("unchanged"), default=0)
    values_written = models.BigIntegerField(_("figures recomputed"), default=0)
    progress = models.FloatField(_("progress"), default=0)
    rate = models.FloatField(_("rows per second"), default=0)
    message = models.TextField(_("message"), blank=True)
    timings = models.JSONField(_("timings (seconds)"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="importrun_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_state_display()})"

    @property
    def active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def percent(self) -> float:
        return round(100 * self.progress, 1)


class ImportRowError(models.Model):
    """One bad row of an import: where (line or record, field), why, and the value."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="row_errors")
    line = models.BigIntegerField(_("line"))
    field = models.CharField(_("field"), max_length=64, blank=True)
    code = models.CharField(max_length=40)
    message = models.CharField(_("reason"), max_length=500)
    value = models.CharField(_("value"), max_length=200, blank=True)
    warning = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("row error")
        verbose_name_plural = _("row errors")
        ordering = ["run", "line", "id"]

    def __str__(self) -> str:
        return f"{self.line} {self.field}: {self.message}"


class RecountMark(models.Model):
    """A unit-month whose counts must be recomputed. Written in the same transaction as the
    records that changed, removed by the recount: a crash between the two loses nothing."""

    class Scope(models.TextChoices):
        DOSSIERS = "d", _("Dossier counts")
        PROCEDURES = "p", _("Procedure counts")
        FEEDBACK = "f", _("Feedback counts")

    scope = models.CharField(max_length=1, choices=Scope.choices)
    unit_id = models.BigIntegerField()
    month = models.IntegerField()

    class Meta:
        verbose_name = _("pending recount")
        verbose_name_plural = _("pending recounts")
        constraints = [
            models.UniqueConstraint(fields=["scope", "unit_id", "month"], name="recountmark_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.unit_id}:{self.month}"
