"""Web pages of the objection appeal: the filing form (steps are worked on casework's task page)."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from workflows.casework.forms import MultipleFileField, case_file_from_page
from workflows.organization.requests import AuthenticatedHttpRequest
from workflows.organization.roles import Role, has_role
from workflows.records.models import RecordState
from workflows.records.selectors import records_visible_to

from . import services
from .forms import AppealFileForm

APPEAL_FILED = _(
    "Objection appeal %(number)s is filed; the credit office will decide whether to accept it."
)
NO_ACTIVE_RECORDS = _("Your department's subjects have no active records to object to.")


def _record_label(record) -> str:
    summary = Truncator(record.summary).chars(40)
    number = f" · {record.document_number}" if record.document_number else ""
    return f"{record.subject.name}{number} · {summary}"


class AppealFileWebForm(AppealFileForm):
    """The filing form as a page: the record is chosen from the department's active records."""

    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Evidence: PDF, JPEG, PNG or OFD; at most 20 MB each."),
    )

    field_order = [
        "record",
        "grounds",
        "requested_outcome",
        "proposed_correction",
        "contact_phone",
        "attachments",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        records = records_visible_to(user).filter(
            subject__department_id=user.department_id, state=RecordState.ACTIVE
        )
        self.fields["record"] = forms.TypedChoiceField(
            label=self.fields["record"].label,
            coerce=int,
            choices=[("", "---------")] + [(r.pk, _record_label(r)) for r in records],
        )


@login_required
def appeal_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.FILER) or request.user.department_id is None:
        raise PermissionDenied(services.ONLY_FILERS_FILE)
    if request.method != "POST":
        form = AppealFileWebForm(user=request.user, initial={"record": request.GET.get("record")})
        return _page(request, form)
    form = AppealFileWebForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    # the appeal and its attachments, or nothing: the same service as the API's
    appeal = case_file_from_page(
        kind="appeal", by=request.user, form=form, data=data, uploads=data.pop("attachments")
    )
    if appeal is None:
        return _page(request, form, status=400)
    messages.success(request, APPEAL_FILED % {"number": appeal.number})
    return redirect("casework:case", pk=appeal.pk)


def _page(request: HttpRequest, form: AppealFileWebForm, status: int = 200) -> HttpResponse:
    # the form's __init__ made it a TypedChoiceField, whose choices read back as a list
    record_field = cast(forms.TypedChoiceField, form.fields["record"])
    context = {
        "form": form,
        "no_records": len(cast(list, record_field.choices)) <= 1,
        "no_records_message": NO_ACTIVE_RECORDS,
    }
    return render(request, "appeal/file.html", context, status=status)
