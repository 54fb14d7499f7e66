"""Web pages of the registry: the scoped record and subject lists, a record with its history, a
subject with its honours eligibility, records and open cases."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import DetailView, ListView

from .models import RecordState
from .publicity import record_earliest_repair_on
from .selectors import (
    record_get_for_user,
    records_visible_to,
    subject_get_for_user,
    subject_honours_banned_until,
    subject_honours_bans,
    subjects_search,
    subjects_visible_to,
    subjects_with_honours_ban,
)


class RecordListView(LoginRequiredMixin, ListView):
    template_name = "records/record_list.html"
    context_object_name = "records"
    paginate_by = 25

    def get_queryset(self):
        records = records_visible_to(self.request.user).order_by("-id")
        state = self.request.GET.get("state", "")
        if state in RecordState.values:
            records = records.filter(state=state)
        return records

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", "")
        context["states"] = RecordState.choices
        context["current_state"] = state if state in RecordState.values else ""
        return context


class RecordDetailView(LoginRequiredMixin, DetailView):
    template_name = "records/record_detail.html"
    context_object_name = "record"

    def get_object(self, queryset=None):
        return record_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = dict(RecordState.choices)
        history = list(self.object.events.select_related("by"))
        for event in history:
            event.from_label = labels.get(event.from_state, "")
            event.to_label = labels.get(event.to_state, event.to_state)
        context["history"] = history
        # a corrected record links to the version that replaced it (if the user may see it)
        context["next_version"] = (
            records_visible_to(self.request.user).filter(previous_version=self.object).first()
        )
        context["earliest_repair_on"] = record_earliest_repair_on(self.object)
        context["honours_banned_until"] = subject_honours_banned_until(self.object.subject)
        return context


class SubjectListView(LoginRequiredMixin, ListView):
    """The subjects the user may see, searchable by name or USCC, with their honours eligibility."""

    template_name = "records/subject_list.html"
    context_object_name = "subjects"
    paginate_by = 25

    def get_queryset(self):
        subjects = subjects_visible_to(self.request.user)
        subjects = subjects_search(subjects, self.request.GET.get("q", ""))
        return subjects_with_honours_ban(subjects).order_by("name", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "").strip()
        return context


class SubjectDetailView(LoginRequiredMixin, DetailView):
    """One subject: who it is, whether it may be proposed for honours (and the bans), the records
    the user may see; its open cases come from casework's template tag (records never imports
    casework). 404 for a subject the user may not see, as in the API."""

    template_name = "records/subject_detail.html"
    context_object_name = "subject"

    def get_object(self, queryset=None):
        return subject_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        # each ban with whether it is in force today
        context["bans"] = [
            (ban, ban.starts_on <= today <= ban.ends_on)
            for ban in subject_honours_bans(self.object)
        ]
        context["honours_banned_until"] = subject_honours_banned_until(self.object, today)
        context["records"] = (
            records_visible_to(self.request.user).filter(subject=self.object).order_by("-id")
        )
        return context
