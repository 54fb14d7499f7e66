"""Writes every case kind shares: numbering, task actions, claim/release/reassign, withdrawal,
suspension, extension and attachments. Each runs in one transaction under the flow's lock."""

import hashlib
import zipfile
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import filetype
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.status import STATUS

from workflows.organization.roles import Role, has_role, user_roles
from workflows.organization.scope import is_credit_office
from workflows.workdays.due_dates import workdays_between

from . import deadlines, registry
from .events import EventType, case_event_add
from .exceptions import Conflict, UnsupportedUploadType, UploadTooLarge
from .flows import active_case
from .models import Attachment, Case, CaseClock, CaseSequence, CaseTask, TaskParticipant
from .notifications import notify
from .selectors import user_may_take, user_may_upload

TASK_NOT_OPEN = _("This task is no longer open: someone has already completed it.")
TASK_CLAIMED_BY_OTHER = _("This task has been claimed by %(user)s.")
NOT_IN_GROUP = _("This task belongs to another group; you cannot work on it.")
UNKNOWN_ACTION = _("“%(action)s” is not an action of this step. Allowed: %(allowed)s.")
CASE_SUSPENDED = _("The case is suspended until the missing material arrives.")
CASE_CLOSED = _("The case is closed.")
NOT_CLAIMED_BY_YOU = _("You can only release a task you have claimed.")
ONLY_LEADERS_REASSIGN = _("Only leaders and supervisors can reassign tasks.")
ASSIGNEE_NOT_ELIGIBLE = _("%(user)s does not hold the role this step needs in its department.")
ONLY_FILER_WITHDRAWS = _("You may not withdraw this case.")
ALREADY_ANSWERED = _("Your opinion on this step is already recorded.")
CASE_WITHDRAWN_SUBJECT = _("Case %(case)s was withdrawn")
CASE_SUSPENDED_SUBJECT = _("Case %(case)s is suspended")
CASE_SUSPENDED_BODY = _("The clock of case %(case)s stops until %(reason)s")
WITHDRAW_TOO_LATE = _("The case can no longer be withdrawn: a decision has been signed.")
ONLY_FILER_RESUMES = _("Only the filing department can supply the missing material.")
UPLOAD_NOT_ACTING = _("Only those acting on this case may add attachments to it.")
NOT_SUSPENDED = _("The case is not suspended.")
ALREADY_SUSPENDED = _("The case is already suspended.")
EXTENSION_ONCE = _("This step has already been extended once; a step allows one extension.")
EXTENSION_TOO_LONG = _("An extension of this step may be at most %(max)d working days.")
EXTENSION_NOT_ALLOWED = _("Only the step's approver or a supervisor can extend a time limit.")
UPLOAD_TOO_LARGE = _("The file is %(size).1f MB; an attachment may be at most %(max)d MB.")
UPLOAD_WRONG_TYPE = _(
    "“%(name)s” is not a PDF, JPEG, PNG or OFD file (its content says %(found)s)."
)
UPLOAD_UNKNOWN_TYPE = _(
    "“%(name)s” is not a PDF, JPEG, PNG or OFD file (its content is of no file type we recognise)."
)

OPEN = (STATUS.NEW, STATUS.ASSIGNED)


def case_number_next(*, kind: str, year: int) -> str:
    """Next case number of the kind for the year, gap-free: the sequence row is locked."""
    CaseSequence.objects.get_or_create(kind=kind, year=year)
    sequence = CaseSequence.objects.select_for_update().get(kind=kind, year=year)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return f"{registry.process_for(kind).prefix}-{year}-{sequence.last_serial:06d}"


def _flow_class_of(case: Case) -> Any:
    return registry.process_for(case.kind).flow_class


def case_start(*, case: Case, flow_class=None) -> Case:
    """Number a new case, save it and start its process (inside the caller's transaction)."""
    spec = registry.process_for(case.kind)
    case.number = case_number_next(kind=case.kind, year=timezone.localdate().year)
    # the protected FSM field refuses the re-assignment clean_fields() makes
    case.full_clean(exclude=["state"])
    case.save()
    token = active_case.set(case)
    try:
        (flow_class or spec.flow_class).start.run(case=case)
    finally:
        active_case.reset(token)
    return case


