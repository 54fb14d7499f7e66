"""Demo rectifications at every step: issued through the services and worked as the demo users
would, one past its deadline with the overdue handling open, one whose subject is banned from
honours."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from viewflow.workflow.timers import fire_due_timers

from workflows.casework.deadlines import clock_recompute
from workflows.casework.models import CaseTask
from workflows.casework.services import task_complete
from workflows.organization.models import Department
from workflows.records.models import Category, CreditRecord, RecordState, Subject, SubjectKind
from workflows.records.services import record_create

from .models import Rectification
from .services import rectification_issue

MEASURES = "一、查明失信原因，书面说明；二、{}；三、建立健全防止再次发生的制度措施。"
CAUSES = "经自查，因合同管理制度不健全、履约资金未及时拨付，导致未按期履行生效法律文书确定的义务。"
REPORT = "已全额履行生效法律文书确定的义务，修订合同管理办法并组织全员培训。"
# how far each demo case gets: the open step(s) it waits at
STAGES = [
    "explain",
    "rectify",
    "review_extension",
    "verify",
    "accepted",
    "handle_overdue",
    "banned",
]


def _users():
    return {u.username: u for u in get_user_model().objects.all()}


def _open_task(case, step: str) -> CaseTask:
    return CaseTask.objects.select_related("task", "case").get(case=case, step=step, is_open=True)


def _holder(case_task: CaseTask, users):
    return next(
        u
        for u in users.values()
        if u.department_id == case_task.department_id
        and u.groups.filter(name=case_task.role).exists()
    )


def _do(case, step, action, users, user=None, **data):
    case_task = _open_task(case, step)
    task_complete(
        case_task=case_task, by=user or _holder(case_task, users), action=action, data=data
    )


def _past_deadline(case: Rectification) -> None:
    """The deadline ran out three days ago with rectify still open: the timer opens handling."""
    passed = timezone.localdate() - datetime.timedelta(days=3)
    Rectification.objects.filter(pk=case.pk).update(deadline_on=passed)
    rectify = _open_task(case, "rectify")
    rectify.fixed_due_on = passed
    clock_recompute(rectify, suspended=False)
    fire_due_timers()


def _work(case: Rectification, stage: str, users) -> None:
    if stage == "explain":
        return
    _do(case, "explain", "submit", users, causes=CAUSES)
    if stage == "rectify":
        return
    if stage == "review_extension":
        _do(
            case,
            "rectify",
            "request_extension",
            users,
            reason="整改涉及预算调整，需提请本级人大审议。",
            days=10,
        )
        return
    if stage in ("handle_overdue", "banned"):
        _past_deadline(case)
        if stage == "banned":
            _do(
                case,
                "handle_overdue",
                "handle",
                users,
                notify_publicly=True,
                ban_honours=True,
                ban_months=12,
                comment="逾期未完成整改。",
            )
        return
    _do(case, "rectify", "submit_report", users, measures_taken=REPORT)
    if stage == "verify":
        return
    _do(case, "verify", "accept_rectification", users, comment="整改到位，同意验收。")


def _filer_departments(users) -> set[int]:
    return {u.department_id for u in users.values() if u.groups.filter(name="filer").exists()}


def _records(users) -> list[CreditRecord]:
    """Active dishonesty records of bodies whose department has a filer; when the shared demo
    has too few left (appeals dispute some), the credit office enters a few more."""
    departments = _filer_departments(users)
    records = list(
        CreditRecord.objects.filter(
            state=RecordState.ACTIVE,
            category=Category.DISHONESTY,
            subject__kind=SubjectKind.BODY,
            subject__department_id__in=departments,
            previous_version__isnull=True,
        )
        .select_related("subject__department")
        .order_by("-id")
    )
    subjects = list(
        Subject.objects.filter(kind=SubjectKind.BODY, department_id__in=departments).order_by("id")
    )
    office = Department.objects.get(is_credit_office=True)
    serial = 20
    while len(records) < len(STAGES) and subjects:
        subject = subjects[len(records) % len(subjects)]
        serial += 1
        records.append(
            record_create(
                subject=subject,
                category=Category.DISHONESTY,
                severity="general",
                source="judgment",
                summary=f"未按期履行（2026）苏12行初{serial}号行政判决确定的义务。",
                occurred_on=timezone.localdate() - datetime.timedelta(days=90),
                provider=office,
                document_number=f"（2026）苏12行初{serial}号",
            )
        )
    return records


def seed(*, stdout) -> None:
    if Rectification.objects.exists():
        stdout.write(f"rectifications: {Rectification.objects.count()} already there")
        return
    users = _users()
    issuer = users.get("supervisor")
    if issuer is None:
        return
    records = _records(users)
    if not records:
        return
    # the banned subject first, so no other demo case is about it
    banned_subject = records[0].subject_id
    others = [r for r in records[1:] if r.subject_id != banned_subject]
    others += [r for r in records[1:] if r.subject_id == banned_subject]
    issued = 0
    for stage, record in zip(["banned", *STAGES[:-1]], [records[0], *others], strict=False):
        case = rectification_issue(
            by=issuer,
            record_id=record.pk,
            required_measures=MEASURES.format("依法履行相关义务，消除不良影响"),
            deadline_days=20,
        )
        _work(case, stage, users)
        issued += 1
    stdout.write(f"rectifications: {issued} demo rectifications issued")
