from django import template
from django.core.exceptions import PermissionDenied

from workflows.supervision.access import supervision_scope

register = template.Library()


@register.filter
def may_supervise(user) -> bool:
    """Supervisors and department leaders see the board link."""
    try:
        supervision_scope(user)
    except PermissionDenied:
        return False
    return True
