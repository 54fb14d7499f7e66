from django import template
from django_stubs_ext import StrOrPromise

from workflows.tolerance.models import Outcome

register = template.Library()


@register.filter
def outcome_label(value: str) -> StrOrPromise:
    try:
        return Outcome(value).label
    except ValueError:
        return value
