"""The shapes of the casework API (api.md "Cases", "Task inbox"), declared field by field.

The declared fields are what the OpenAPI schema documents. The values of the case and task shapes
are built by hand (`values()`): a page of the inbox or of cases serializes thousands of values and
DRF's field machinery per value costs more than the queries. `HandBuiltSerializer` answers exactly
the declared fields, in their order, so the two cannot drift apart: a value the declaration lacks
never leaves, a declared field without a value fails loudly.
"""

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any, cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.api.fields import actor_name
from workflows.api.pagination import is_whole_number
from workflows.documents.models import Document
from workflows.organization.roles import has_role

from . import registry
from .deadlines import working_days_overdue
from .models import Attachment, Case, CaseEvent, CaseTask
from .selectors import user_may_take, user_sees_as_provider_only

BAD_ID = _("Use a whole number.")

# DRF returns None for a missing value; the stubs accept only a datetime
_iso = cast(Callable[[datetime | None], str | None], serializers.DateTimeField().to_representation)


def _is_overdue(case_task: CaseTask, now) -> bool:
    return bool(case_task.is_open and case_task.due_at and case_task.due_at < now)


def _allowed_actions(case_task: CaseTask, user) -> list[str]:
    node = case_task.task.flow_task
    actions = getattr(node, "actions", {})
    if user_may_take(user, case_task):
        return list(actions)
    return [name for name, a in actions.items() if a.extra_roles and has_role(user, *a.extra_roles)]


class HandBuiltSerializer(serializers.Serializer):
    """Declared fields for the schema; `values()` for the answer; the answer is the declaration."""

    def values(self, instance) -> dict[str, Any]:
        raise NotImplementedError

    def to_representation(self, instance) -> dict[str, Any]:
        values = self.values(instance)
        return {name: values[name] for name in self._declared_fields}


class TaskBriefSerializer(HandBuiltSerializer):
    """An open step of a case."""

    id = serializers.IntegerField()
    step = serializers.CharField()
    assignee = serializers.CharField(
        allow_null=True, help_text="Username of who claimed it; null while unclaimed."
    )
    group = serializers.CharField(
        allow_blank=True, help_text="The role that takes it; empty for a joint step."
    )
    department = serializers.IntegerField(help_text="The department whose group takes it.")
    due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    days_overdue = serializers.IntegerField(min_value=0, help_text="Working days past due_at.")
    provisional_deadline = serializers.BooleanField(
        help_text="due_at rests on a provisional holiday calendar."
    )
    escalation_level = serializers.IntegerField(min_value=0)

    def values(self, case_task: CaseTask) -> dict[str, Any]:
        now = self.context.get("now") or timezone.now()
        owner = case_task.claimed_by
        return {
            "id": case_task.pk,
            "step": case_task.step,
            "assignee": owner.username if owner else None,
            "group": case_task.role,
            "department": case_task.department_id,
            "due_at": _iso(case_task.due_at),
            "overdue": _is_overdue(case_task, now),
            "days_overdue": working_days_overdue(case_task, now),
            "provisional_deadline": case_task.is_provisional,
            "escalation_level": case_task.escalation_level,
        }


class TaskSerializer(TaskBriefSerializer):
    """A task of the inbox: the open step and its case."""

    case = serializers.IntegerField()
    case_number = serializers.CharField()
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()
    actions = serializers.ListField(
        child=serializers.CharField(), help_text="The step's actions the caller may take."
    )

    def values(self, case_task: CaseTask) -> dict[str, Any]:
        request = self.context["request"]
        data = super().values(case_task)
        data.update(
            {
                "case": case_task.case_id,
                "case_number": case_task.case.number,
                "kind": case_task.case.kind,
                "created_at": _iso(case_task.created_at),
                "actions": _allowed_actions(case_task, request.user),
            }
        )
        return data


class HistoryEntrySerializer(HandBuiltSerializer):
    at = serializers.DateTimeField()
    step = serializers.CharField()
    by = serializers.CharField(
        help_text='The acting user\'s username, or "system" for a timer or sweep.'
    )
    action = serializers.CharField()
    comment = serializers.CharField(allow_blank=True)

    def values(self, event: CaseEvent) -> dict[str, Any]:
        return {
            "at": _iso(event.at),
            "step": event.step,
            "by": actor_name(event.by),
            "action": event.action,
            "comment": event.comment,
        }


