"""Input of each repair step: the same form validates the web page and the API call."""

from django import forms
from django.utils.translation import gettext_lazy as _

COMMITMENT_REQUIRED = _(
    "Upload the credit commitment letter, signed and sealed by the subject (download it from "
    "the record's repair page)."
)
PHONE_INVALID = _("Enter a phone number of digits, spaces, + or - (6 to 20 characters).")


class RepairFileForm(forms.Form):
    record = forms.IntegerField(label=_("Credit record"), min_value=1)
    performance_evidence = forms.CharField(
        label=_("Performance of obligations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_(
            "How the conduct was corrected and the obligations performed; not needed when the "
            "record already shows the obligations as met (e.g. after an accepted rectification)."
        ),
    )
    commitment = forms.FileField(
        label=_("Signed credit commitment letter"),
        error_messages={"required": COMMITMENT_REQUIRED},
        help_text=_("PDF, JPEG, PNG or OFD; at most 20 MB."),
    )
    contact_phone = forms.RegexField(
        label=_("Contact phone"),
        regex=r"^[0-9+\- ]{6,20}$",
        required=False,
        error_messages={"invalid": PHONE_INVALID},
    )

    def clean_performance_evidence(self):
        return self.cleaned_data["performance_evidence"].strip()


class ReasonsForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ApproveForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
