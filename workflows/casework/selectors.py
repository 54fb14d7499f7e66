"""Reads of cases and tasks, always scoped by the user asking."""

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from viewflow.workflow.status import STATUS

from workflows.organization.roles import Role, has_role, user_roles
from workflows.organization.scope import is_credit_office, sees_whole_city

from .models import Case, CaseTask, TaskParticipant

if TYPE_CHECKING:  # only a type: at runtime WithAnnotations takes one argument
    from django_stubs_ext import WithAnnotations

OPEN_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


# the providing department takes part through its verifiers and its leader (who may extend the
# verify step); its filers have no business with another department's case (domain.md §3)
PROVIDER_ROLES = (Role.VERIFIER, Role.APPROVER)


def cases_visible_to(user) -> QuerySet[Case]:
    """The filing department, the subject's department, the record provider's verifiers and
    leaders, and a department that works one of its steps see a case; the credit office,
    supervisors and admins see all."""
    cases = Case.objects.all()
    if sees_whole_city(user):
        return cases
    department_id = getattr(user, "department_id", None)
    if department_id is None:
        return cases.none()
    own = Q(filing_department_id=department_id) | Q(subject__department_id=department_id)
    if has_role(user, *PROVIDER_ROLES):
        own |= Q(record__provider_id=department_id)
    # a department asked to work a step (an inspector, a joint step's participant) sees the case
    worked_by = CaseTask.objects.filter(case=OuterRef("pk"), department_id=department_id)
    answered_by = TaskParticipant.objects.filter(
        case_task__case=OuterRef("pk"), department_id=department_id
    )
    return cases.filter(own | Exists(worked_by) | Exists(answered_by))


def user_sees_as_provider_only(user, case: Case) -> bool:
    """True for the record provider's staff on another department's case: they see what their
    verify step needs, not the filer's private fields (docs/security.md)."""
    if sees_whole_city(user):
        return False
    department_id = getattr(user, "department_id", None)
    return department_id not in (case.filing_department_id, case.subject.department_id)


def user_may_upload(user, case: Case) -> bool:
    """Those acting on the case: the filing department's filers, whoever may work one of its
    open tasks, and the credit office."""
    if is_credit_office(user):
        return True
    if case.filing_department_id == user.department_id and has_role(user, Role.FILER):
        return True
    return any(user_may_take(user, t) for t in case.case_tasks.filter(is_open=True))


def case_get_for_user(*, user, pk) -> Case:
    try:
        return cases_visible_to(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def overdue_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_open": True, f"{prefix}due_at__lt": timezone.now()})


class _OverdueFlag(TypedDict):
    has_overdue: bool


def cases_with_overdue_flag(
    cases: QuerySet[Case],
) -> "QuerySet[WithAnnotations[Case, _OverdueFlag]]":
    overdue = CaseTask.objects.filter(overdue_q(), case=OuterRef("pk"))
    return cases.annotate(has_overdue=Exists(overdue))


def open_case_tasks() -> QuerySet[CaseTask]:
    # is_open is closed by every service that ends a task (complete, withdraw)
    return CaseTask.objects.filter(is_open=True)


def user_may_take(user, case_task: CaseTask) -> bool:
    """Holders of the step's role in the step's department may claim and work the task; at a
    joint step, each participant who has not yet answered."""
    if not case_task.role:
        return _waiting_participants(user).filter(case_task=case_task.pk).exists()
    return case_task.role in user_roles(user) and case_task.department_id == user.department_id


def _waiting_participants(user) -> QuerySet[TaskParticipant]:
    department_id = getattr(user, "department_id", None)
    if department_id is None:
        return TaskParticipant.objects.none()
    return TaskParticipant.objects.filter(
        answered_at__isnull=True,
        department_id=department_id,
        role__in=list(user_roles(user)),
    )


def inbox_for(user) -> QuerySet[CaseTask]:
    """Open tasks assigned to the user, or in a group queue the user belongs to and unclaimed."""
    roles = list(user_roles(user))
    mine = Q(claimed_by=user)
    queue = Q(claimed_by__isnull=True, role__in=roles, department_id=user.department_id)
    # joint steps: those still waiting for this user's opinion
    joint = Q(role="") & Exists(_waiting_participants(user).filter(case_task=OuterRef("pk")))
    return (
        open_case_tasks()
        .filter(mine | queue | joint)
        .select_related("case", "task", "claimed_by")
        .order_by("due_at", "pk")
    )


def tasks_visible_to(user) -> QuerySet[CaseTask]:
    return CaseTask.objects.filter(case__in=cases_visible_to(user))


def case_task_get_for_user(*, user, pk) -> CaseTask:
    """404 when the task's case is not visible; permission to act is checked by the service."""
    try:
        return (
            tasks_visible_to(user)
            .select_related("case", "task", "task__owner", "department")
            .get(pk=pk)
        )
    except (CaseTask.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def archive_for(user) -> QuerySet[CaseTask]:
    """Tasks the user completed."""
    return (
        CaseTask.objects.filter(claimed_by=user, is_open=False, task__status=STATUS.DONE)
        .select_related("case", "task")
        .order_by("-task__finished")
    )


def user_reassigns(user) -> bool:
    """Supervisors, admins and approvers hand tasks on (each task checked by the service)."""
    return has_role(user, Role.SUPERVISOR, Role.ADMIN) or (
        has_role(user, Role.APPROVER) and getattr(user, "department_id", None) is not None
    )


def tasks_reassignable_by(user) -> QuerySet[CaseTask]:
    """Open tasks the user answers for and may hand to someone else (services.user_may_reassign):
    every one for supervisors and admins, its own department's for an approver (a leader). Joint
    steps have no single holder to replace and are left out."""
    tasks = open_case_tasks().exclude(role="")
    if has_role(user, Role.SUPERVISOR, Role.ADMIN):
        return tasks
    department_id = getattr(user, "department_id", None)
    if has_role(user, Role.APPROVER) and department_id is not None:
        return tasks.filter(department_id=department_id)
    return tasks.none()
