"""Who may read the supervision views: supervisors the whole city, a department's leader its own."""

from django.core.exceptions import PermissionDenied

from workflows.organization.roles import Role, has_role


def supervision_scope(user) -> int | None:
    """None: the whole city; a department id: only that department. PermissionDenied otherwise."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if user.is_superuser or has_role(user, Role.SUPERVISOR, Role.ADMIN):
        return None
    if has_role(user, Role.APPROVER) and user.department_id:
        return user.department_id
    raise PermissionDenied


def require_city_supervisor(user) -> None:
    """The city-wide reports: supervisors and admins only."""
    if supervision_scope(user) is not None:
        raise PermissionDenied
