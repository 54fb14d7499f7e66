"""Demo fault-tolerance determinations at every step, filed and worked through the services."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from workflows.casework.deadlines import case_task_recompute
from workflows.casework.models import CaseTask
from workflows.casework.services import case_file, task_complete
from workflows.records.models import Category, CreditRecord, RecordState, Subject

from .models import ToleranceCase

MATTER = (
    "{}在推进政府投资项目审批改革试点中，因先行简化评审程序，被上级审计指出程序瑕疵并拟予问责。"
)
STATEMENT = (
    "该项改革经单位领导班子集体研究决定，目的是缩短企业办事时间，未谋取任何私利；"
    "问题发现后已主动补正程序，未造成损失。"
)
FINDINGS = {
    "public_interest": {"finding": "met", "evidence": "改革方案及实施情况报告"},
    "no_private_gain": {"finding": "met", "evidence": "谈话笔录、财务凭证"},
    "due_procedure": {"finding": "partly", "evidence": "党组会议纪要（部分事项未上会）"},
    "harm_remedied": {"finding": "met", "evidence": "整改报告"},
}
# department, how far it gets, how many days ago its open step started, applied late?
STAGES = [
    ("finance", "preliminary_review", 0, True),
    ("housing", "investigate", 30, False),
    ("ecology", "consult", 2, False),
    ("market", "determine", 1, False),
    ("district", "publicize", 0, False),
]


def _users():
    return {u.username: u for u in get_user_model().objects.all()}


def _open_task(case, step: str) -> CaseTask:
    return CaseTask.objects.select_related("task", "case").get(case=case, step=step, is_open=True)


def _work(case, until: str, users) -> None:
    department = case.filing_department.code
    steps = [
        ("preliminary_review", [users[f"leader_{department}"]], "forward", {"comment": "同意报送"}),
        ("investigate", [users["inspector"]], "report", {"findings": FINDINGS}),
        (
            "consult",
            [users["reviewer"], users["inspector"], users["approver"]],
            "opinion",
            {"outcome": "exempt", "reasons": "符合容错情形，建议免责。"},
        ),
        (
            "determine",
            [users["approver"]],
            "determine",
            {"outcome": "exempt", "reasons": "经集体会商，符合容错条件，予以免责。"},
        ),
    ]
    for step, people, action, data in steps:
        case_task = _open_task(case, step)
        if step == until:
            if step == "consult":  # one opinion given, two still awaited
                task_complete(case_task=case_task, by=people[0], action=action, data=data)
            return
        for user in people:
            case_task = _open_task(case, step)
            task_complete(case_task=case_task, by=user, action=action, data=data)


def _backdate(case, step: str, days_ago: int) -> None:
    if not days_ago:
        return
    case_task = _open_task(case, step)
    started = timezone.now() - datetime.timedelta(days=days_ago)
    CaseTask.objects.filter(pk=case_task.pk).update(
        created_at=started, started_on=timezone.localtime(started).date()
    )
    case_task_recompute(CaseTask.objects.select_related("case").get(pk=case_task.pk))


def seed(*, stdout) -> None:
    if ToleranceCase.objects.exists():
        stdout.write(f"tolerance: {ToleranceCase.objects.count()} already there")
        return
    users = _users()
    today = timezone.localdate()
    filed = 0
    for department, stage, days_ago, late in STAGES:
        filer = users.get(f"filer_{department}")
        if filer is None or f"leader_{department}" not in users:
            continue
        subject = Subject.objects.filter(department_id=filer.department_id).first()
        if subject is None:
            continue
        record = CreditRecord.objects.filter(
            subject=subject, category=Category.DISHONESTY, state=RecordState.ACTIVE
        ).first()
        data = {
            "subject": subject.pk,
            "record": record.pk if record else None,
            "matter": MATTER.format(subject.name),
            "conditions": list(FINDINGS),
            "statement": STATEMENT,
            "learned_on": today - datetime.timedelta(days=30 if late else 3),
            "late_reason": "问责事项通知书送达时正值防汛应急值守，未能及时申请。" if late else "",
        }
        case = case_file(kind="tolerance", by=filer, data=data)
        _work(case, stage, users)
        _backdate(case, stage, days_ago)
        filed += 1
    stdout.write(f"tolerance: {filed} demo applications filed")
