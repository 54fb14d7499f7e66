"""Visibility: which departments' subjects, records and cases a user may see."""

from .roles import Role, has_role

CITY_WIDE_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def sees_whole_city(user) -> bool:
    """The credit office, supervisors and admins see every department."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or has_role(user, *CITY_WIDE_ROLES):
        return True
    department = user.department
    return bool(department and department.is_credit_office)


def is_credit_office(user) -> bool:
    department = getattr(user, "department", None)
    return bool(department and department.is_credit_office) or user.is_superuser
