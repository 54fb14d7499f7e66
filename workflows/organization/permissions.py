"""Model permission codenames of the shared apps, and which role group holds which."""

from enum import StrEnum

from .roles import Role


class Permission(StrEnum):
    """ "<app_label>.<codename>", as user.has_perm() takes it."""

    VIEW_DEPARTMENT = "organization.view_department"
    ADD_DEPARTMENT = "organization.add_department"
    CHANGE_DEPARTMENT = "organization.change_department"
    DELETE_DEPARTMENT = "organization.delete_department"
    VIEW_USER = "organization.view_user"
    ADD_USER = "organization.add_user"
    CHANGE_USER = "organization.change_user"
    DELETE_USER = "organization.delete_user"
    VIEW_SUBJECT = "records.view_subject"
    ADD_SUBJECT = "records.add_subject"
    CHANGE_SUBJECT = "records.change_subject"
    DELETE_SUBJECT = "records.delete_subject"
    VIEW_CREDITRECORD = "records.view_creditrecord"
    ADD_CREDITRECORD = "records.add_creditrecord"
    CHANGE_CREDITRECORD = "records.change_creditrecord"
    DELETE_CREDITRECORD = "records.delete_creditrecord"
    VIEW_RECORDEVENT = "records.view_recordevent"
    VIEW_PUBLICITYPOLICY = "records.view_publicitypolicy"
    CHANGE_PUBLICITYPOLICY = "records.change_publicitypolicy"

    @property
    def app_label(self) -> str:
        return self.value.split(".", 1)[0]

    @property
    def codename(self) -> str:
        return self.value.split(".", 1)[1]


_READ_RECORDS = (Permission.VIEW_SUBJECT, Permission.VIEW_CREDITRECORD, Permission.VIEW_RECORDEVENT)
_CREDIT_OFFICE = (
    *_READ_RECORDS,
    Permission.ADD_SUBJECT,
    Permission.ADD_CREDITRECORD,
    Permission.VIEW_PUBLICITYPOLICY,
)

# the data migration 0002_role_groups grants these; admin also gets every other
# permission of the organization and records apps
ROLE_PERMISSIONS: dict[Role, tuple[Permission, ...]] = {
    Role.FILER: _READ_RECORDS,
    Role.VERIFIER: _READ_RECORDS,
    Role.REVIEWER: _CREDIT_OFFICE,
    Role.APPROVER: _CREDIT_OFFICE,
    Role.INSPECTOR: _READ_RECORDS,
    Role.SUPERVISOR: (
        *_READ_RECORDS,
        Permission.VIEW_PUBLICITYPOLICY,
        Permission.VIEW_DEPARTMENT,
        Permission.VIEW_USER,
    ),
    Role.ADMIN: tuple(Permission),
}
