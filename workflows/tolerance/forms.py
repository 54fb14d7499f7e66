"""Input of each fault-tolerance step: the same form validates the web page and the API call."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Condition, Finding, Outcome

FINDINGS_SHAPE = _(
    "Give the findings as an object keyed by condition, each with “finding” (met, not_met or "
    "partly) and “evidence”, or as a list of such entries with a “condition”."
)
FINDINGS_UNKNOWN_CONDITION = _("“%(condition)s” is not a condition of tolerance.")
FINDINGS_BAD_VALUE = _("The finding on “%(condition)s” must be met, not_met or partly.")
FINDINGS_NO_EVIDENCE = _("Give the evidence for the finding on “%(condition)s”.")


class ToleranceFileForm(forms.Form):
    subject = forms.IntegerField(label=_("Subject"), min_value=1)
    record = forms.IntegerField(
        label=_("Credit record"),
        min_value=1,
        required=False,
        help_text=_("Only if the matter is already recorded."),
    )
    matter = forms.CharField(
        label=_("Accountability matter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("What happened."),
    )
    conditions = forms.MultipleChoiceField(
        label=_("Conditions claimed"),
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    statement = forms.CharField(
        label=_("Statement"), widget=forms.Textarea(attrs={"rows": 5}), max_length=8000
    )
    learned_on = forms.DateField(
        label=_("Learned of the accountability matter on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    late_reason = forms.CharField(
        label=_("Reason for applying late"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Required more than 15 days after learning of the matter."),
    )


class ForwardForm(forms.Form):
    comment = forms.CharField(
        label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


def _normalize(value) -> dict:
    """Both shapes of `findings` as {condition: {"finding", "evidence"}}."""
    if isinstance(value, list):
        entries = {}
        for entry in value:
            if not isinstance(entry, dict) or "condition" not in entry:
                raise forms.ValidationError(FINDINGS_SHAPE, code="shape")
            entries[str(entry["condition"])] = entry
        value = entries
    if not isinstance(value, dict) or not value:
        raise forms.ValidationError(FINDINGS_SHAPE, code="shape")
    findings = {}
    for condition, entry in value.items():
        if condition not in Condition.values:
            raise forms.ValidationError(
                FINDINGS_UNKNOWN_CONDITION, code="condition", params={"condition": condition}
            )
        if not isinstance(entry, dict) or entry.get("finding") not in Finding.values:
            raise forms.ValidationError(
                FINDINGS_BAD_VALUE, code="finding", params={"condition": condition}
            )
        evidence = str(entry.get("evidence") or "").strip()
        if not evidence:
            raise forms.ValidationError(
                FINDINGS_NO_EVIDENCE, code="evidence", params={"condition": condition}
            )
        findings[condition] = {"finding": entry["finding"], "evidence": evidence}
    return findings


class ReportForm(forms.Form):
    findings = forms.JSONField(
        label=_("Findings per claimed condition"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            'For example {"public_interest": {"finding": "met", "evidence": "会议纪要"}}; '
            "every claimed condition needs one."
        ),
    )
    comment = forms.CharField(
        label=_("Summary of the investigation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_findings(self):
        return _normalize(self.cleaned_data["findings"])


class OpinionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Proposed outcome"), choices=Outcome.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class DetermineForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class ObjectForm(forms.Form):
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 4}))
