"""The probe's case: a note, a deadline of its own and four states."""

from django import forms
from django.db import models
from django_fsm import transition
from viewflow.workflow.models import Process

from workflows.casework.models import Case


class ProbeState(models.TextChoices):
    FILED = "filed", "Filed"
    WORKING = "working", "Working"
    DONE = "done", "Done"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ProbeCase(Case):
    state_choices = ProbeState.choices
    note = models.TextField(blank=True)
    deadline_on = models.DateField(null=True, blank=True)

    @transition(field="state", source=ProbeState.FILED, target=ProbeState.WORKING)
    def accept(self) -> None:
        pass

    @transition(field="state", source=ProbeState.FILED, target=ProbeState.NOT_ACCEPTED)
    def refuse_acceptance(self) -> None:
        pass

    @transition(field="state", source=ProbeState.WORKING, target=ProbeState.DONE)
    def finish(self) -> None:
        pass

    @transition(
        field="state", source=[ProbeState.FILED, ProbeState.WORKING], target=ProbeState.WITHDRAWN
    )
    def withdraw(self) -> None:
        pass


class ProbeProcess(Process):
    class Meta:
        proxy = True


class ProbeFileForm(forms.Form):
    subject = forms.IntegerField(min_value=1)
    note = forms.CharField(min_length=3)


class NotAcceptReason(models.TextChoices):
    DUPLICATE = "duplicate", "Duplicate"
    OTHER = "other", "Other"
