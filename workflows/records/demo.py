"""Demo subjects and credit records of Taizhou, in every state, created through the services."""

import datetime

from django.utils import timezone

from workflows.organization.demo import DEMO_DEPARTMENTS, department_uscc
from workflows.organization.models import Department, User

from .models import Category, CreditRecord, Sanction, Severity, Source, Subject, SubjectKind
from .services import record_correct, record_create, record_note_dispute, record_transition

# key, department code, name, organisation code (bodies) or None (civil servants)
EXTRA_SUBJECTS = [
    ("treasury", "finance", "泰州市财政国库收付中心", "321200", "466000127"),
    ("fund", "housing", "泰州市住房公积金管理中心", "321200", "466000135"),
    ("monitoring", "ecology", "泰州市环境监测中心站", "321200", "466000143"),
    ("enforcement", "market", "泰州市市场监管综合行政执法支队", "321200", "466000151"),
    ("chengdong", "district", "海陵区城东街道办事处", "321202", "466000178"),
]
PERSONS = [
    ("finance-1", "finance", "张伟"),
    ("finance-2", "finance", "黄丽娟"),
    ("housing-1", "housing", "李娜"),
    ("housing-2", "housing", "马俊"),
    ("ecology-1", "ecology", "王强"),
    ("ecology-2", "ecology", "高敏"),
    ("market-1", "market", "林峰"),
    ("market-2", "market", "罗艳"),
    ("district-1", "district", "梁晨"),
    ("district-2", "district", "宋涛"),
]

# 住所 and 负责人 of the bodies, printed as the party on documents
ADDRESSES = {
    "finance": ("泰州市海陵区迎春东路99号", "郑国华"),
    "housing": ("泰州市海陵区东进东路18号", "褚卫东"),
    "ecology": ("泰州市海陵区青年南路66号", "沈红梅"),
    "market": ("泰州市海陵区凤凰东路101号", "朱振宇"),
    "district": ("泰州市海陵区鼓楼南路288号", "何建华"),
    "treasury": ("泰州市海陵区迎春东路99号", "陆文斌"),
    "fund": ("泰州市海陵区济川东路36号", "顾晓东"),
    "monitoring": ("泰州市海陵区南通路55号", "施亚平"),
    "enforcement": ("泰州市海陵区凤凰东路101号", "曹永明"),
    "chengdong": ("泰州市海陵区东风南路12号", "徐美玲"),
}
# records that come from a civil servant's sanction: publicity follows 政务处分法 art. 8
SANCTIONS = {
    "泰信〔2026〕8号": Sanction.DEMERIT,
    "海政纪〔2026〕3号": Sanction.WARNING,
}

D, C = Category.DISHONESTY, Category.COMMENDATION
MINOR, GENERAL, SERIOUS = Severity.MINOR, Severity.GENERAL, Severity.SERIOUS

