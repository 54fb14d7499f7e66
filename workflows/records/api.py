"""HTTP API of the registry: /api/v1/subjects/ and /api/v1/records/ (docs/api.md)."""

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from workflows.api.fields import ActorField
from workflows.api.filters import StrictFilterSet
from workflows.api.schema import error_responses
from workflows.organization.models import Department
from workflows.organization.roles import Role, has_role
from workflows.organization.scope import is_credit_office

from .models import (
    Category,
    CreditRecord,
    RecordEvent,
    RecordState,
    Sanction,
    Severity,
    Source,
    Subject,
    SubjectKind,
)
from .selectors import (
    record_get_for_user,
    records_visible_to,
    subject_get_for_user,
    subject_honours_banned_until,
    subjects_visible_to,
    subjects_with_honours_ban,
)
from .services import record_create, subject_create

ONLY_CREDIT_OFFICE_CREATES_SUBJECTS = _("Only the credit office and admins can register subjects.")
ONLY_CREDIT_OFFICE_CREATES_RECORDS = _("Only the credit office can enter credit records.")


def _may_enter(user) -> bool:
    return is_credit_office(user) or has_role(user, Role.ADMIN)


class SubjectSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    honours_eligible = serializers.SerializerMethodField()
    honours_banned_until = serializers.SerializerMethodField()

    class Meta:
        model = Subject
        fields = [
            "id",
            "kind",
            "name",
            "uscc",
            "address",
            "person_in_charge",
            "department",
            "department_name",
            "honours_eligible",
            "honours_banned_until",
        ]

    def get_honours_eligible(self, subject: Subject) -> bool:
        return self.get_honours_banned_until(subject) is None

    def get_honours_banned_until(self, subject: Subject) -> datetime.date | None:
        # the list annotates it (subjects_with_honours_ban); a single subject asks the selector
        if hasattr(subject, "honours_banned_until"):
            return subject.honours_banned_until
        return subject_honours_banned_until(subject)


class SubjectCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SubjectKind.choices)
    name = serializers.CharField(max_length=200)
    # checked by the model's validator, so the answer names the fault (length, character, check)
    uscc = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    person_in_charge = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )


class RecordEventSerializer(serializers.ModelSerializer):
    by = ActorField()
    by_name = serializers.SerializerMethodField()
    case = serializers.IntegerField(source="case_id", allow_null=True, read_only=True)

    class Meta:
        model = RecordEvent
        fields = ["at", "by", "by_name", "case", "case_number", "reason"]

    def get_fields(self):
        # "from" and "to" are Python keywords, so they cannot be class attributes
        fields = super().get_fields()
        fields["from"] = serializers.CharField(source="from_state", read_only=True)
        fields["to"] = serializers.CharField(source="to_state", read_only=True)
        return fields

    def get_by_name(self, event: RecordEvent) -> str:
        return str(event.by) if event.by else ""


class RecordSerializer(serializers.ModelSerializer):
    # empty for a commendation, and for a record with no sanction: the schema says so
    severity = serializers.ChoiceField(choices=Severity.choices, allow_blank=True, read_only=True)
    sanction = serializers.ChoiceField(choices=Sanction.choices, allow_blank=True, read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    provider_code = serializers.CharField(source="provider.code", read_only=True)
    history = RecordEventSerializer(source="events", many=True, read_only=True)

    class Meta:
        model = CreditRecord
        fields = [
            "id",
            "subject",
            "subject_name",
            "category",
            "severity",
            "source",
            "sanction",
            "summary",
            "document_number",
            "occurred_on",
            "publicity_start",
            "publicity_end",
            "is_published",
            "state",
            "provider",
            "provider_name",
            "provider_code",
            "is_repairable",
            "obligations_met",
            "dispute_note",
            "previous_version",
            "history",
        ]
        read_only_fields = fields


class RecordCreateSerializer(serializers.Serializer):
    subject = serializers.PrimaryKeyRelatedField(queryset=Subject.objects.all())
    category = serializers.ChoiceField(choices=Category.choices)
    # required for dishonesty records, empty for commendations (the model checks)
    severity = serializers.ChoiceField(
        choices=Severity.choices, required=False, allow_blank=True, default=""
    )
    # a declared field, not Field.source: the serializer metaclass moves it off the class
    source = serializers.ChoiceField(choices=Source.choices)  # type: ignore[assignment]
    sanction = serializers.ChoiceField(
        choices=Sanction.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("A civil servant's sanction: the record is public for its statutory period."),
    )
    summary = serializers.CharField()
    occurred_on = serializers.DateField()
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Defaults to the caller's department."),
    )
    publicity_start = serializers.DateField(required=False, help_text=_("Defaults to today."))
    document_number = serializers.CharField(required=False, allow_blank=True, default="")