def case_file(*, kind: str, by, data, uploads=(), files=None) -> Case:
    """File a case of any kind: the one door of the web form and the API.

    The kind's filing form validates the input (400 with its errors), the kind's filing service
    files it, and every upload is attached in the same transaction: all or nothing. `files`: the
    request's named uploads, for a filing form with file fields of its own (e.g. a signed letter).
    """
    spec = registry.process_for(kind)
    form = spec.file_form(data=data, files=files)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    with transaction.atomic():
        case = spec.file_service(by=by, data=form.cleaned_data)
        case_event_add(
            case=case,
            step="file",
            action="file",
            by=by,
            event=EventType.FILED,
            comment=_first_text(form.cleaned_data, spec.filing_comment_fields),
        )
        for upload in uploads:
            attachment_add(case=case, by=by, upload=upload)
    return case


@contextmanager
def _task_activation(case_task: CaseTask, *also: str):
    """viewflow's `Task.activation()`: the flow's lock, then the task read again under it, here
    in one query with its process (the activation reads it next) and the `also` paths."""
    task = case_task.task
    rows = type(task)._base_manager.select_related("process", *also)
    with task.flow_task.flow_class.lock(task.process_id):
        task.refresh_from_db(from_queryset=rows)
        yield task.flow_task.activation_class(task)


def _case_related(case_task: CaseTask) -> tuple[str, ...]:
    """The case's relations the step reads (CaseStep.case_related, by default the flow's)."""
    related = getattr(case_task.task.flow_task, "case_related", None)
    if related is None:
        related = registry.process_for(case_task.case.kind).flow_class.case_related
    return tuple(related)


def _kind_accessor(case_task: CaseTask) -> str:
    """From a Case to its kind's model (every kind's model is a Case subclass: the registry
    refuses any other): the name of the one-to-one link."""
    link = registry.process_for(case_task.case.kind).case_model._meta.get_ancestor_link(Case)
    return link.remote_field.get_accessor_name()


def _kind_case(case_task: CaseTask, task, related: tuple[str, ...], accessor: str):
    """The case as its kind's model, read under the flow lock with the relations the step reads.

    A step that reads none had its case read with its task (_task_activation); one that reads
    some has it read by a second query joining them (task, process, case and the relations in
    one query plan slower on PostgreSQL than two)."""
    if related:
        model = registry.process_for(case_task.case.kind).case_model
        return model.objects.select_related(*related).get(pk=case_task.case_id)
    return getattr(task.process.case, accessor)


def _set_claimed(case_task: CaseTask, user) -> None:
    CaseTask.objects.filter(pk=case_task.pk).update(claimed_by=user)
    case_task.claimed_by = user


def _check_may_act(user, case_task: CaseTask, extra_roles=()) -> None:
    if user_may_take(user, case_task):
        return
    if has_role(user, *extra_roles):  # False when the step names none
        return
    raise PermissionDenied(NOT_IN_GROUP)


def _participant_for(user, case_task: CaseTask) -> TaskParticipant | None:
    roles = user_roles(user)
    return (
        case_task.participants.filter(
            department_id=user.department_id, role__in=roles, answered_at__isnull=True
        )
        .select_for_update()
        .first()
    )