# document number (the natural key), subject key, category, severity, source, summary,
# provider, days ago it occurred, days ago publicity started, what happened next
RECORDS = [
    (
        "泰财罚〔2026〕3号",
        "finance",
        D,
        GENERAL,
        Source.PENALTY,
        "未按规定时限公开部门预算执行情况，经省财政厅通报批评。",
        "finance",
        40,
        30,
        None,
    ),
    (
        "（2025）苏12民初118号",
        "housing",
        D,
        SERIOUS,
        Source.JUDGMENT,
        "拖欠市政工程款，经法院判决后逾期未履行，被列为被执行人。",
        "finance",
        120,
        100,
        None,  # disputed by a real demo appeal (appeal/demo.py)
    ),
    (
        "泰财纪〔2025〕7号",
        "finance-1",
        D,
        MINOR,
        Source.DISCIPLINE,
        "违规审批专项资金拨付，受到诫勉谈话处理。",
        "finance",
        230,
        220,
        "expired",
    ),
    (
        "泰财表〔2026〕2号",
        "market",
        C,
        "",  # commendations have no degree of dishonesty
        Source.OTHER,
        "配合完成全市惠企资金直达工作，受到市财政局通报表扬。",
        "finance",
        20,
        15,
        None,
    ),
    (
        "泰建问〔2026〕4号",
        "housing",
        D,
        GENERAL,
        Source.ACCOUNTABILITY,
        "老旧小区改造项目监管不到位，造成工期严重延误，被问责。",
        "housing",
        160,
        150,
        None,
    ),
    (
        "（2024）苏12行初56号",
        "district",
        D,
        SERIOUS,
        Source.JUDGMENT,
        "房屋征收补偿行政行为被法院判决违法，判决后未及时履行。",
        "housing",
        420,
        410,
        "repaired",
    ),
    (
        "泰建纪〔2026〕1号",
        "housing-1",
        D,
        MINOR,
        Source.DISCIPLINE,
        "施工许可审批超时限，受到通报批评。",
        "housing",
        60,
        50,
        "revoked",
    ),
    (
        "泰建罚〔2025〕21号",
        "monitoring",
        D,
        GENERAL,
        Source.PENALTY,
        "监测站办公楼改建未办理施工许可擅自开工，被责令改正并罚款。",
        "housing",
        90,
        80,
        "corrected",
    ),
    (
        "泰环罚〔2025〕9号",
        "ecology",
        D,
        SERIOUS,
        Source.PENALTY,
        "下属污水处理设施超标排放，未按期完成整改，被省生态环境厅处罚。",
        "ecology",
        440,
        430,
        None,
    ),
    (
        "泰环函〔2026〕5号",
        "treasury",
        D,
        MINOR,
        Source.OTHER,
        "未按期报送环保专项资金使用情况，经督促后仍逾期。",
        "ecology",
        30,
        25,
        None,
    ),
    (
        "泰环问〔2025〕12号",
        "ecology-1",
        D,
        GENERAL,
        Source.ACCOUNTABILITY,
        "环评审批把关不严，被追究管理责任。",
        "ecology",
        110,
        100,
        None,  # disputed by a real demo appeal
    ),
    (
        "泰环罚〔2025〕17号",
        "chengdong",
        D,
        GENERAL,
        Source.PENALTY,
        "辖区垃圾中转站渗滤液直排，被处以罚款。",
        "ecology",
        150,
        140,
        "revoked-on-appeal",
    ),
    (
        "泰市监罚〔2025〕2号",
        "market",
        D,
        MINOR,
        Source.OTHER,  # an order to correct is not an administrative penalty (行政处罚法 art. 28)
        "政府采购中未执行计量器具强制检定，被责令改正。",
        "market",
        260,
        250,
        "expired",
    ),
    (
        "（2026）苏12民初9号",
        "fund",
        D,
        SERIOUS,
        Source.JUDGMENT,
        "拒不履行住房公积金贷款合同纠纷生效判决。",
        "credit-office",  # judgments come from the court through the credit office
        70,
        60,
        None,
    ),
    (
        "泰市监表〔2026〕1号",
        "market-1",
        C,
        "",  # commendations have no degree of dishonesty
        Source.OTHER,
        "在食品安全专项整治中表现突出，受到市政府嘉奖。",
        "market",
        25,
        20,
        None,
    ),
    (
        "泰市监罚〔2026〕6号",
        "ecology",
        D,
        MINOR,
        Source.OTHER,
        "公务用车维修采购未按规定比价，被责令改正。",
        "market",
        50,
        45,
        "dispute-recorded",
    ),
    (
        "海政问〔2026〕2号",
        "district",
        D,
        GENERAL,
        Source.ACCOUNTABILITY,
        "政府信息公开申请逾期未答复，被上级通报并问责。",
        "district",
        200,
        190,
        None,
    ),
    (
        "海政纪〔2026〕3号",
        "district-1",
        D,
        SERIOUS,
        Source.DISCIPLINE,
        "在招商引资中违规承诺优惠政策，受到政务处分（警告）。",
        "district",
        80,
        70,
        None,
    ),
    (
        "海政罚〔2024〕11号",
        "enforcement",
        D,
        GENERAL,
        Source.PENALTY,
        "执法过程中程序违法，相关行政处罚决定被撤销并承担赔偿责任。",
        "district",
        300,
        290,
        "repaired",
    ),
    (
        "海政表〔2026〕1号",
        "finance",
        C,
        "",  # commendations have no degree of dishonesty
        Source.OTHER,
        "支持海陵区财政体制改革成效显著，获区政府通报表扬。",
        "district",
        15,
        10,
        None,
    ),
    (
        "泰信〔2026〕8号",
        "housing-2",
        D,
        GENERAL,
        Source.DISCIPLINE,
        "违规干预工程招投标，受到政务处分（记过）。",
        "credit-office",
        100,
        95,
        None,
    ),
    (
        "泰信〔2026〕11号",
        "finance-2",
        D,
        MINOR,
        Source.OTHER,
        "未按承诺时限办结政务服务事项，被投诉查实。",
        "credit-office",
        35,
        30,
        None,  # disputed by a real demo appeal
    ),
    (
        "泰信〔2026〕12号",
        "market",
        D,
        SERIOUS,
        Source.ACCOUNTABILITY,
        "对辖区重大食品安全事件处置不力，被追究领导责任。",
        "credit-office",
        130,
        120,
        None,
    ),
    (
        "（2025）苏12行初31号",
        "district-2",
        D,
        GENERAL,
        Source.JUDGMENT,
        "因行政不作为被法院判决败诉，判决已履行完毕。",
        "credit-office",
        420,
        410,
        "expired",
    ),
    (
        "泰信〔2026〕14号",
        "ecology-2",
        D,
        GENERAL,
        Source.OTHER,
        "环境信访件处理超时限，被责令改正。",
        "credit-office",
        45,
        40,
        None,
    ),
]


