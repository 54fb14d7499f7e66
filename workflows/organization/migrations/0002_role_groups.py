"""Creates the role groups with their model permissions (a frozen copy of permissions.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_RECORDS = ["records.view_subject", "records.view_creditrecord", "records.view_recordevent"]
CREDIT_OFFICE = READ_RECORDS + [
    "records.add_subject",
    "records.add_creditrecord",
    "records.view_publicitypolicy",
]
ROLE_PERMISSIONS = {
    "filer": READ_RECORDS,
    "verifier": READ_RECORDS,
    "reviewer": CREDIT_OFFICE,
    "approver": CREDIT_OFFICE,
    "inspector": READ_RECORDS,
    "supervisor": READ_RECORDS
    + ["records.view_publicitypolicy", "organization.view_department", "organization.view_user"],
}
ADMIN_APPS = ["organization", "records"]


def create_groups(apps, schema_editor):
    # permissions are normally created after all migrations; the groups need them now
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def lookup(names):
        perms = []
        for name in names:
            app_label, codename = name.split(".", 1)
            perms.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return perms

    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*lookup(names))
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ADMIN_APPS),
        *lookup(["auth.view_group"]),
    )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[*ROLE_PERMISSIONS, "admin"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0001_initial"),
        ("records", "0002_seed_publicity_policy"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