class DecisionSerializer(HandBuiltSerializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="E.g. 泰信异决〔2026〕12号.")
    title = serializers.CharField()
    outcome = serializers.CharField(allow_blank=True)
    issued_at = serializers.DateTimeField()
    pdf = serializers.CharField(help_text="/api/v1/cases/<id>/decision.pdf")
    sha256 = serializers.CharField()
    verify_code = serializers.CharField()

    def values(self, case: Case) -> dict[str, Any]:
        document = cast(Document, case.decision)
        return {
            "id": document.pk,
            "number": document.number,
            "title": document.title,
            "outcome": document.outcome,
            "issued_at": _iso(document.issued_at),
            "pdf": f"/api/v1/cases/{case.pk}/decision.pdf",
            "sha256": document.sha256,
            "verify_code": document.verify_code,
        }


class AttachmentSerializer(HandBuiltSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(min_value=0)
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()

    def values(self, attachment: Attachment) -> dict[str, Any]:
        return {
            "id": attachment.pk,
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "uploaded_at": _iso(attachment.uploaded_at),
        }


class CaseDocumentSerializer(HandBuiltSerializer):
    """A document the case produced (notice, decision, report), with its download path."""

    id = serializers.IntegerField()
    type = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField()
    outcome = serializers.CharField(allow_blank=True)
    issued_at = serializers.DateTimeField()
    sha256 = serializers.CharField()
    verify_code = serializers.CharField()
    pdf = serializers.CharField(help_text="/api/v1/cases/<id>/documents/<document id>.pdf")

    def values(self, document: Document) -> dict[str, Any]:
        return {
            "id": document.pk,
            "type": document.doc_type,
            "title": document.title,
            "number": document.number,
            "outcome": document.outcome,
            "issued_at": _iso(document.issued_at),
            "sha256": document.sha256,
            "verify_code": document.verify_code,
            "pdf": f"/api/v1/cases/{document.case_id}/documents/{document.pk}.pdf",
        }


def _state_label(case: Case) -> str:
    return registry.state_label(case.kind, case.state)


class CaseSerializer(HandBuiltSerializer):
    """The shape every kind shares (api.md "Cases"); each kind adds its own fields."""

    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="appeal, rectification, tolerance or repair.")
    number = serializers.CharField(help_text="E.g. YY-2026-000123.")
    state = serializers.CharField()
    state_label = serializers.CharField()
    subject = serializers.IntegerField()
    subject_name = serializers.CharField()
    record = serializers.IntegerField(allow_null=True)
    filing_department = serializers.IntegerField()
    filed_by = serializers.CharField()
    filed_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text="The earliest open step's.")
    overdue = serializers.BooleanField()
    provisional_deadline = serializers.BooleanField()
    suspended = serializers.BooleanField()
    open_tasks = TaskBriefSerializer(many=True)
    history = HistoryEntrySerializer(many=True)
    decision = DecisionSerializer(allow_null=True)
    attachments = AttachmentSerializer(many=True)

    def values(self, case: Case) -> dict[str, Any]:
        now = timezone.now()
        context = {**self.context, "now": now}
        open_tasks = [t for t in case.case_tasks.all() if t.is_open]
        due_times = [t.due_at for t in open_tasks if t.due_at]
        brief = TaskBriefSerializer(context=context)
        history = HistoryEntrySerializer()
        attachment = AttachmentSerializer()
        return {
            "id": case.pk,
            "kind": case.kind,
            "number": case.number,
            "state": case.state,
            "state_label": _state_label(case),
            "subject": case.subject_id,
            "subject_name": case.subject.name,
            "record": case.record_id,
            "filing_department": case.filing_department_id,
            "filed_by": case.filed_by.username,
            "filed_at": _iso(case.filed_at),
            "closed_at": _iso(case.closed_at) if case.closed_at else None,
            "due_at": _iso(min(due_times)) if due_times else None,
            "overdue": any(_is_overdue(t, now) for t in open_tasks),
            "provisional_deadline": any(t.is_provisional for t in open_tasks),
            "suspended": case.is_suspended,
            "open_tasks": [brief.to_representation(t) for t in open_tasks],
            "history": [history.to_representation(e) for e in case.events.all()],
            "decision": DecisionSerializer().to_representation(case) if case.decision else None,
            "attachments": [attachment.to_representation(a) for a in case.attachments.all()],
        }


class ProcessCaseSerializer(CaseSerializer):
    """The shared case shape plus the kind's own fields (the registry names them); one subclass
    per kind, made by process_case_serializer, declares them."""

    def values(self, case: Case) -> dict[str, Any]:
        data = super().values(case)
        spec = registry.process_for(case.kind)
        request = self.context.get("request")
        # the record provider's staff see what their step needs, not the filer's private fields
        limited = request is not None and user_sees_as_provider_only(request.user, case)
        for field in spec.api_fields:
            hidden = limited and field in spec.private_fields
            data[field] = None if hidden else getattr(case, field)
        return data