class SubjectFilter(StrictFilterSet):
    kind = django_filters.ChoiceFilter(choices=SubjectKind.choices)
    department = django_filters.NumberFilter(field_name="department_id")

    class Meta:
        model = Subject
        fields = ["kind", "department"]


class RecordFilter(StrictFilterSet):
    subject = django_filters.NumberFilter(field_name="subject_id")
    state = django_filters.ChoiceFilter(choices=RecordState.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)

    class Meta:
        model = CreditRecord
        fields = ["subject", "state", "category", "severity"]


_HISTORY = Prefetch("events", queryset=RecordEvent.objects.select_related("by"))


def _with_history(records):
    return records.prefetch_related(_HISTORY)


# a filter given empty, or a value outside its choices, answers 400 (StrictFilterSet)
LIST_ERRORS = error_responses(400)
CREATE_ERRORS = error_responses(400, 403)


@extend_schema_view(get=extend_schema(responses={200: SubjectSerializer(many=True), **LIST_ERRORS}))
class SubjectListCreate(generics.ListCreateAPIView):
    serializer_class = SubjectSerializer
    filterset_class = SubjectFilter

    def get_queryset(self):
        return subjects_with_honours_ban(subjects_visible_to(self.request.user)).order_by("id")

    @extend_schema(
        request=SubjectCreateSerializer, responses={201: SubjectSerializer, **CREATE_ERRORS}
    )
    def post(self, request, *args, **kwargs):
        if not _may_enter(request.user):
            raise PermissionDenied(ONLY_CREDIT_OFFICE_CREATES_SUBJECTS)
        data = SubjectCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subject = subject_create(**data.validated_data, by=request.user)
        return Response(SubjectSerializer(subject).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(responses={200: SubjectSerializer, **error_responses(404)}))
class SubjectDetail(generics.RetrieveAPIView):
    serializer_class = SubjectSerializer

    def get_object(self):
        return subject_get_for_user(user=self.request.user, pk=self.kwargs["pk"])


@extend_schema_view(get=extend_schema(responses={200: RecordSerializer(many=True), **LIST_ERRORS}))
class RecordListCreate(generics.ListCreateAPIView):
    serializer_class = RecordSerializer
    filterset_class = RecordFilter

    def get_queryset(self):
        return _with_history(records_visible_to(self.request.user)).order_by("-id")

    @extend_schema(
        request=RecordCreateSerializer, responses={201: RecordSerializer, **CREATE_ERRORS}
    )
    def post(self, request, *args, **kwargs):
        if not _may_enter(request.user):
            raise PermissionDenied(ONLY_CREDIT_OFFICE_CREATES_RECORDS)
        data = RecordCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("provider", request.user.department)
        record = record_create(**values, by=request.user)
        record = _with_history(records_visible_to(request.user)).get(pk=record.pk)
        return Response(RecordSerializer(record).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(responses={200: RecordSerializer, **error_responses(404)}))
class RecordDetail(generics.RetrieveAPIView):
    serializer_class = RecordSerializer

    def get_object(self):
        record = record_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        prefetch_related_objects([record], _HISTORY)
        return record


urlpatterns = [
    path("subjects/", SubjectListCreate.as_view(), name="api-subject-list"),
    path("subjects/<int:pk>/", SubjectDetail.as_view(), name="api-subject-detail"),
    path("records/", RecordListCreate.as_view(), name="api-record-list"),
    path("records/<int:pk>/", RecordDetail.as_view(), name="api-record-detail"),
]
