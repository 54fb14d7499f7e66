"""Role groups created by the migration and the permissions each one holds."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import DepartmentFactory, UserFactory
from workflows.organization.permissions import ROLE_PERMISSIONS, Permission
from workflows.organization.roles import Role, has_role, role_has_holder, user_roles

pytestmark = pytest.mark.django_db


def test_every_role_has_its_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_group_holds_the_permissions_of_permissions_py(role):
    user = UserFactory(roles=[role])

    for permission in ROLE_PERMISSIONS[role]:
        assert user.has_perm(permission), permission


def test_a_filer_may_read_records_but_not_enter_them():
    filer = UserFactory(roles=[Role.FILER])

    assert filer.has_perm(Permission.VIEW_CREDITRECORD)
    assert not filer.has_perm(Permission.ADD_CREDITRECORD)
    assert not filer.has_perm(Permission.CHANGE_PUBLICITYPOLICY)


def test_the_reviewer_may_enter_subjects_and_records():
    reviewer = UserFactory(roles=[Role.REVIEWER])

    assert reviewer.has_perm(Permission.ADD_SUBJECT)
    assert reviewer.has_perm(Permission.ADD_CREDITRECORD)
    assert not reviewer.has_perm(Permission.DELETE_CREDITRECORD)


def test_the_admin_role_holds_every_permission_of_our_apps():
    admin = UserFactory(roles=[Role.ADMIN])

    assert all(admin.has_perm(p) for p in Permission)
    assert admin.has_perm("records.delete_publicitypolicy")


def test_user_roles_lists_the_groups_and_a_superuser_is_an_admin():
    user = UserFactory(roles=[Role.FILER, Role.VERIFIER])
    superuser = UserFactory(is_superuser=True)

    assert user_roles(user) == {"filer", "verifier"}
    assert has_role(superuser, Role.ADMIN)
    assert not has_role(user, Role.ADMIN)


def test_chinese_full_names_read_family_name_first():
    user = UserFactory(last_name="陈", first_name="建国")

    assert user.get_full_name() == "陈建国"
    assert str(user) == "陈建国"


def test_a_role_has_a_holder_only_in_an_active_user_of_that_department_holding_that_role():
    """The check every step that opens a task makes (no task in nobody's inbox)."""
    finance, tax = DepartmentFactory(), DepartmentFactory()
    verifier = UserFactory(department=finance, roles=[Role.VERIFIER])
    UserFactory(department=finance, roles=[Role.FILER])
    UserFactory(department=tax, roles=[Role.REVIEWER])

    assert role_has_holder(Role.VERIFIER, finance.pk)
    # the same role in another department, another role in the same department: nobody
    assert not role_has_holder(Role.VERIFIER, tax.pk)
    assert not role_has_holder(Role.REVIEWER, finance.pk)
    assert not role_has_holder(Role.VERIFIER, None)

    verifier.is_active = False
    verifier.save(update_fields=["is_active"])
    assert not role_has_holder(Role.VERIFIER, finance.pk)