def task_complete(*, case_task: CaseTask, by, action: str, data) -> Case:
    """Perform a step action (from the web form or the API) and move the flow on."""
    node = case_task.task.flow_task
    step_action = node.actions.get(action)
    if step_action is None:
        raise ValidationError(
            {
                "action": [
                    ValidationError(
                        UNKNOWN_ACTION,
                        params={"action": action, "allowed": ", ".join(node.actions)},
                    )
                ]
            }
        )
    _check_may_act(by, case_task, step_action.extra_roles)
    form = step_action.form_class(data=data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())

    related = _case_related(case_task)
    accessor = _kind_accessor(case_task)
    with _task_activation(
        case_task, *([] if related else [f"process__case__{accessor}"])
    ) as activation:
        task = activation.task
        if task.status not in OPEN:
            raise Conflict(TASK_NOT_OPEN)
        is_joint = not case_task.role
        if task.owner_id and task.owner_id != by.pk and not is_joint:
            raise Conflict(TASK_CLAIMED_BY_OTHER % {"user": task.owner})
        case = _kind_case(case_task, task, related, accessor)
        if case.is_closed:
            raise Conflict(CASE_CLOSED)
        if case.is_suspended and step_action.completes_task and not step_action.while_suspended:
            raise ValidationError(CASE_SUSPENDED)
        completes = step_action.completes_task
        claims = not is_joint and task.status == STATUS.NEW
        if is_joint:
            completes = _answer_joint(case_task, by, form.cleaned_data)
        elif claims and not completes:
            activation.assign(by)
            _set_claimed(case_task, by)
        elif claims:
            # claimed and completed at once: the task row is written once, by complete()
            task.owner, task.status = by, STATUS.ASSIGNED
        token = active_case.set(case)
        try:
            step_action.perform(case=case, by=by, task=case_task, data=form.cleaned_data)
            _record_and_move_on(
                activation,
                case_task=case_task,
                case=case,
                by=by,
                action=action,
                step_action=step_action,
                cleaned=form.cleaned_data,
                is_joint=is_joint,
                completes=completes,
                claims=claims,
            )
        finally:
            active_case.reset(token)
    return case


def _record_and_move_on(
    activation,
    *,
    case_task: CaseTask,
    case,
    by,
    action: str,
    step_action,
    cleaned: dict,
    is_joint: bool,
    completes: bool,
    claims: bool,
) -> None:
    """The history row, then (when the step is done) close the task and move the flow on."""
    case_event_add(
        case=case,
        step=case_task.step,
        action=action,
        by=by,
        comment=_first_text(cleaned, step_action.comment_fields),
        event=EventType.OPINION if is_joint else EventType.STEP_ACTION,
        params=_event_params(cleaned),
    )
    if not completes:
        return
    task = activation.task
    if task.status == STATUS.NEW:  # a joint step's last opinion
        task.owner, task.status = by, STATUS.ASSIGNED
    closed: dict[str, Any] = {"is_open": False, "next_alert_at": None}
    if claims:
        closed["claimed_by"] = by
    CaseTask.objects.filter(pk=case_task.pk).update(**closed)
    activation.start(None)
    activation.execute()


def _answer_joint(case_task: CaseTask, by, cleaned: dict) -> bool:
    """Record one participant's opinion; True when it was the last one missing."""
    participant = _participant_for(by, case_task)
    if participant is None:
        raise Conflict(ALREADY_ANSWERED)
    participant.answered_by = by
    participant.answered_at = timezone.now()
    participant.opinion = _event_params(cleaned)
    participant.save(update_fields=["answered_by", "answered_at", "opinion"])
    return not case_task.participants.filter(answered_at__isnull=True).exists()


def _event_params(cleaned: dict) -> dict:
    """The action's input as JSON-safe parameters of its history row (files are left out)."""
    params: dict[str, Any] = {}
    for key, value in cleaned.items():
        if isinstance(value, str | int | float | bool) or value is None:
            params[key] = value
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            params[key] = list(value)
        elif hasattr(value, "isoformat"):
            params[key] = value.isoformat()
    return params


def _first_text(cleaned: dict, fields) -> str:
    for key in fields:
        if cleaned.get(key):
            return str(cleaned[key])
    return ""


def task_claim(*, case_task: CaseTask, by) -> CaseTask:
    _check_may_act(by, case_task)
    with _task_activation(case_task) as activation:
        task = activation.task
        if task.status not in OPEN:
            raise Conflict(TASK_NOT_OPEN)
        if task.owner_id and task.owner_id != by.pk:
            raise Conflict(TASK_CLAIMED_BY_OTHER % {"user": task.owner})
        if task.status == STATUS.NEW:
            activation.assign(by)
            _set_claimed(case_task, by)
        case_event_add(
            case=case_task.case,
            step=case_task.step,
            action="claim",
            by=by,
            event=EventType.CLAIMED,
        )
    return case_task


def task_release(*, case_task: CaseTask, by) -> CaseTask:
    with _task_activation(case_task) as activation:
        task = activation.task
        if task.status not in OPEN:
            raise Conflict(TASK_NOT_OPEN)
        if task.owner_id != by.pk:
            raise PermissionDenied(NOT_CLAIMED_BY_YOU)
        activation.unassign()
        _set_claimed(case_task, None)
        case_event_add(
            case=case_task.case,
            step=case_task.step,
            action="release",
            by=by,
            event=EventType.RELEASED,
        )
    return case_task


