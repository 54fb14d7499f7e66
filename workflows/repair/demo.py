"""Demo credit repairs at every step, and two records to apply for: one eligible today, one on a
known future date. Records and cases are made through the services, as the users would."""

import datetime
from typing import cast

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from workflows.casework.deadlines import case_task_recompute
from workflows.casework.models import CaseTask
from workflows.casework.services import task_complete
from workflows.records.models import CreditRecord, Subject, SubjectKind
from workflows.records.publicity import record_earliest_repair_on
from workflows.records.services import record_create, record_edit

from .models import Repair
from .services import repair_file

# a stand-in for the scanned, signed letter
SIGNED_LETTER = b"%PDF-1.4\n% demo: signed credit commitment letter\n%%EOF\n"

# (subject's department, provider, document number, summary, how far the repair gets, days ago
# its open step started)
REPAIRS = [
    (
        "finance",
        "market",
        "泰市监罚〔2026〕31号",
        "政府采购合同履约验收迟延，被责令改正并处罚款，罚款已缴清。",
        "accept",
        0,
    ),
    (
        "housing",
        "finance",
        "泰财监〔2026〕12号",
        "拖欠中小企业账款逾期未付，经督办后已全部支付。",
        "review",
        5,
    ),
    (
        "ecology",
        "market",
        "泰市监罚〔2026〕37号",
        "未按期公开行政许可信息，被责令限期改正，已整改完毕。",
        "sign",
        1,
    ),
    (
        "district",
        "housing",
        "泰住建罚〔2026〕9号",
        "保障性住房项目工程款支付迟延，被处罚款，已履行完毕。",
        "repaired",
        0,
    ),
    (
        "market",
        "ecology",
        "泰环罚〔2026〕15号",
        "办公场所排污设施未按规定运行，被处罚款，已缴清。",
        "refused",
        0,
    ),
]
# records to apply for: eligible today, and eligible on a known future date (DAYS_AHEAD from now)
ELIGIBLE_TODAY = ("finance", "housing", "泰住建罚〔2026〕14号", "工程款支付迟延被处罚款，已缴清。")
ELIGIBLE_LATER = ("housing", "market", "泰市监罚〔2026〕42号", "合同违约被处罚款，已缴清。")
DAYS_AHEAD = 14

EVIDENCE = "罚款已于规定期限内足额缴纳，相关失信行为已纠正，整改情况经主管部门验收。"


def _users():
    return {u.username: u for u in get_user_model().objects.all()}


def _subject(department_code: str) -> Subject | None:
    return (
        Subject.objects.filter(department__code=department_code, kind=SubjectKind.BODY)
        .order_by("id")
        .first()
    )


def _record(users, department, provider, number, summary, publicity_start) -> CreditRecord:
    from workflows.organization.models import Department

    record = record_create(
        subject=cast(Subject, _subject(department)),
        category="dishonesty",
        severity="general",
        source="penalty",
        summary=summary,
        occurred_on=publicity_start - datetime.timedelta(days=3),
        provider=Department.objects.get(code=provider),
        publicity_start=publicity_start,
        document_number=number,
        by=users["reviewer"],
    )
    return record_edit(
        record=record, by=users["reviewer"], reason="义务已履行（演示）", obligations_met=True
    )


def _holder(case_task: CaseTask, users):
    return next(
        u
        for u in users.values()
        if u.department_id == case_task.department_id and u.groups.filter(name=case_task.role)
    )


def _open_task(repair: Repair, step: str) -> CaseTask:
    return CaseTask.objects.select_related("task", "case").get(case=repair, step=step, is_open=True)


def _work(repair: Repair, until: str, users) -> None:
    plan: list[tuple[str, str, dict]] = [
        ("accept", "accept", {}),
        ("review", "recommend_refusal" if until == "refused" else "recommend_repair", {}),
        ("sign", "refuse" if until == "refused" else "approve", {}),
    ]
    reasons = {
        "recommend_repair": "经审核，失信行为已纠正，法定义务已履行，最短公示期已满，建议予以修复。",
        "recommend_refusal": "经审核，整改情况尚未经主管部门验收，建议不予修复。",
        "refuse": "整改尚未验收，不符合信用修复条件。",
        "approve": "",
    }
    for step, action, data in plan:
        if step == until:
            return
        case_task = _open_task(repair, step)
        data = {**data, "reasons": reasons.get(action, "")}
        task_complete(case_task=case_task, by=_holder(case_task, users), action=action, data=data)


def _backdate(repair: Repair, step: str, days_ago: int) -> None:
    if not days_ago:
        return
    case_task = _open_task(repair, step)
    started = timezone.now() - datetime.timedelta(days=days_ago)
    CaseTask.objects.filter(pk=case_task.pk).update(
        created_at=started, started_on=timezone.localtime(started).date()
    )
    case_task_recompute(CaseTask.objects.select_related("case").get(pk=case_task.pk))


def seed(*, stdout) -> None:
    if Repair.objects.exists():
        stdout.write(f"repairs: {Repair.objects.count()} already there")
        return
    needed = {d for d, *_ in REPAIRS} | {ELIGIBLE_TODAY[0], ELIGIBLE_LATER[0]}
    if any(_subject(code) is None for code in needed):
        stdout.write("repairs: no demo subjects to repair records of")
        return
    users = _users()
    today = timezone.localdate()
    filed = 0
    for department, provider, number, summary, stage, days_ago in REPAIRS:
        record = _record(
            users, department, provider, number, summary, today - relativedelta(months=4)
        )
        repair = repair_file(
            by=users[f"filer_{department}"],
            record_id=record.pk,
            commitment=SimpleUploadedFile("承诺书.pdf", SIGNED_LETTER, "application/pdf"),
            performance_evidence=EVIDENCE,
            contact_phone="0523-86839000",
        )
        _work(repair, stage, users)
        if stage in ("accept", "review", "sign"):
            _backdate(repair, stage, days_ago)
        filed += 1
    _record(users, *ELIGIBLE_TODAY, today - relativedelta(months=3))
    later = _record(
        users,
        *ELIGIBLE_LATER,
        today + datetime.timedelta(days=DAYS_AHEAD) - relativedelta(months=3),
    )
    stdout.write(
        f"repairs: {filed} demo repairs; {ELIGIBLE_TODAY[2]} eligible today, "
        f"{ELIGIBLE_LATER[2]} from {record_earliest_repair_on(later)}"
    )
