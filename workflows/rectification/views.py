"""Web pages of rectification: the credit office's issue form (the steps are worked on casework's
task page, the case on casework's case page)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from workflows.casework.forms import case_file_from_page
from workflows.organization.requests import AuthenticatedHttpRequest
from workflows.records.models import Category, RecordState, SubjectKind
from workflows.records.selectors import records_visible_to

from . import services
from .forms import RectificationIssueForm

ISSUED = _(
    "Rectification %(number)s is issued; the notice is on the case page and the subject's "
    "department has 5 working days to explain the causes."
)


class RectificationIssueWebForm(RectificationIssueForm):
    """The issue form as a page: the record is chosen among active dishonesty records of bodies."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        records = (
            records_visible_to(user)
            .filter(
                state=RecordState.ACTIVE,
                category=Category.DISHONESTY,
                subject__kind=SubjectKind.BODY,
            )
            .order_by("subject__name", "-occurred_on")
        )
        choices = [(r.pk, f"{r.subject.name} · {Truncator(r.summary).chars(40)}") for r in records]
        self.fields["record"] = forms.TypedChoiceField(
            label=self.fields["record"].label, coerce=int, choices=[("", "---------"), *choices]
        )
        self.fields["deadline_days"].initial = 20


@login_required
def rectification_issue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not services.may_issue(request.user):
        raise PermissionDenied(services.ONLY_CREDIT_OFFICE_ISSUES)
    if request.method != "POST":
        form = RectificationIssueWebForm(
            user=request.user, initial={"record": request.GET.get("record")}
        )
        return render(request, "rectification/issue.html", {"form": form})
    form = RectificationIssueWebForm(request.POST, user=request.user)
    if form.is_valid():
        case = case_file_from_page(
            kind="rectification", by=request.user, form=form, data=request.POST
        )
        if case is not None:
            messages.success(request, ISSUED % {"number": case.number})
            return redirect("casework:case", pk=case.pk)
    return render(request, "rectification/issue.html", {"form": form}, status=400)