def user_may_reassign(user, case_task: CaseTask) -> bool:
    """Supervisors anywhere; approvers (leaders) for tasks of their own department."""
    return _is_leader_of(user, case_task)


def user_may_extend(user, case_task: CaseTask) -> bool:
    """The step's approver: a leader of the department working it, the credit office's
    approver (who answers for every step's time limit), or a supervisor."""
    if has_role(user, Role.SUPERVISOR):
        return True
    return has_role(user, Role.APPROVER) and (
        user.department_id == case_task.department_id or is_credit_office(user)
    )


def _is_leader_of(user, case_task: CaseTask) -> bool:
    if has_role(user, Role.SUPERVISOR, Role.ADMIN):
        return True
    return has_role(user, Role.APPROVER) and user.department_id == case_task.department_id


def task_reassign(*, case_task: CaseTask, by, assignee) -> CaseTask:
    """Leaders and supervisors hand a task to an eligible user (given by username or id)."""
    if not _is_leader_of(by, case_task):
        raise PermissionDenied(ONLY_LEADERS_REASSIGN)
    users = get_user_model().objects.filter(is_active=True)
    key = str(assignee or "")
    assignee = users.filter(username=key).first() or (
        # ASCII digits of a 64-bit id only: "²" passes isdigit() and int() refuses it
        users.filter(pk=int(key)).first()
        if key.isascii() and key.isdigit() and len(key) <= 18
        else None
    )
    if assignee is None or not user_may_take(assignee, case_task):
        raise ValidationError(
            {"assignee": [ValidationError(ASSIGNEE_NOT_ELIGIBLE, params={"user": assignee})]}
        )
    with _task_activation(case_task) as activation:
        task = activation.task
        if task.status == STATUS.NEW:
            activation.assign(assignee)
        elif task.status == STATUS.ASSIGNED:
            activation.reassign(assignee)
        else:
            raise Conflict(TASK_NOT_OPEN)
        _set_claimed(case_task, assignee)
        case_event_add(
            case=case_task.case,
            step=case_task.step,
            action="reassign",
            by=by,
            comment=str(assignee),
            event=EventType.REASSIGNED,
            params={"assignee": assignee.username},
        )
    return case_task


def _notify_holders(case: Case, *, subject, body, key: str, params=None, exclude=None) -> None:
    """Tell whoever holds an open task of the case (claimant or the group) what happened."""
    from .alerts import holders

    recipients: set = set()
    # holders() reads the claimant; a group's members are read per sweep or per role
    for case_task in CaseTask.objects.filter(case=case, is_open=True).select_related("claimed_by"):
        recipients.update(holders(case_task))
    recipients.discard(exclude)
    notify(
        recipients=recipients,
        subject=subject,
        body=body,
        params={"case": case.number, **(params or {})},
        case=case,
        key=key,
    )


def case_withdraw(*, case: Case, by, reason: str) -> Case:
    """Withdraw a case before its decision; who may is the process's rule (default: the filer)."""
    flow_class = _flow_class_of(case)
    with flow_class.lock(case.process_id):
        kind_case = flow_class.case_model.objects.get(pk=case.pk)
        if not flow_class.instance.may_withdraw(user=by, case=kind_case):
            raise PermissionDenied(ONLY_FILER_WITHDRAWS)
        if kind_case.is_closed:
            raise Conflict(WITHDRAW_TOO_LATE)
        _notify_holders(
            kind_case, subject=CASE_WITHDRAWN_SUBJECT, body=reason, key=f"withdrawn:{case.pk}"
        )
        flow_class.instance.withdraw_case(case=kind_case, by=by, reason=reason)
        kind_case.closed_at = timezone.now()
        # a suspension ends with the case: nothing waits for material any more
        kind_case.suspended_at, kind_case.suspension_reason = None, ""
        kind_case.save()
        case_event_add(
            case=kind_case,
            step="withdraw",
            action="withdraw",
            by=by,
            comment=reason,
            event=EventType.WITHDRAWN,
        )
        _clocks_close(kind_case)
        # cancelling each open step closes its CaseTask too (CaseActivation.cancel)
        flow_class.instance.cancel(kind_case.process)
    return Case.objects.get(pk=case.pk)


