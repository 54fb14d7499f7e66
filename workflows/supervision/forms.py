"""The board's filters, shared by the web page and the API (bad values: a 400 naming the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workflows.casework import registry

ORDERINGS = {
    "due_at": _("Due earliest first"),
    "-due_at": _("Due latest first"),
    "-days_overdue": _("Most overdue first"),
    "days_overdue": _("Least overdue first"),
    "department": _("Department"),
    "kind": _("Kind"),
    "step": _("Step"),
    "-level": _("Highest escalation first"),
}
FORMATS = ("json", "csv", "xlsx")
MAX_DUE_WITHIN = 20
BAD_DATE_RANGE = _("The start of the period cannot be after its end.")


class BoardFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    department = forms.IntegerField(label=_("Department"), required=False, min_value=1)
    step = forms.CharField(label=_("Step"), required=False, max_length=40)
    level = forms.IntegerField(
        label=_("Escalation level"), required=False, min_value=0, max_value=2
    )
    due_within = forms.IntegerField(
        label=_("Due within (working days)"),
        required=False,
        min_value=1,
        max_value=MAX_DUE_WITHIN,
    )
    ordering = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[("", "")] + list(ORDERINGS.items())
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[(f, f) for f in ("", *FORMATS)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 -- declared above
        kind.choices = [("", _("All kinds")), *registry.kind_choices()]


class PeriodForm(forms.Form):
    """?from=&to= of the summary (dates, both included)."""

    start = forms.DateField(label=pgettext_lazy("period", "From"))
    end = forms.DateField(label=pgettext_lazy("period", "To"))

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = {"start": data.get("from"), "end": data.get("to")}
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(BAD_DATE_RANGE)
        return cleaned

    def api_errors(self) -> dict:
        """Field names as the API spells them."""
        names = {"start": "from", "end": "to", "__all__": "non_field_errors"}
        return {names.get(k, k): [str(m) for m in v] for k, v in self.errors.items()}
