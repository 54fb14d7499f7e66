"""Time limits of credit repair (domain.md §6.4) and the default clauses of its documents."""

from django.db import migrations

BASIS_22 = "国办发〔2025〕22号、国家发展改革委令第36号"
# accept 2, review 3, sign 2 working days; the whole case within 10 (国办发〔2025〕22号: feedback
# within 10 working days)
POLICIES = [
    ("accept", 2, "本市规定：2个工作日内决定是否受理"),
    ("review", 3, "本市规定：认定单位3个工作日内提出审核意见"),
    ("sign", 2, "本市规定：2个工作日内签发"),
    ("case", 10, BASIS_22 + "：10个工作日内办结"),
]

NATIONAL = "《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）、《江苏省社会信用条例》"
CITY = "《泰州市关于加强政务诚信建设的实施意见》"
REPAIR_BASIS = (
    NATIONAL
    + "、"
    + CITY
    + "和国办发〔2025〕22号、国家发展改革委令第36号"
    + "关于信用修复的规定"
)
BODY_REMEDY = (
    "被记录主体或申请单位对本决定有异议的，可以自收到本决定之日起十五个工作日内，"
    "向泰州市社会信用体系建设领导小组办公室申请复核。"
)
PERSON_REMEDY = (
    "当事人对本决定不服的，可以参照《中华人民共和国公务员法》第九十五条的规定，"
    "自知道本决定之日起三十日内向本机关申请复核；对复核结果不服的，可以自接到复核决定之日起"
    "十五日内，向同级公务员主管部门或者本机关的上一级机关提出申诉；也可以不经复核，"
    "自知道本决定之日起三十日内直接提出申诉。"
)
NOTE = "默认条款（repair 数据迁移写入）：国家和省级文件仅引名称，未引条款序号。"

CLAUSES = [
    (doc_type, kind, subject_kind, text)
    for doc_type in ("repair_decision", "repair_refusal")
    for kind, subject_kind, text in (
        ("basis", "", REPAIR_BASIS),
        ("remedy", "body", BODY_REMEDY),
        ("remedy", "person", PERSON_REMEDY),
    )
]


def seed(apps, schema_editor):
    StepPolicy = apps.get_model("casework", "StepPolicy")
    for step, days, basis in POLICIES:
        StepPolicy.objects.update_or_create(
            kind="repair",
            step=step,
            defaults={"limit_days": days, "basis": basis, "max_extension_days": 2},
        )
    Clause = apps.get_model("documents", "Clause")
    for doc_type, kind, subject_kind, text in CLAUSES:
        if not Clause.objects.filter(doc_type=doc_type, kind=kind, subject_kind=subject_kind).exists():
            Clause.objects.create(
                doc_type=doc_type,
                kind=kind,
                subject_kind=subject_kind,
                version=1,
                text=text,
                is_current=True,
                note=NOTE,
            )


def unseed(apps, schema_editor):
    apps.get_model("casework", "StepPolicy").objects.filter(kind="repair").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("repair", "0001_initial"),
        ("casework", "0004_history_and_tasks_protect"),
        ("documents", "0002_clause_library"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
