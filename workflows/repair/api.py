"""The repair's own endpoints beside the registry's: a record's repair eligibility and the
commitment letter to sign (under /api/v1/records/<id>/, served from this app)."""

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.schema import error_responses
from workflows.organization.roles import Role, has_role
from workflows.organization.scope import is_credit_office
from workflows.records.selectors import record_get_for_user

from .commitment import commitment_pdf
from .eligibility import repair_eligibility


def applicant_of(user):
    """A filer of a department asks for its own subjects; the credit office sees the record only."""
    if has_role(user, Role.FILER) and user.department_id and not is_credit_office(user):
        return user
    return None


class UnmetConditionSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    until = serializers.DateField(
        allow_null=True, help_text="The first day this condition is met, when a date cures it."
    )


class RepairEligibilitySerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    unmet = UnmetConditionSerializer(many=True)
    earliest = serializers.DateField(
        allow_null=True, help_text="The first day an application can succeed; null: no date."
    )


class RepairEligibilityView(APIView):
    @extend_schema(
        operation_id="records_repair_eligibility",
        responses={200: RepairEligibilitySerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        record = record_get_for_user(user=request.user, pk=pk)
        return Response(repair_eligibility(record, by=applicant_of(request.user)).as_dict())


class RepairCommitmentView(APIView):
    @extend_schema(
        operation_id="records_repair_commitment_pdf",
        responses={(200, "application/pdf"): bytes, **error_responses(404)},
    )
    def get(self, request, pk):
        record = record_get_for_user(user=request.user, pk=pk)
        response = HttpResponse(commitment_pdf(record), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="commitment-{record.pk}.pdf"'
        return response


urlpatterns = [
    path(
        "records/<int:pk>/repair-eligibility/",
        RepairEligibilityView.as_view(),
        name="api-record-repair-eligibility",
    ),
    path(
        "records/<int:pk>/repair-commitment.pdf",
        RepairCommitmentView.as_view(),
        name="api-record-repair-commitment",
    ),
]
