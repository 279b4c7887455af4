"""Directives (văn bản chỉ đạo) and the assignments (nhiệm vụ) they give.

A document goes through a *draft* first: uploaded and read by the extractor (or started
empty to enter by hand), reviewed and corrected by a person, then confirmed. Confirming
creates the :class:`Directive` and one :class:`Assignment` per task and lead unit, in one
transaction. Drafts never appear in lists, scorecards or reminders.

An assignment's *state* records what people decided (open, reported done, confirmed,
paused, cancelled); its status (đúng hạn, quá hạn…) is derived from the state and the
dates by :mod:`dieuhanh.directives.status`. Every row keeps its history
(django-simple-history) with the user who changed it.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dieuhanh.directives.status import AssignmentFacts, State, Status, status_of


class DirectiveKind(models.TextChoices):
    NOTICE = "notice", _("Conclusion notice")
    INSTRUCTION = "instruction", _("Instruction")
    LETTER = "letter", _("Official letter")
    PLAN = "plan", _("Plan")
    DECISION = "decision", _("Decision")
    OTHER = "other", _("Other document")


class Directive(models.Model):
    """A confirmed directive: the document and who issued it."""

    Kind = DirectiveKind

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.NOTICE)
    number = models.CharField(_("number"), max_length=64, blank=True)
    date = models.DateField(_("date"))
    title = models.CharField(_("summary"), max_length=500, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    # The assigning side: who confirms completions and grants extensions. The province
    # (UBND tỉnh) unless a directive says otherwise.
    issuer_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("issuing unit"),
        on_delete=models.PROTECT,
        related_name="directives_issued",
    )
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)
    source_file = models.FileField(
        _("source file"), upload_to="directives/%Y/%m/", blank=True, max_length=255
    )
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Set by imports (the demo, a document system) so that importing twice adds nothing.
    external_id = models.CharField(_("external identifier"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="directive_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        label = self.number or self.get_kind_display()
        return f"{label} ({self.date:%d/%m/%Y})"


class DirectiveDraft(models.Model):
    """A directive being reviewed: what the extractor read, as corrected so far.

    ``tasks`` is a list of rows, each ``{"key", "text", "span", "lead_text", "lead_ids",
    "coop_text", "coop_ids", "deadline", "deadline_text", "recurring", "lead_matches",
    "coop_matches", "edited"}`` (see ``services``); ``extraction`` keeps the extractor's
    own output as the evidence it was.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=DirectiveKind.choices, default=DirectiveKind.NOTICE
    )
    number = models.CharField(_("number"), max_length=64, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("summary"), max_length=500, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    source_file = models.FileField(
        _("source file"), upload_to="directives/%Y/%m/", blank=True, max_length=255
    )
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    extraction = models.JSONField(_("extraction"), default=dict, blank=True)
    tasks = models.JSONField(_("tasks"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    external_id = models.CharField(_("external identifier"), max_length=64, blank=True)
    directive = models.OneToOneField(
        Directive,
        verbose_name=_("directive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["text", "extraction"])

    class Meta:
        verbose_name = _("directive draft")
        verbose_name_plural = _("directive drafts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="directivedraft_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.source_name or f"#{self.pk}"


class Assignment(models.Model):
    """One task of a directive for one lead unit. A task given to several units ("Các sở,
    ban, ngành") becomes one assignment per unit, sharing the directive and ``position``,
    so that each unit's progress and timeliness are its own."""

    State = State

    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    position = models.PositiveSmallIntegerField(_("task number"), default=1)
    text = models.TextField(_("task"))
    span_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    span_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_text = models.CharField(_("lead as written"), max_length=500, blank=True)
    lead_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="assignments_led",
    )
    cooperating_units = models.ManyToManyField(
        "orgunits.OrgUnit",
        verbose_name=_("cooperating units"),
        blank=True,
        related_name="assignments_cooperating",
    )
    deadline_original = models.DateField(_("original deadline"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    deadline_text = models.CharField(_("deadline as written"), max_length=255, blank=True)
    recurring = models.BooleanField(_("regular task"), default=False)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=[
            (State.OPEN, _("Open")),
            (State.AWAITING, _("Reported done")),
            (State.DONE, _("Confirmed done")),
            (State.PAUSED, _("Paused")),
            (State.CANCELLED, _("Cancelled")),
        ],
        default=State.OPEN,
    )
    completed_on = models.DateField(_("reported done on"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    last_progress_on = models.DateField(_("last progress report"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["directive_id", "position", "id"]
        indexes = [
            models.Index(fields=["lead_unit", "state"]),
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["directive", "position"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_percent__isnull=True) | Q(progress_percent__lte=100),
                name="assignment_percent_range",
            ),
            # An extension only ever moves the deadline later.
            models.CheckConstraint(
                condition=Q(deadline_original__isnull=True)
                | Q(deadline__isnull=False, deadline__gte=F("deadline_original")),
                name="assignment_deadline_not_earlier",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[State.AWAITING, State.DONE])
                | Q(completed_on__isnull=False),
                name="assignment_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive} — {self.position}. {self.lead_unit}"

    @property
    def facts(self) -> AssignmentFacts:
        return AssignmentFacts(
            state=State(self.state), deadline=self.deadline, completed_on=self.completed_on
        )

    def status_on(self, day: date) -> Status:
        return status_of(self.facts, day)

    @property
    def status(self) -> Status:
        return status_of(self.facts, timezone.localdate())

    @property
    def extended(self) -> bool:
        return self.deadline_original is not None and self.deadline != self.deadline_original


class ProgressUpdate(models.Model):
    """What the lead unit reported: a date, text, a percentage, files. A completion report
    (``is_completion``) moves the assignment to "waiting for confirmation"."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="updates"
    )
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(
        _("percent done"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    is_completion = models.BooleanField(_("reports the task done"), default=False)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="progressupdate_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} @ {self.reported_on:%d/%m/%Y}"


class Attachment(models.Model):
    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="assignments/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"), default=0)
    content_type = models.CharField(max_length=127, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Extension(models.Model):
    """A request for more time (gia hạn), and the assigner's decision on it. The original
    deadline stays on the assignment; an approved extension sets the current one."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Refused")

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="extensions",
    )
    previous_deadline = models.DateField(_("deadline before"))
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status="pending"),
                name="extension_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(requested_deadline__gt=F("previous_deadline")),
                name="extension_moves_later",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: → {self.requested_deadline:%d/%m/%Y}"


class Decision(models.Model):
    """The assigning side's decisions on an assignment, with the note that explains them."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirmed done")
        RETURN = "return", _("Returned")
        PAUSE = "pause", _("Paused")
        RESUME = "resume", _("Resumed")
        CANCEL = "cancel", _("Cancelled")
        REASSIGN = "reassign", _("Lead unit changed")

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    kind = models.CharField(_("decision"), max_length=16, choices=Kind.choices)
    decided_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    # A change of lead unit (``reassign``): from which unit to which.
    from_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("from unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("to unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.kind} {self.decided_on:%d/%m/%Y}"


class Reminder(models.Model):
    """A reminder sent (by e-mail where the unit has an address, and shown in the app).
    At most one per assignment, kind and day: the command can run as often as wanted."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Deadline approaching")
        OVERDUE = "overdue", _("Overdue")

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"))
    deadline = models.DateField(_("deadline"))
    recipients = models.TextField(_("recipients"), blank=True)
    emailed = models.BooleanField(_("e-mailed"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "sent_on"], name="reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.kind} {self.sent_on:%d/%m/%Y}"
