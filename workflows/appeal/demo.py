"""Demo objection appeals in every stage, some overdue, filed and worked through the services."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from workflows.casework.deadlines import case_task_recompute
from workflows.casework.models import CaseTask
from workflows.casework.services import task_complete
from workflows.records.models import Category, CreditRecord, RecordState

from .models import Appeal
from .services import appeal_file

GROUNDS = "该记录所依据的处罚决定已被复议机关撤销，记录内容与事实不符，请求予以{}。"
# how far each demo appeal gets, and how many days ago its open step started
STAGES = [("accept", 0), ("verify", 16), ("decide", 1), ("sign", 5), ("decided", 0)]


def _users():
    return {u.username: u for u in get_user_model().objects.all()}


def _open_task(appeal: Appeal, step: str) -> CaseTask:
    return CaseTask.objects.select_related("task", "case").get(case=appeal, step=step, is_open=True)


def _work(appeal: Appeal, until: str, users) -> None:
    steps = [
        ("accept", users["reviewer"], "accept", {}),
        (
            "verify",
            None,  # a verifier of the department the verify step went to
            "confirm_error",
            {"finding": "经核实，原处罚决定已于2026年被撤销。", "proposed_outcome": "revoke"},
        ),
        (
            "decide",
            users["reviewer"],
            "draft",
            {"outcome": "revoked", "reasons": "经核实，记录依据的处罚决定已被依法撤销。"},
        ),
        ("sign", users["approver"], "approve", {}),
    ]
    for step, user, action, data in steps:
        if step == until:
            return
        case_task = _open_task(appeal, step)
        if user is None:
            user = _holder(case_task, users)
        task_complete(case_task=case_task, by=user, action=action, data=data)


def _holder(case_task: CaseTask, users):
    return next(
        u
        for u in users.values()
        if u.department_id == case_task.department_id and u.groups.filter(name=case_task.role)
    )


def _backdate(appeal: Appeal, step: str, days_ago: int) -> None:
    """Start the open step's clock some days ago, so the board shows what is due and overdue."""
    if not days_ago:
        return
    case_task = _open_task(appeal, step)
    started = timezone.now() - datetime.timedelta(days=days_ago)
    CaseTask.objects.filter(pk=case_task.pk).update(
        created_at=started, started_on=timezone.localtime(started).date()
    )
    case_task_recompute(CaseTask.objects.select_related("case").get(pk=case_task.pk))


def seed(*, stdout) -> None:
    if Appeal.objects.exists():
        stdout.write(f"appeals: {Appeal.objects.count()} already there")
        return
    users = _users()
    records = list(
        CreditRecord.objects.filter(
            state=RecordState.ACTIVE, category=Category.DISHONESTY, previous_version__isnull=True
        )
        .exclude(provider__is_credit_office=True)
        .select_related("subject__department", "provider")
        .order_by("id")
    )
    filed = 0
    for (stage, days_ago), record in zip(STAGES, records, strict=False):
        filer = users.get(f"filer_{record.subject.department.code}")
        if filer is None:
            continue
        appeal = appeal_file(
            by=filer,
            record_id=record.pk,
            grounds=GROUNDS.format("撤销"),
            requested_outcome="revoke",
            contact_phone="0523-86839000",
        )
        _work(appeal, stage, users)
        if stage != "decided":
            _backdate(appeal, stage, days_ago)
        filed += 1
    stdout.write(f"appeals: {filed} demo appeals filed")
