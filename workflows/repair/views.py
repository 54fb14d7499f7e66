"""Web pages of credit repair: the application form and the commitment letter to sign (steps are
worked on casework's task page)."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from workflows.casework.exceptions import Conflict, UnsupportedUploadType, UploadTooLarge
from workflows.casework.forms import MultipleFileField
from workflows.casework.services import case_file
from workflows.organization.requests import AuthenticatedHttpRequest
from workflows.organization.roles import Role, has_role
from workflows.records.models import Category, RecordState
from workflows.records.selectors import record_get_for_user, records_visible_to

from . import services
from .commitment import commitment_pdf
from .eligibility import repair_eligibility
from .forms import RepairFileForm

REPAIR_FILED = _(
    "Credit repair application %(number)s is filed; the credit office will decide whether to "
    "accept it."
)
NO_RECORDS = _("Your department's subjects have no active dishonesty records to repair.")
EARLIEST = _("The earliest date an application can succeed: %(date)s.")


def _record_label(record) -> str:
    summary = Truncator(record.summary).chars(40)
    number = f" · {record.document_number}" if record.document_number else ""
    return f"{record.subject.name}{number} · {record.get_severity_display()} · {summary}"


class RepairFileWebForm(RepairFileForm):
    """The application as a page: the record is chosen from the department's active dishonesty
    records."""

    attachments = MultipleFileField(
        label=_("Other attachments"),
        required=False,
        help_text=_("Evidence of performance: PDF, JPEG, PNG or OFD; at most 20 MB each."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        records = records_visible_to(user).filter(
            subject__department_id=user.department_id,
            state=RecordState.ACTIVE,
            category=Category.DISHONESTY,
        )
        self.records = list(records.select_related("subject", "provider"))
        self.fields["record"] = forms.TypedChoiceField(
            label=self.fields["record"].label,
            coerce=int,
            choices=[("", "---------")] + [(r.pk, _record_label(r)) for r in self.records],
        )


def _check_filer(request: AuthenticatedHttpRequest) -> None:
    if not has_role(request.user, Role.FILER) or request.user.department_id is None:
        raise PermissionDenied(services.ONLY_FILERS_FILE)


@login_required
def repair_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    _check_filer(request)
    if request.method != "POST":
        form = RepairFileWebForm(user=request.user, initial={"record": request.GET.get("record")})
        return _page(request, form)
    form = RepairFileWebForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    uploads = data.pop("attachments")
    try:
        repair = case_file(
            kind="repair", by=request.user, data=request.POST, uploads=uploads, files=request.FILES
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                if field in ("unmet",):
                    continue
                if field == "earliest":
                    errors = [ValidationError(EARLIEST % {"date": e.message}) for e in errors]
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return _page(request, form, status=400)
    except Conflict as exc:
        form.add_error("record", str(exc.message))
        return _page(request, form, status=409)
    except (UploadTooLarge, UnsupportedUploadType) as exc:
        form.add_error("commitment", str(exc.message))
        return _page(request, form, status=400)
    messages.success(request, REPAIR_FILED % {"number": repair.number})
    return redirect("casework:case", pk=repair.pk)


def _page(request: HttpRequest, form: RepairFileWebForm, status: int = 200) -> HttpResponse:
    record_field = cast(forms.TypedChoiceField, form.fields["record"])
    user = cast(AuthenticatedHttpRequest, request).user
    eligibility = [(r, repair_eligibility(r, by=user)) for r in form.records]
    context = {
        "form": form,
        "no_records": len(cast(list, record_field.choices)) <= 1,
        "no_records_message": NO_RECORDS,
        "eligibility": eligibility,
    }
    return render(request, "repair/file.html", context, status=status)


@login_required
def repair_commitment(request: AuthenticatedHttpRequest, record_pk: int) -> HttpResponse:
    """The commitment letter of a record, to print, sign, seal and upload with the application."""
    record = record_get_for_user(user=request.user, pk=record_pk)
    response = HttpResponse(commitment_pdf(record), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="commitment-{record.pk}.pdf"'
    return response
