"""Template filters of the casework pages: labels of roles, steps and states, read from the flows."""

import sys
from datetime import time, timedelta

from django import template
from django.utils import timezone
from django_stubs_ext import StrOrPromise

from workflows.organization.roles import Role

register = template.Library()


@register.filter
def role_label(role: str) -> StrOrPromise:
    try:
        return Role(role).label
    except ValueError:
        return role


@register.filter
def step_title(case_task) -> str:
    """The step's title as the flow annotates it (no query: viewflow resolves the node by name)."""
    node = case_task.task.flow_task
    return getattr(node, "task_title", "") or case_task.step


def state_choices_of(model) -> list[tuple[str, str]]:
    """The legal states of a kind's model with their labels.

    Case.state has no choices; a kind may declare `state_choices` on its model, else its field's
    choices, else the `<Model>State` TextChoices beside the model (read by name: no import).
    """
    declared = getattr(model, "state_choices", None)
    if declared:
        return [(str(v), label) for v, label in declared]
    field = model._meta.get_field("state")
    if field.choices:
        return list(field.flatchoices)
    enum = getattr(sys.modules.get(model.__module__), f"{model.__name__}State", None)
    return list(enum.choices) if enum is not None else []


def case_model_of(case):
    process = case.process if case.process_id else None
    flow_class = getattr(process, "flow_class", None)
    return getattr(flow_class, "case_model", None)


@register.filter
def case_state_label(case) -> str:
    """The legal state's label from the kind's model (needs case.process selected)."""
    model = case_model_of(case)
    choices = dict(state_choices_of(model)) if model is not None else {}
    return str(choices.get(case.state, case.state))


@register.filter
def due(moment) -> str:
    """A deadline ends at 24:00 of its last day (local time): show it so, not as 00:00 next day."""
    if not moment:
        return "—"
    local = timezone.localtime(moment)
    if local.time() == time(0, 0):
        return f"{(local - timedelta(days=1)):%Y-%m-%d} 24:00"
    return f"{local:%Y-%m-%d %H:%M}"