def _open_clocks(case: Case):
    tasks = CaseTask.objects.filter(case=case, is_open=True).select_related("case", "task")
    return [*tasks, *CaseClock.objects.filter(case=case, is_open=True).select_related("case")]


def _clocks_close(case: Case) -> None:
    CaseClock.objects.filter(case=case, is_open=True).update(is_open=False, next_alert_at=None)


def case_suspend(*, case: Case, by, reason: str) -> Case:
    """Stop the clock of every open task of the case (e.g. until missing material arrives)."""
    if case.is_suspended:
        raise ValidationError(ALREADY_SUSPENDED)
    Case.objects.filter(pk=case.pk).update(suspended_at=timezone.now(), suspension_reason=reason)
    case.suspended_at = timezone.now()
    for clock in _open_clocks(case):
        deadlines.clock_recompute(clock, suspended=True)
    case_event_add(
        case=case,
        step="suspend",
        action="suspend",
        by=by,
        comment=reason,
        event=EventType.SUSPENDED,
    )
    # whoever holds a step hears that its clock stopped (the one acting already knows)
    _notify_holders(
        case,
        subject=CASE_SUSPENDED_SUBJECT,
        body=CASE_SUSPENDED_BODY,
        params={"reason": reason},
        key=f"suspended:{case.pk}:{case.events.count()}",
        exclude=by,
    )
    return case


def case_resume(*, case: Case, by, comment: str) -> Case:
    """Start the clock again: every open task's due time moves by the working days suspended."""
    if case.is_closed:
        raise Conflict(CASE_CLOSED)
    if case.suspended_at is None:
        raise ValidationError(NOT_SUSPENDED)
    suspended_on = deadlines.local_date(case.suspended_at)
    days = workdays_between(suspended_on, timezone.localdate())
    Case.objects.filter(pk=case.pk).update(suspended_at=None, suspension_reason="")
    case.suspended_at, case.suspension_reason = None, ""
    for clock in _open_clocks(case):
        clock.suspended_days += days
        clock.save(update_fields=["suspended_days"])
        deadlines.clock_recompute(clock, suspended=False)
    case_event_add(
        case=case,
        step="resume",
        action="resume",
        by=by,
        comment=comment,
        event=EventType.RESUMED,
        params={"days": days},
    )
    return case


def case_resume_by_filer(*, case: Case, by, comment: str) -> Case:
    """The filing department has supplied the missing material (its inbox task, or the case
    page's button: both close the supply task and start the clock again)."""
    if by.department_id != case.filing_department_id or not has_role(by, Role.FILER):
        raise PermissionDenied(ONLY_FILER_RESUMES)
    supply = (
        CaseTask.objects.filter(case=case, is_open=True, step=SUPPLY_STEP)
        .select_related("case", "task")
        .first()
    )
    if supply is not None:
        return task_complete(case_task=supply, by=by, action="supply", data={"comment": comment})
    with _flow_class_of(case).lock(case.process_id):
        case = Case.objects.get(pk=case.pk)
        return case_resume(case=case, by=by, comment=comment)


SUPPLY_STEP = "supply_material"


def case_clock_start(*, case: Case, name: str = deadlines.CASE_CLOCK_STEP) -> CaseClock:
    """Start a clock on the whole case; its limit is the StepPolicy row of step "case"."""
    policy = deadlines.step_policy(case.kind, name)
    today = timezone.localdate()
    clock = CaseClock(
        case=case,
        name=name,
        started_on=today,
        limit_days=policy.limit_days,
        fixed_due_on=deadlines.months_later(today, policy.limit_months)
        if policy.limit_months
        else None,
    )
    # a new clock owes its reminder first: the supervisor's days are read when it escalates
    deadlines.clock_schedule(clock, suspended=case.is_suspended)
    clock.save()
    case_event_add(
        case=case,
        step=name,
        action="clock",
        event=EventType.CLOCK_STARTED,
        params={"due_at": clock.due_at.isoformat() if clock.due_at else None},
    )
    return clock


