"""What every case shares: the case itself, its numbering, history, attachments, task clocks and policies."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from .registry import kind_choices


class Case(ConcurrentTransitionMixin, models.Model):
    """One case of any kind; each process app extends it (multi-table) with its own fields and states.

    The legal state is a protected FSM field whose transitions are declared by the kind's model.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=kind_choices, db_index=True)
    number = models.CharField(_("case number"), max_length=20, unique=True)
    # each kind's filing service sets its first state; its model declares the transitions
    state = FSMField(_("state"), max_length=30, protected=True, db_index=True)
    subject = models.ForeignKey(
        "records.Subject", verbose_name=_("subject"), on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        "records.CreditRecord",
        verbose_name=_("credit record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    filing_department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("filing department"),
        on_delete=models.PROTECT,
        related_name="filed_cases",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="filed_cases",
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # the clock stops while suspended (e.g. waiting for missing material)
    suspended_at = models.DateTimeField(_("suspended since"), null=True, blank=True)
    suspension_reason = models.TextField(_("suspension reason"), blank=True)
    process = models.OneToOneField(
        "viewflow.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class CaseSequence(models.Model):
    """The last case number given per kind and year; locked while the next one is taken."""

    kind = models.CharField(max_length=20, choices=kind_choices)
    year = models.PositiveIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="case_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_serial}"


class CaseEvent(models.Model):
    """The case's history: one row per step action, written in the action's transaction."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    step = models.CharField(_("step"), max_length=40)
    action = models.CharField(_("action"), max_length=40)
    # what happened, as a type and its parameters (casework.events.EventType)
    event = models.CharField(_("event"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,  # none: the system (a timer, a sweep)
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("case history entry")
        verbose_name_plural = _("case history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step}.{self.action}"


def attachment_path(instance, filename: str) -> str:
    return f"attachments/{instance.case_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class StepPolicy(models.Model):
    """Time limits of a step in working days: policy the city may change without a code change."""

    kind = models.CharField(_("kind"), max_length=20, choices=kind_choices)
    step = models.CharField(_("step"), max_length=40)
    limit_days = models.PositiveIntegerField(_("time limit (working days)"))
    # a limit in calendar months instead (e.g. a whole case within 3 months); 0: use limit_days
    limit_months = models.PositiveIntegerField(_("time limit (months)"), default=0)
    max_extension_days = models.PositiveIntegerField(
        _("longest extension (working days)"), default=5
    )
    # escalation level 2 (the supervisor) fires this many working days after the due time
    supervisor_after_days = models.PositiveIntegerField(
        _("alert the supervisor after (working days overdue)"), default=2
    )
    basis = models.CharField(_("basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("step time limit")
        verbose_name_plural = _("step time limits")
        constraints = [models.UniqueConstraint(fields=["kind", "step"], name="step_policy_unique")]

    def __str__(self) -> str:
        return f"{self.kind}.{self.step}: {self.limit_days}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        from .deadlines import step_policy_cache_clear

        step_policy_cache_clear()


class Clock(models.Model):
    """A time limit in working days and the alerts it owes: a task's or a whole case's.

    `next_alert_at` is when the alert sweep must look at it next (NULL: nothing more to send).
    """

    started_on = models.DateField(_("clock started on"))
    limit_days = models.PositiveIntegerField(_("time limit (working days)"))
    # a deadline set for this case (e.g. a rectification's), instead of started_on + limit_days
    fixed_due_on = models.DateField(_("deadline set for the case"), null=True, blank=True)
    extended_days = models.PositiveIntegerField(_("extension (working days)"), default=0)
    suspended_days = models.PositiveIntegerField(_("suspended (working days)"), default=0)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    is_provisional = models.BooleanField(_("provisional deadline"), default=False)
    is_open = models.BooleanField(_("open"), default=True, db_index=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    next_alert_at = models.DateTimeField(_("next alert at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.due_at and self.due_at < timezone.now())


class CaseTask(Clock):
    """Our side of a viewflow human task: who may work it, and its clock.

    The due time stored here is the one shown in the inbox and the one its alerts fire on.
    """

    task = models.OneToOneField(
        # PROTECT: viewflow's Task.owner cascades from the user; this refuses that deletion
        "viewflow.Task",
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="case_task",
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_tasks")
    step = models.CharField(_("step"), max_length=40)
    # empty for a joint step: its participants (TaskParticipant) take it instead
    role = models.CharField(_("group"), max_length=20)
    # members of this department holding the role may take the task
    department = models.ForeignKey(
        "organization.Department", on_delete=models.PROTECT, related_name="+"
    )
    # set when nobody could take the step where it belonged: it went to the credit office's queue
    rerouted_from = models.ForeignKey(
        "organization.Department",
        verbose_name=_("rerouted from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # a copy of viewflow's task owner, kept by the services, so the inbox reads one table
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case task")
        verbose_name_plural = _("case tasks")
        indexes = [
            # the group queue and "claimed by me": the two halves of every inbox
            models.Index(
                fields=["department", "role", "due_at"],
                condition=models.Q(is_open=True, claimed_by__isnull=True),
                name="casetask_queue_idx",
            ),
            models.Index(
                fields=["claimed_by", "due_at"],
                condition=models.Q(is_open=True),
                name="casetask_claimed_idx",
            ),
            # what is due or overdue: open tasks only, so closed history never slows it down
            models.Index(
                fields=["due_at"], condition=models.Q(is_open=True), name="casetask_open_due_idx"
            ),
            # the alert sweep reads only the rows whose next alert is due
            models.Index(
                fields=["next_alert_at"],
                condition=models.Q(is_open=True, next_alert_at__isnull=False),
                name="casetask_next_alert_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}.{self.step}"

    @property
    def kind(self) -> str:
        return self.case.kind


class TaskParticipant(models.Model):
    """One of several role-holders who must each give an opinion at a joint step."""

    case_task = models.ForeignKey(CaseTask, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("group"), max_length=20)
    department = models.ForeignKey(
        "organization.Department", on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    opinion = models.JSONField(_("opinion"), default=dict, blank=True)

    class Meta:
        verbose_name = _("joint step participant")
        verbose_name_plural = _("joint step participants")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_task", "role", "department"], name="participant_once_per_task"
            )
        ]
        indexes = [
            models.Index(
                fields=["department", "role"],
                condition=models.Q(answered_at__isnull=True),
                name="participant_waiting_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_task_id}:{self.role}"


class CaseClock(Clock):
    """A time limit on the whole case (e.g. a repair decided within 10 working days)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    name = models.CharField(_("clock"), max_length=40)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("case clock")
        verbose_name_plural = _("case clocks")
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="case_clock_once_per_case")
        ]
        indexes = [
            models.Index(
                fields=["next_alert_at"],
                condition=models.Q(is_open=True, next_alert_at__isnull=False),
                name="caseclock_next_alert_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}.{self.name}"

    # the step as alerts and the board show it
    @property
    def step(self) -> str:
        return self.name


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    # a dedupe key, so a reminder or escalation is recorded once however often it fires
    key = models.CharField(max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class SavedFilter(models.Model):
    """One user's named inbox view (its tab, search, filters and sort), shown only to that user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,  # a preference, not a record of anything done
        related_name="saved_filters",
    )
    name = models.CharField(_("name"), max_length=60)
    # the inbox's query string, only its known keys (casework.saved_filters.INBOX_KEYS)
    query = models.CharField(_("query"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_per_user")
        ]

    def __str__(self) -> str:
        return self.name
