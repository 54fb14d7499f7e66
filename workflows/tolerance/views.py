"""Web pages of the fault-tolerance determination: the application form (steps are worked on
casework's task page)."""

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
from workflows.records.models import Category, CreditRecord, RecordState, Subject

from . import services
from .forms import ToleranceFileForm

APPLICATION_FILED = _(
    "Application %(number)s is filed; your department's leader reviews it within 5 working days."
)


class ToleranceFileWebForm(ToleranceFileForm):
    """The application as a page: subject and record are chosen from the department's own."""

    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Evidence: PDF, JPEG, PNG or OFD; at most 20 MB each."),
    )

    field_order = [
        "subject",
        "record",
        "matter",
        "conditions",
        "statement",
        "learned_on",
        "late_reason",
        "attachments",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        subjects = Subject.objects.filter(department_id=user.department_id)
        records = CreditRecord.objects.filter(
            subject__department_id=user.department_id,
            category=Category.DISHONESTY,
            state__in=[RecordState.ACTIVE, RecordState.DISPUTED],
        ).select_related("subject")
        self.fields["subject"] = forms.TypedChoiceField(
            label=self.fields["subject"].label,
            coerce=int,
            choices=[("", "---------")] + [(s.pk, s.name) for s in subjects],
        )
        self.fields["record"] = forms.TypedChoiceField(
            label=self.fields["record"].label,
            help_text=self.fields["record"].help_text,
            coerce=int,
            required=False,
            empty_value=None,
            choices=[("", "---------")]
            + [(r.pk, f"{r.subject.name} · {Truncator(r.summary).chars(40)}") for r in records],
        )


@login_required
def tolerance_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.FILER) or request.user.department_id is None:
        raise PermissionDenied(services.ONLY_FILERS_APPLY)
    if request.method != "POST":
        form = ToleranceFileWebForm(
            user=request.user, initial={"record": request.GET.get("record")}
        )
        return _page(request, form)
    form = ToleranceFileWebForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    # the application and its attachments, or nothing: the same service as the API's
    case = case_file_from_page(
        kind="tolerance", by=request.user, form=form, data=data, uploads=data.pop("attachments")
    )
    if case is None:
        return _page(request, form, status=400)
    messages.success(request, APPLICATION_FILED % {"number": case.number})
    return redirect("casework:case", pk=case.pk)


def _page(request: HttpRequest, form: ToleranceFileWebForm, status: int = 200) -> HttpResponse:
    return render(request, "tolerance/file.html", {"form": form}, status=status)
