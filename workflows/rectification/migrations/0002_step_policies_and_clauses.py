from django.db import migrations

# domain.md §6.2; the rectify step's limit is the deadline set for each case (default 20 working
# days), its policy row holds only the longest extension (10 working days, once)
POLICIES = [
    ("explain", 5, 5, "泰州市实施意见二（五）：书面说明原因；本市规定5个工作日"),
    ("rectify", 20, 10, "泰州市实施意见二（五）：限期整改，期限逐案确定（默认20个工作日），可延期一次"),
    ("review_extension", 2, 5, "本市规定：2个工作日内决定是否延期"),
    ("verify", 5, 5, "本市规定：5个工作日内验收"),
    ("handle_overdue", 5, 5, "泰州市实施意见二（五）：逾期未整改的，通报、取消评优评先、追究责任"),
    ("accountability", 20, 10, "本市规定（默认）：纪检监察机关20个工作日内反馈处理情况"),
]

# the clause library seeds the notice (documents/0002); the acceptance opinion and the public
# notification are added here, worded as that migration's defaults (checked against the city's
# text 二(五); national and provincial documents cited by name only)
NATIONAL = "《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）、《江苏省社会信用条例》"
CITY = "《泰州市关于加强政务诚信建设的实施意见》"
BASIS = (
    NATIONAL
    + "和"
    + CITY
    + "二（五）关于存在政务失信记录的政府及其部门（单位）“对具体失信情况书面说明原因并限期加以整改”的规定"
)
BODY_REMEDY = (
    "被记录主体对本{doc}有异议的，可以自收到本{doc}之日起十五个工作日内，"
    "向泰州市社会信用体系建设领导小组办公室申请复核。"
)
NOTE = "默认条款（限期整改数据迁移写入）：依据泰州市实施意见原文核对；国家和省级文件仅引名称。"
CLAUSES = [
    ("rectification_acceptance", "basis", "", BASIS),
    ("rectification_acceptance", "remedy", "body", BODY_REMEDY.format(doc="意见书")),
    ("public_notification", "basis", "", BASIS),
    ("public_notification", "remedy", "body", BODY_REMEDY.format(doc="通报")),
]


def seed(apps, schema_editor):
    StepPolicy = apps.get_model("casework", "StepPolicy")
    for step, days, extension, basis in POLICIES:
        StepPolicy.objects.update_or_create(
            kind="rectification",
            step=step,
            defaults={"limit_days": days, "max_extension_days": extension, "basis": basis},
        )
    Clause = apps.get_model("documents", "Clause")
    for doc_type, kind, subject_kind, text in CLAUSES:
        if not Clause.objects.filter(
            doc_type=doc_type, kind=kind, subject_kind=subject_kind
        ).exists():
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
    apps.get_model("casework", "StepPolicy").objects.filter(kind="rectification").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rectification", "0001_initial"),
        ("casework", "0001_initial"),
        ("documents", "0002_clause_library"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