def _seed_subjects(departments: dict[str, Department]) -> dict[str, Subject]:
    subjects: dict[str, Subject] = {}
    for code in DEMO_DEPARTMENTS:
        department = departments[code]
        address, person = ADDRESSES[code]
        subjects[code], _ = Subject.objects.update_or_create(
            uscc=department.uscc,
            defaults={
                "kind": SubjectKind.BODY,
                "name": department.name,
                "department": department,
                "address": address,
                "person_in_charge": person,
            },
        )
    for key, code, name, division, org_code in EXTRA_SUBJECTS:
        address, person = ADDRESSES[key]
        subjects[key], _ = Subject.objects.update_or_create(
            uscc=department_uscc(division, org_code),
            defaults={
                "kind": SubjectKind.BODY,
                "name": name,
                "department": departments[code],
                "address": address,
                "person_in_charge": person,
            },
        )
    for key, code, name in PERSONS:
        subjects[key], _ = Subject.objects.update_or_create(
            kind=SubjectKind.PERSON, name=name, department=departments[code]
        )
    return subjects


def _follow_up(record: CreditRecord, what: str, users: dict[str, User]) -> None:
    """Move a fresh record to its demo state the way the processes would."""
    approver, reviewer = users["approver"], users["reviewer"]
    if what == "expired":
        CreditRecord.objects.filter(pk=record.pk).update(obligations_met=True)
        record_transition(
            record=CreditRecord.objects.get(pk=record.pk),
            transition="expire",
            reason="公示期届满且义务已履行",
        )
    elif what == "repaired":
        CreditRecord.objects.filter(pk=record.pk).update(obligations_met=True)
        record_transition(
            record=CreditRecord.objects.get(pk=record.pk),
            transition="repair",
            by=approver,
            reason="信用修复申请经审核同意",
        )
    elif what == "revoked":
        record_transition(
            record=record, transition="revoke", by=approver, reason="经容错纠错认定予以免责"
        )
    elif what in ("corrected", "revoked-on-appeal", "dispute-recorded"):
        record = record_transition(
            record=record, transition="mark_disputed", by=reviewer, reason="异议申诉已受理"
        )
        if what == "corrected":
            record_correct(
                record=record,
                summary=record.summary.replace("并罚款", "（经核实未处罚款）"),
                by=approver,
                reason="经提供单位核实，处罚内容有误，予以更正",
            )
        elif what == "revoked-on-appeal":
            record_transition(
                record=record,
                transition="revoke",
                by=approver,
                reason="经核实记录依据不足，予以撤销",
            )
        else:
            record_note_dispute(
                record=record,
                note="主体对处罚事实有异议，经核实维持原记录，异议情况予以备注",
                by=approver,
            )


def _seed_records(subjects: dict[str, Subject], departments: dict[str, Department]) -> int:
    users = {u.username: u for u in User.objects.filter(username__in=["approver", "reviewer"])}
    today = timezone.localdate()
    created = 0
    for (
        number,
        subject,
        category,
        severity,
        source,
        summary,
        provider,
        ago,
        start_ago,
        then,
    ) in RECORDS:
        # the original version is the natural key: a corrected record's new version shares the number
        if CreditRecord.objects.filter(
            document_number=number, previous_version__isnull=True
        ).exists():
            continue
        record = record_create(
            subject=subjects[subject],
            category=category,
            severity=severity,
            source=source,
            summary=summary,
            occurred_on=today - datetime.timedelta(days=ago),
            provider=departments[provider],
            publicity_start=today - datetime.timedelta(days=start_ago),
            document_number=number,
            sanction=SANCTIONS.get(number, ""),
            by=users["reviewer"],
        )
        if then:
            _follow_up(record, then, users)
        created += 1
    return created


def seed(*, stdout) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    subjects = _seed_subjects(departments)
    created = _seed_records(subjects, departments)
    stdout.write(
        f"records: {len(subjects)} subjects, {created} new records "
        f"({CreditRecord.objects.count()} in the registry)"
    )
