"""The step library: actions and steps that processes compose instead of writing again.

accept / not accept (with reasons), request missing material once (the clock stops; the filer gets an
inbox task to supply it and resume), return to an earlier step, issue a numbered document, and tell the
filer what became of its case.
"""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.organization.roles import Role

from . import assignment
from .events import EventType, case_event_add
from .models import Case, CaseTask
from .nodes import CaseStep, StepAction
from .notifications import notify

MATERIAL_ONCE = _(
    "Missing material may be requested once per case, naming everything missing at one time."
)
COMMENT_REQUIRED_WITH_OTHER = _("Explain the reason when you choose “other”.")

ACCEPTED_SUBJECT = _("Case %(case)s is accepted")
NOT_ACCEPTED_SUBJECT = _("Case %(case)s is not accepted")
MATERIAL_SUBJECT = _("Material requested for %(case)s")
DECIDED_SUBJECT = _("Case %(case)s is decided")
RETURNED_SUBJECT = _("Case %(case)s was returned")

SUPPLY_STEP = "supply_material"


# ---------------------------------------------------------------- forms


class NoFieldsForm(forms.Form):
    """An action that needs nothing but the click."""


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class RequestMaterialForm(forms.Form):
    missing = forms.CharField(
        label=_("Missing material (everything, at one time)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


def not_accept_form(reasons: type[models.TextChoices]) -> type[forms.Form]:
    """The not-accept form for a process's own list of reasons (`other` needs a comment)."""

    class NotAcceptForm(forms.Form):
        reason = forms.ChoiceField(label=_("Reason"), choices=reasons.choices)
        comment = forms.CharField(
            label=_("Comment"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=2000,
        )

        def clean(self):
            cleaned = cast(dict[str, Any], super().clean())
            if cleaned.get("reason") == "other" and not cleaned.get("comment", "").strip():
                self.add_error("comment", COMMENT_REQUIRED_WITH_OTHER)
            return cleaned

    return NotAcceptForm


# ---------------------------------------------------------------- telling the filer


def notify_filer(case: Case, subject, body="", params: dict | None = None) -> None:
    """The filer hears of its case's outcomes (accepted, not accepted, decided, returned...)."""
    notify(
        recipients=[case.filed_by],
        subject=subject,
        body=body,
        params={"case": case.number, **(params or {})},
        case=case,
    )


# ---------------------------------------------------------------- actions


ACCEPT_LABEL = _("Accept")
NOT_ACCEPT_LABEL = _("Do not accept")
REQUEST_MATERIAL_LABEL = _("Request missing material")
RETURN_LABEL = _("Return")


def accept_action(
    *,
    transition: str = "accept",
    label=ACCEPT_LABEL,
    effects: Callable[..., None] | None = None,
) -> StepAction:
    """Accept the case: its kind's `accept` transition, then `effects(case=, by=, data=)` (e.g.
    start the whole-case clock); the filer is told."""

    def perform(*, case, by, task, data) -> None:
        getattr(case, transition)()
        case.save(update_fields=["state"])
        if effects:
            effects(case=case, by=by, data=data)
        notify_filer(case, ACCEPTED_SUBJECT)

    return StepAction("accept", label, OptionalCommentForm, perform)


def not_accept_action(
    *,
    reasons: type[models.TextChoices],
    effects: Callable[..., None],
    transition: str = "refuse_acceptance",
    label=NOT_ACCEPT_LABEL,
) -> StepAction:
    """Refuse the case with one of the process's reasons; `effects(case=, by=, data=)` does the
    rest (clear a record's mark, issue the notice). The case closes."""
    from .services import case_mark_closed

    def perform(*, case, by, task, data) -> None:
        getattr(case, transition)()
        case.save()
        effects(case=case, by=by, data=data)
        case_mark_closed(case=case)
        notify_filer(case, NOT_ACCEPTED_SUBJECT, reasons(data["reason"]).label)

    return StepAction("not_accept", label, not_accept_form(reasons), perform)


def material_was_requested(case: Case) -> bool:
    return case.events.filter(step=SUPPLY_STEP, action="request").exists()


def request_material_action(
    *, label=REQUEST_MATERIAL_LABEL, effects: Callable[..., None] | None = None
) -> StepAction:
    """Ask the filer, once, for everything missing: the clock stops, the filer's inbox gets a task
    to supply it; supplying it starts the clock again. The step stays open meanwhile."""
    from .services import case_suspend

    def perform(*, case, by, task: CaseTask, data) -> None:
        if material_was_requested(case):
            raise ValidationError({"missing": [MATERIAL_ONCE]})
        case_suspend(case=case, by=by, reason=data["missing"])
        case_event_add(
            case=case,
            step=SUPPLY_STEP,
            action="request",
            by=by,
            comment=data["missing"],
            event=EventType.SUSPENDED,
        )
        side_task_open(host=task, node_name=SUPPLY_STEP)
        if effects:
            effects(case=case, by=by, data=data)
        notify_filer(case, MATERIAL_SUBJECT, data["missing"])

    return StepAction("request_material", label, RequestMaterialForm, perform, completes_task=False)


def side_task_open(*, host: CaseTask, node_name: str) -> None:
    """Open the flow's node `node_name` next to the open task `host`, which stays open: a side
    task (the filer's supply_material while a step waits; a request decided by someone else while
    the step runs on). The side path ends at its own End; the host's path is untouched."""
    node = getattr(host.task.flow_task.flow_class.instance, node_name)
    host_activation = host.task.flow_task.activation_class(host.task)
    node._create(prev_activation=host_activation, token=host.task.token)


def _supply(*, case, by, task, data) -> None:
    from .services import case_resume

    case_resume(case=case, by=by, comment=data.get("comment", ""))


def supply_material_step() -> CaseStep:
    """The filer's task while a case waits for material (opened by request_material)."""
    return CaseStep(
        step=SUPPLY_STEP,
        role=Role.FILER,
        department=assignment.filing_department,
        actions=[
            StepAction(
                "supply",
                _("The material is supplied"),
                OptionalCommentForm,
                _supply,
                while_suspended=True,
            )
        ],
    )


def return_action(
    *, transition: str, label=RETURN_LABEL, effects: Callable[..., None] | None = None
) -> StepAction:
    """Send the case back to an earlier step with a comment (the flow's gateway routes it)."""

    def perform(*, case, by, task, data) -> None:
        getattr(case, transition)()
        case.save()
        if effects:
            effects(case=case, by=by, data=data)

    return StepAction("return", label, CommentForm, perform)


def document_issue_for_case(
    *,
    case: Case,
    doc_type: str,
    title: str,
    issuer: str,
    template: str,
    context: dict,
    outcome: str = "",
    is_decision: bool = True,
    use_clauses: bool = True,
):
    """Number, render and store a document of the case, its legal basis and remedy taken from the
    clause library for the subject's kind; a decision becomes the case's decision, and the filer is
    told. `use_clauses=False`: a document whose type has no clauses (e.g. a publicity notice)."""
    from workflows.documents.clauses import clauses_for
    from workflows.documents.services import document_issue

    document = document_issue(
        case_id=case.pk,
        doc_type=doc_type,
        title=title,
        issuer_code=f"{settings.DOCUMENT_ISSUER_PREFIX}{issuer}",
        issuer_name=settings.ISSUING_ORGAN_NAME,
        template_name=template,
        context={"case_number": case.number, **context},
        outcome=outcome,
        subject_name=case.subject.name,
        clauses=clauses_for(doc_type, case.subject.kind) if use_clauses else None,
    )
    # the document list is its own history: no case event, so the case's steps read as before
    if is_decision:
        Case.objects.filter(pk=case.pk).update(decision=document)
        case.decision = document
        notify_filer(case, DECIDED_SUBJECT, document.number)
    return document
