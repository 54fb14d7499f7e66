from django.db import migrations

# Local limits (Guangzhou, Nantong: accept in 2 working days, provider verifies in 10); domain.md §6.1
POLICIES = [
    ("accept", 2, "广州、南通：2个工作日内受理"),
    ("verify", 10, "广州、南通：信息提供单位10个工作日内核实"),
    ("decide", 3, "本市规定：3个工作日内拟定处理意见"),
    ("sign", 2, "本市规定：2个工作日内签发"),
]


def seed(apps, schema_editor):
    StepPolicy = apps.get_model("casework", "StepPolicy")
    for step, days, basis in POLICIES:
        StepPolicy.objects.update_or_create(
            kind="appeal",
            step=step,
            defaults={"limit_days": days, "basis": basis, "max_extension_days": 5},
        )


def unseed(apps, schema_editor):
    apps.get_model("casework", "StepPolicy").objects.filter(kind="appeal").delete()


class Migration(migrations.Migration):
    dependencies = [("appeal", "0001_initial"), ("casework", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