def task_extension_grant(*, case_task: CaseTask, by, days: int, reason: str) -> CaseTask:
    """The core of an extension: once per step, at most the policy's length. Who may grant it is
    the caller's rule (task_extend below; a process may have an approver decide a request)."""
    policy = deadlines.step_policy(case_task.case.kind, case_task.step)
    case_task = CaseTask.objects.select_related("case", "task").get(pk=case_task.pk)
    if not case_task.is_open:
        raise Conflict(TASK_NOT_OPEN)
    if case_task.extended_days:
        raise ValidationError(EXTENSION_ONCE)
    if not 1 <= days <= policy.max_extension_days:
        raise ValidationError(
            {
                "days": [
                    ValidationError(EXTENSION_TOO_LONG, params={"max": policy.max_extension_days})
                ]
            }
        )
    case_task.extended_days = days
    case_task.save(update_fields=["extended_days"])
    deadlines.case_task_recompute(case_task)
    case_event_add(
        case=case_task.case,
        step=case_task.step,
        action="extend",
        by=by,
        comment=reason,
        event=EventType.EXTENDED,
        params={"days": days},
    )
    return case_task


def task_extend(*, case_task: CaseTask, by, days: int, reason: str) -> CaseTask:
    """One extension per step, approved by the step's approver (or a supervisor)."""
    if not user_may_extend(by, case_task):
        raise PermissionDenied(EXTENSION_NOT_ALLOWED)
    with _task_activation(case_task) as activation:
        if activation.task.status not in OPEN:
            raise Conflict(TASK_NOT_OPEN)
        return task_extension_grant(case_task=case_task, by=by, days=days, reason=reason)


ALLOWED_MIME = {"application/pdf", "image/jpeg", "image/png"}
OFD_MIME = "application/ofd"


def _sniff(upload) -> tuple[str | None, Any]:
    """The file's accepted type from its content, not its name, and what the content looked like.
    OFD is a zip holding OFD.xml. filetype reads the first bytes and puts the position back."""
    kind = filetype.guess(upload)
    if kind is None:
        return None, None
    if kind.mime in ALLOWED_MIME:
        return kind.mime, kind
    if kind.mime == "application/zip" and _holds_ofd_xml(upload):
        return OFD_MIME, kind
    return None, kind


def _holds_ofd_xml(upload) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return "ofd.xml" in {name.lower() for name in archive.namelist()}
    except zipfile.BadZipFile:
        return False


def attachment_add(*, case: Case, by, upload) -> Attachment:
    if not user_may_upload(by, case):
        raise PermissionDenied(UPLOAD_NOT_ACTING)
    max_bytes = settings.ATTACHMENT_MAX_BYTES
    if upload.size > max_bytes:
        raise UploadTooLarge(
            UPLOAD_TOO_LARGE % {"size": upload.size / 1024 / 1024, "max": max_bytes // 1024 // 1024}
        )
    mime, kind = _sniff(upload)
    if mime is None:
        raise UnsupportedUploadType(
            UPLOAD_WRONG_TYPE % {"name": upload.name, "found": kind.extension.upper()}
            if kind
            else UPLOAD_UNKNOWN_TYPE % {"name": upload.name}
        )
    if case.is_closed:
        raise Conflict(CASE_CLOSED)
    digest = hashlib.sha256()
    # chunks() starts from the first byte, whatever read the upload before
    for chunk in upload.chunks():
        digest.update(chunk)
    with transaction.atomic():
        attachment = Attachment(
            case=case,
            original_name=upload.name[:255],
            content_type=mime,
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=by,
            # stored when the row is saved, under its hash (models.attachment_path)
            file=upload,
        )
        attachment.save()
        case_event_add(
            case=case,
            step="attachments",
            action="upload",
            by=by,
            comment=attachment.original_name,
            event=EventType.UPLOADED,
            params={"sha256": attachment.sha256},
        )
    return attachment


def case_mark_closed(*, case: Case, at: datetime | None = None) -> None:
    """The case is decided: its whole-case clocks stop, and a suspension ends with it."""
    closed_at = at or timezone.now()
    Case.objects.filter(pk=case.pk).update(
        closed_at=closed_at, suspended_at=None, suspension_reason=""
    )
    case.closed_at, case.suspended_at, case.suspension_reason = closed_at, None, ""
    _clocks_close(case)
