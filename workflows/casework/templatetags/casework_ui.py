"""Template filters of the casework pages: labels of roles, steps and states, read from the flows."""

from datetime import time, timedelta

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

from workflows.organization.roles import Role

from .. import registry
from ..selectors import cases_visible_to, cases_with_overdue_flag

register = template.Library()

DUE_TODAY = gettext_lazy("due today (24:00)")


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


def _step_titles(kind: str) -> dict:
    from ..nodes import CaseStep

    if not registry.is_kind(kind):
        return {}
    nodes = registry.process_for(kind).flow_class.instance.nodes()
    return {n.step: n.task_title for n in nodes if isinstance(n, CaseStep)}


CASE_CLOCK = gettext_lazy("the whole case")


@register.filter
def step_label(step: str, kind: str) -> StrOrPromise:
    """A step's title from its kind's flow, for rows that carry only the step's code ("case":
    the whole-case clock)."""
    if step == "case":
        return CASE_CLOCK
    return _step_titles(kind).get(step) or step


@register.simple_tag
def step_choices() -> list[tuple[StrOrPromise, list[tuple[str, StrOrPromise]]]]:
    """Every process's human steps as (kind label, [(code, title)]), for a step filter."""
    return [(spec.label, list(_step_titles(spec.kind).items())) for spec in registry.processes()]


@register.filter
def case_state_label(case) -> str:
    """The legal state's label, from the process registry."""
    return registry.state_label(case.kind, case.state)


@register.filter
def due(moment) -> str:
    """A deadline ends at 24:00 of its last day (local time): show it so, not as 00:00 next day."""
    if not moment:
        return "—"
    local = timezone.localtime(moment)
    if local.time() == time(0, 0):
        return f"{(local - timedelta(days=1)):%Y-%m-%d} 24:00"
    return f"{local:%Y-%m-%d %H:%M}"


@register.simple_tag
def record_filing_links(record, user) -> list[dict]:
    """The record page's "file an objection" / "apply for repair" links, from the registry."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        {"url": f"{reverse(spec.file_url_name)}?record={record.pk}", "label": spec.file_label}
        for spec in registry.processes()
        if spec.file_url_name and spec.files_on_record and spec.files_on_record(user, record)
    ]


@register.simple_tag
def record_process_notes(record, user) -> list[str]:
    """What each process says of the record for this user (repair: eligibility and its date)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        note
        for spec in registry.processes()
        if spec.record_notes
        for note in spec.record_notes(user, record)
    ]


@register.simple_tag
def subject_open_cases(subject, user) -> list:
    """The subject page's open cases this user may see (asked here: records never imports
    casework), each with `has_overdue`."""
    if not getattr(user, "is_authenticated", False):
        return []
    cases = cases_visible_to(user).filter(subject=subject, closed_at__isnull=True)
    return list(cases_with_overdue_flag(cases).order_by("-filed_at", "-id"))


@register.filter
def workdays_left(clock) -> str:
    """ "3 working days left", "due today (24:00)", or "" when past due (the overdue tag says it)."""
    from ..deadlines import working_days_left

    days = working_days_left(clock)
    if days is None:
        return ""
    if days == 0:
        return str(DUE_TODAY)
    return ngettext("%(days)d working day left", "%(days)d working days left", days) % {
        "days": days
    }
