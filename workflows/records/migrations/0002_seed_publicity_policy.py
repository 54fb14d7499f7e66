"""Seeds the default publicity policy (国办发〔2025〕22号, NDRC Order 36)."""

from django.db import migrations

DEFAULTS = [
    # severity, min, max, repair after (months)
    ("minor", 0, 3, 0),
    ("major", 3, 12, 3),  # renamed "general" by 0003,
    ("serious", 12, 36, 12),
]
BASIS = "国办发〔2025〕22号；国家发展改革委令第36号"


def seed(apps, schema_editor):
    PublicityPolicy = apps.get_model("records", "PublicityPolicy")
    for severity, min_months, max_months, repair_after in DEFAULTS:
        PublicityPolicy.objects.get_or_create(
            severity=severity,
            defaults={
                "min_months": min_months,
                "max_months": max_months,
                "repair_after_months": repair_after,
                "basis": BASIS,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
