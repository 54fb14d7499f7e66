"""Input of each appeal step: the same form validates the web page and the API call."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.records.models import Severity

from .models import (
    AppealOutcome,
    ProposedOutcome,
    RequestedOutcome,
    VerificationResult,
)

GROUNDS_MIN_LENGTH = 20
GROUNDS_TOO_SHORT = _("Please state the grounds in at least %(min)d characters.")
CORRECTION_REQUIRED = _("Say how the record should read when asking for a correction.")
CORRECTED_SUMMARY_REQUIRED = _("Give the corrected content of the record.")
PHONE_INVALID = _("Enter a phone number of digits, spaces, + or - (6 to 20 characters).")


class AppealFileForm(forms.Form):
    record = forms.IntegerField(label=_("Credit record"), min_value=1)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 5}))
    requested_outcome = forms.ChoiceField(
        label=_("Requested outcome"), choices=RequestedOutcome.choices
    )
    proposed_correction = forms.CharField(
        label=_("Proposed correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_phone = forms.RegexField(
        label=_("Contact phone"),
        regex=r"^[0-9+\- ]{6,20}$",
        required=False,
        error_messages={"invalid": PHONE_INVALID},
    )

    def clean_grounds(self):
        grounds = self.cleaned_data["grounds"].strip()
        if len(grounds) < GROUNDS_MIN_LENGTH:
            raise forms.ValidationError(
                GROUNDS_TOO_SHORT, code="min_length", params={"min": GROUNDS_MIN_LENGTH}
            )
        return grounds

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("requested_outcome") == RequestedOutcome.CORRECT
            and not cleaned.get("proposed_correction", "").strip()
        ):
            self.add_error("proposed_correction", CORRECTION_REQUIRED)
        return cleaned


class NoFieldsForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FindingForm(forms.Form):
    finding = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}))


class ConfirmErrorForm(FindingForm):
    proposed_outcome = forms.ChoiceField(
        label=_("Proposed outcome"), choices=ProposedOutcome.choices
    )
    proposed_correction = forms.CharField(
        label=_("Proposed correction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("proposed_outcome") == ProposedOutcome.CORRECT
            and not cleaned.get("proposed_correction", "").strip()
        ):
            self.add_error("proposed_correction", CORRECTION_REQUIRED)
        return cleaned


class DraftForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AppealOutcome.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 5}))
    corrected_summary = forms.CharField(
        label=_("Corrected content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    corrected_severity = forms.ChoiceField(
        label=_("Corrected degree of dishonesty"),
        choices=[("", _("Unchanged")), *Severity.choices],
        required=False,
    )
    corrected_publicity_end = forms.DateField(
        label=_("Corrected publicity end"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    override_reasons = forms.CharField(
        label=_("Reasons for departing from the verification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required (at least 20 characters) when the outcome goes against the verifier's "
            "finding; the approver sees them and the decision states them."
        ),
    )

    @classmethod
    def initial_for(cls, case) -> dict:
        """The draft starts from the verifier's proposal (domain.md §6.1)."""
        initial: dict[str, Any] = {}
        if case.verification == VerificationResult.CONFIRM_CORRECT:
            initial["outcome"] = AppealOutcome.DISMISSED
        elif case.proposed_outcome == ProposedOutcome.CORRECT:
            initial["outcome"] = AppealOutcome.CORRECTED
            initial["corrected_summary"] = case.verified_correction
        elif case.proposed_outcome == ProposedOutcome.REVOKE:
            initial["outcome"] = AppealOutcome.REVOKED
        if case.finding:
            initial["reasons"] = case.finding
        return initial

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("outcome") == AppealOutcome.CORRECTED
            and not cleaned.get("corrected_summary", "").strip()
        ):
            self.add_error("corrected_summary", CORRECTED_SUMMARY_REQUIRED)
        return cleaned
