"""Drafts: the document a human step will issue, rendered from the case as it stands, so the person
completing the step (an approver about to sign) reads it first.

A process declares its drafts on its ProcessSpec (`drafts=(StepDraft("sign", draft_fn),)`); the
task page shows the draft inline and `task_draft_pdf` renders it. Nothing is numbered, stored,
audited or notified: the rendering runs in a transaction rolled back at once, whatever a process's
draft function does.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django_stubs_ext import StrOrPromise

from workflows.organization.roles import has_role

from . import registry
from .models import Case, CaseTask
from .selectors import OPEN_TASK_STATUSES, user_may_take
from .services import user_may_reassign


@dataclass(frozen=True)
class StepDraft:
    """The document the human step `step` issues: `draft(case, action=None, data=None) -> PDF
    bytes`, or None when that choice issues nothing. `case` is the kind's own model; the bytes
    come from `document_draft_for_case` with the same arguments the step's service gives
    `steps.document_issue_for_case`.

    Without `action` the draft shows the case as it stands (the task page frames it). `actions`
    names the step's actions whose entries change the document: their forms get a "Preview" button
    that drafts it with what is typed — `action` and the form's cleaned `data` — before sending.
    `before_entries=False`: the document is made of what is typed at the step (a refusal's
    reason, a determination), so nothing is framed before the form is filled."""

    step: str
    draft: Callable[..., bytes | None]
    # shown above the draft when what is issued depends on the step's choice or on time
    note: StrOrPromise = ""
    actions: tuple[str, ...] = ()
    before_entries: bool = True


def document_draft_for_case(
    *,
    case: Case,
    doc_type: str,
    title: str,
    issuer: str,
    template: str,
    context: dict,
    use_clauses: bool = True,
    **_issue_only: Any,
) -> bytes:
    """The draft of what `steps.document_issue_for_case` would issue with these arguments, marked
    草稿, with the serial left blank. Arguments that matter only when issuing (outcome,
    is_decision) are accepted and ignored, so a process passes one set of arguments to both."""
    from workflows.documents.clauses import clauses_for
    from workflows.documents.services import document_draft_render

    return document_draft_render(
        title=title,
        issuer_code=f"{settings.DOCUMENT_ISSUER_PREFIX}{issuer}",
        issuer_name=settings.ISSUING_ORGAN_NAME,
        template_name=template,
        context={"case_number": case.number, **context},
        clauses=clauses_for(doc_type, case.subject.kind) if use_clauses else None,
    )


def step_draft(case_task: CaseTask) -> StepDraft | None:
    """The draft the task's step declares, if any."""
    if not registry.is_kind(case_task.case.kind):
        return None
    spec = registry.process_for(case_task.case.kind)
    return next((d for d in spec.drafts if d.step == case_task.step), None)


def task_is_open(case_task: CaseTask) -> bool:
    return case_task.is_open and case_task.task.status in OPEN_TASK_STATUSES


def user_may_work(user, case_task: CaseTask) -> bool:
    """The step's role in its department (or a joint step's waiting participant), or a role one
    of its actions allows beside it (e.g. a supervisor)."""
    if user_may_take(user, case_task):
        return True
    actions = getattr(case_task.task.flow_task, "actions", {}).values()
    return any(a.extra_roles and has_role(user, *a.extra_roles) for a in actions)


def user_may_read_draft(user, case_task: CaseTask) -> bool:
    """Whoever may work the step, and those who answer for it (the leaders and supervisors who
    may reassign it). The filer and the other departments that see the case do not read a draft
    before it is signed."""
    return user_may_work(user, case_task) or user_may_reassign(user, case_task)


def task_draft_pdf(case_task: CaseTask, action: str | None = None, data=None) -> bytes | None:
    """The draft of the task's step rendered now (with an action's cleaned entries, if given), or
    None when the step declares none, is no longer open, or this choice issues nothing."""
    declared = step_draft(case_task)
    if declared is None or not task_is_open(case_task):
        return None
    if action is None and not declared.before_entries:
        return None
    if action is not None and action not in declared.actions:
        return None
    kind_case = registry.process_for(case_task.case.kind).case_model.objects.get(
        pk=case_task.case_id
    )
    with transaction.atomic():
        pdf = declared.draft(kind_case, action=action, data=data)
        # a draft writes nothing: no serial, no document, no history, whatever the process did
        transaction.set_rollback(True)
    return pdf
