"""Input of each rectification step: the same form validates the web page and the API call."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

DEFAULT_DEADLINE_DAYS = 20
DEFAULT_BAN_MONTHS = 12
ONE_MEASURE_AT_LEAST = _(
    "Choose at least one measure: public notification, an honours ban or a referral for "
    "accountability."
)
RESPONSIBLE_PERSON_REQUIRED = _("Name the principal responsible person to be held to account.")


class RectificationIssueForm(forms.Form):
    record = forms.IntegerField(label=_("Dishonesty record"), min_value=1)
    required_measures = forms.CharField(
        label=_("Required measures"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline (working days)"),
        min_value=1,
        max_value=250,
        required=False,
        help_text=_("Working days from today; 20 if left empty."),
    )

    def clean_deadline_days(self):
        return self.cleaned_data.get("deadline_days") or DEFAULT_DEADLINE_DAYS


class ExplainForm(forms.Form):
    causes = forms.CharField(
        label=_("Causes (written explanation)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
    )


class ReportForm(forms.Form):
    measures_taken = forms.CharField(
        label=_("Measures taken"), widget=forms.Textarea(attrs={"rows": 5}), max_length=8000
    )


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    days = forms.IntegerField(label=_("Extension (working days)"), min_value=1)


class ExtensionDecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class RejectForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label=_("Verification opinion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class HandleOverdueForm(forms.Form):
    notify_publicly = forms.BooleanField(label=_("Notify publicly"), required=False)
    ban_honours = forms.BooleanField(label=_("Ban from honours"), required=False)
    ban_months = forms.IntegerField(
        label=_("Ban (months)"), min_value=1, max_value=60, required=False
    )
    refer_accountability = forms.BooleanField(
        label=_("Refer the principal responsible person for accountability"), required=False
    )
    responsible_person = forms.CharField(
        label=_("Principal responsible person"), max_length=100, required=False
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        cleaned = cast(dict[str, Any], super().clean())
        flags = ("notify_publicly", "ban_honours", "refer_accountability")
        if not any(cleaned.get(flag) for flag in flags):
            raise forms.ValidationError(ONE_MEASURE_AT_LEAST, code="no_measure")
        if cleaned.get("ban_honours") and not cleaned.get("ban_months"):
            cleaned["ban_months"] = DEFAULT_BAN_MONTHS
        if (
            cleaned.get("refer_accountability")
            and not cleaned.get("responsible_person", "").strip()
        ):
            self.add_error("responsible_person", RESPONSIBLE_PERSON_REQUIRED)
        return cleaned


class AccountabilityForm(forms.Form):
    findings = forms.CharField(
        label=_("Findings and action taken"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )
