"""Forms of the web pages only (reassign, extend, withdraw, resume, upload); step forms live in flows."""

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import CaseTask


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not items:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(forms.Form):
    # the form metaclass moves declared fields off the class, so this does not shadow Form.files
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Files"),
        help_text=_("PDF, JPEG, PNG or OFD; at most 20 MB each."),
    )


class WithdrawForm(forms.Form):
    """The web page asks for a reason and an explicit confirmation: withdrawal cannot be undone."""

    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for withdrawing the case.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that a withdrawn case ends here and cannot be reopened."),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Recorded in the history; those working on the case are told."),
    )


class ResumeForm(forms.Form):
    comment = forms.CharField(
        label=_("What was supplied"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReassignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=get_user_model().objects.none()
    )

    def __init__(self, *args, case_task: CaseTask, **kwargs):
        super().__init__(*args, **kwargs)
        # offer the role-holders of the step's department; the service checks eligibility again
        assignee = cast(forms.ModelChoiceField, self.fields["assignee"])
        assignee.queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                department_id=case_task.department_id,
                groups__name=case_task.role,
            )
            .order_by("username")
            .distinct()
        )
        # an instance attribute overrides the method; mypy treats any method assignment as an error
        assignee.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[method-assign,assignment]


def _holder_label(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} · {user.department.name}" if user.department_id else name


class BulkReassignForm(forms.Form):
    """One new holder for several tasks: the role-holders of any of their (department, role)
    groups are offered; the service refuses, task by task, one who may not take a task."""

    assignee = forms.ModelChoiceField(
        label=_("New holder"),
        queryset=get_user_model().objects.none(),
        error_messages={"required": _("Choose who takes the tasks.")},
    )

    def __init__(self, *args, case_tasks, **kwargs):
        super().__init__(*args, **kwargs)
        groups = {(t.department_id, t.role) for t in case_tasks if t.role}
        holders = Q(pk__in=[])
        for department_id, role in groups:
            holders |= Q(department_id=department_id, groups__name=role)
        assignee = cast(forms.ModelChoiceField, self.fields["assignee"])
        assignee.queryset = (
            get_user_model()
            .objects.filter(holders, is_active=True)
            .select_related("department")
            .order_by("department__name", "username")
            .distinct()
        )
        assignee.label_from_instance = _holder_label  # type: ignore[method-assign,assignment]


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extra working days"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


def form_add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the page's form: by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def case_file_from_page(
    *, kind: str, by, form: forms.Form, data, uploads=(), upload_field: str = "attachments"
):
    """File a case from a web page through the same service as the API (casework.services.
    case_file); a refusal goes onto the form and the answer is None, with nothing saved."""
    from .exceptions import UnsupportedUploadType, UploadTooLarge
    from .services import case_file

    try:
        return case_file(kind=kind, by=by, data=data, uploads=uploads)
    except ValidationError as exc:
        form_add_service_errors(form, exc)
    except (UploadTooLarge, UnsupportedUploadType) as exc:
        form.add_error(upload_field, str(exc.message))
    return None
