"""What the deadline timers do: remind the assignee, then alert the leader, then the supervisor.

Each fires once however many timer dispatchers run: the conditional UPDATE below lets one win.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.organization.roles import Role

from .models import CaseTask
from .notifications import notify

REMINDER_SUBJECT = _("Due tomorrow: %(case)s, step %(step)s")
OVERDUE_SUBJECT = _("Overdue: %(case)s, step %(step)s")
ESCALATION_BODY = _("The task %(step)s of case %(case)s was due at %(due)s and is still open.")


def _case_task(activation) -> CaseTask:
    boundary = activation.task.previous.all()[0]
    host = boundary.previous.all()[0]
    return CaseTask.objects.select_related("case", "task__owner", "department").get(task=host)


def _candidates(case_task: CaseTask):
    """The assignee, or everyone who could take the task from the group queue."""
    if case_task.task.owner_id:
        return [case_task.task.owner]
    users = get_user_model().objects.filter(
        department=case_task.department, groups__name=case_task.role, is_active=True
    )
    return list(users)


def _params(case_task: CaseTask) -> dict:
    due = timezone.localtime(case_task.due_at).strftime("%Y-%m-%d %H:%M")
    return {"case": case_task.case.number, "step": case_task.step, "due": due}


def send_reminder(activation) -> None:
    case_task = _case_task(activation)
    won = CaseTask.objects.filter(pk=case_task.pk, reminded_at__isnull=True, is_open=True).update(
        reminded_at=timezone.now()
    )
    # a reminder that would arrive after the deadline is noise: escalation covers it
    if won and not case_task.is_overdue:
        notify(
            recipients=_candidates(case_task),
            subject=REMINDER_SUBJECT % _params(case_task),
            body=ESCALATION_BODY % _params(case_task),
            case=case_task.case,
            key=f"remind:{case_task.pk}",
        )


def _escalate(case_task: CaseTask, level: int, recipients) -> None:
    won = CaseTask.objects.filter(pk=case_task.pk, escalation_level__lt=level, is_open=True).update(
        escalation_level=level, escalated_at=timezone.now()
    )
    if won:
        notify(
            recipients=recipients,
            subject=OVERDUE_SUBJECT % _params(case_task),
            body=ESCALATION_BODY % _params(case_task),
            case=case_task.case,
            key=f"escalate{level}:{case_task.pk}",
        )


def escalate_to_leader(activation) -> None:
    case_task = _case_task(activation)
    leaders = {u.leader for u in _candidates(case_task) if u.leader_id}
    if not leaders:  # nobody named as leader: the department's approvers
        leaders = set(
            get_user_model().objects.filter(
                department=case_task.department, groups__name=Role.APPROVER
            )
        )
    _escalate(case_task, 1, leaders)


def escalate_to_supervisor(activation) -> None:
    case_task = _case_task(activation)
    supervisors = (
        get_user_model().objects.filter(Q(groups__name=Role.SUPERVISOR), is_active=True).distinct()
    )
    _escalate(case_task, 2, list(supervisors))