def _model_field_serializer(model, name: str, *, nullable: bool) -> serializers.Field:
    """A read-only serializer field documenting one of the kind's model fields."""
    model_field = model._meta.get_field(name)
    if model_field.is_relation:  # e.g. repair's commitment_id: the related row's id
        return serializers.IntegerField(allow_null=True)
    field_class, kwargs = serializers.ModelSerializer().build_standard_field(name, model_field)
    kept = {k: v for k, v in kwargs.items() if k in ("choices", "help_text", "allow_blank")}
    if isinstance(model_field, models.TextField | models.CharField):
        kept["allow_blank"] = True
    return field_class(allow_null=nullable or model_field.null, **kept)


@cache
def process_case_serializer(kind: str) -> type[ProcessCaseSerializer]:
    """The case shape of one kind, e.g. AppealCaseSerializer (schema component AppealCase)."""
    spec = registry.process_for(kind)
    fields = {
        name: _model_field_serializer(spec.case_model, name, nullable=name in spec.private_fields)
        for name in spec.api_fields
    }
    name = spec.kind.title().replace("_", "")
    serializer = type(
        f"{name}CaseSerializer",
        (ProcessCaseSerializer,),
        {**fields, "__module__": __name__, "__doc__": f"A {spec.kind} case: {spec.label}."},
    )
    return cast(type[ProcessCaseSerializer], serializer)


# Request bodies

_FORM_FIELDS: list[tuple[type, Callable[[Any], serializers.Field]]] = [
    # most specific first: RegexField is a CharField, MultipleChoiceField a ChoiceField
    (forms.FileField, lambda f: serializers.FileField(required=f.required)),
    (forms.BooleanField, lambda f: serializers.BooleanField(required=False)),
    (
        forms.MultipleChoiceField,
        lambda f: serializers.MultipleChoiceField(choices=f.choices, required=f.required),
    ),
    (
        forms.ChoiceField,
        lambda f: serializers.ChoiceField(
            choices=f.choices, required=f.required, allow_blank=not f.required
        ),
    ),
    (
        forms.IntegerField,
        lambda f: serializers.IntegerField(
            required=f.required, min_value=f.min_value, max_value=f.max_value
        ),
    ),
    (forms.DateField, lambda f: serializers.DateField(required=f.required)),
    (
        forms.RegexField,
        lambda f: serializers.RegexField(
            f.regex, required=f.required, allow_blank=not f.required, max_length=f.max_length
        ),
    ),
]


def _form_field_serializer(form_field: forms.Field) -> serializers.Field:
    for form_class, build in _FORM_FIELDS:
        if isinstance(form_field, form_class):
            field = build(form_field)
            break
    else:
        max_length = getattr(form_field, "max_length", None)
        field = serializers.CharField(
            required=form_field.required,
            allow_blank=not form_field.required,
            **({"max_length": max_length} if max_length else {}),
        )
    field.help_text = str(form_field.help_text or form_field.label or "") or None
    return field


@cache
def filing_serializer(kind: str) -> type[serializers.Serializer]:
    """The filing input of one kind, read off its filing form (the form still validates)."""
    spec = registry.process_for(kind)
    fields = {
        name: _form_field_serializer(field) for name, field in spec.file_form.base_fields.items()
    }
    fields["attachments"] = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Supporting files (multipart only): PDF, JPEG, PNG or OFD, 20 MB each.",
    )
    name = spec.kind.title().replace("_", "")
    serializer = type(
        f"{name}FilingSerializer", (serializers.Serializer,), {**fields, "__module__": __name__}
    )
    return cast(type[serializers.Serializer], serializer)


def has_file_fields(serializer_class: type[serializers.Serializer]) -> bool:
    return any(
        isinstance(f, serializers.FileField) for f in serializer_class._declared_fields.values()
    )


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False
    )


class ResumeSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="What was supplied.",
    )


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG, PNG or OFD; 20 MB at most.")


class CompleteSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="One of the task's `actions`.")
    comment = serializers.CharField(required=False, allow_blank=True)


class ReassignSerializer(serializers.Serializer):
    assignee = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The username (or user id) of who takes the task over.",
    )


class WholeNumberField(serializers.IntegerField):
    """ASCII digits only: "²" or "5.0" is refused, not read as a number."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not is_whole_number(str(data)):
            self.fail("invalid")
        return super().to_internal_value(data)


class ExtendSerializer(serializers.Serializer):
    days = WholeNumberField(
        min_value=0,
        max_value=10**18 - 1,
        error_messages={"invalid": BAD_ID},
        help_text="Working days to add to the time limit.",
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False
    )
