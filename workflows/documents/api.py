"""HTTP API of the documents app: public verification of an issued document."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.schema import error_responses
from workflows.audit.services import audit_row_status

from .selectors import document_by_verify_code


class AuditStatusSerializer(serializers.Serializer):
    """Is the document in the audit chain, unchanged, and covered by a daily anchor?"""

    recorded = serializers.BooleanField()
    intact = serializers.BooleanField()
    sequence = serializers.IntegerField(allow_null=True)
    anchored_on = serializers.DateField(allow_null=True)

    def to_representation(self, document):
        return super().to_representation(audit_row_status(document))


class VerificationSerializer(serializers.Serializer):
    """The facts printed on an issued document (api.md "Public verification")."""

    number = serializers.CharField()
    kind = serializers.CharField(source="doc_type")
    title = serializers.CharField()
    outcome = serializers.CharField(allow_blank=True)
    issued_at = serializers.DateTimeField()
    issuer = serializers.CharField(source="issuer_name")
    sha256 = serializers.CharField()
    # only for a document a case issued
    case_number = serializers.CharField(required=False)
    audit = AuditStatusSerializer(source="*")

    def to_representation(self, document):
        data = super().to_representation(document)
        if not document.case_number:
            del data["case_number"]
        return data


class VerifyView(APIView):
    """GET /api/v1/verify/<code>/: the facts printed on the document, for anyone; 404 otherwise."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(auth=[], responses={200: VerificationSerializer, **error_responses(404)})
    def get(self, request: Request, code: str) -> Response:
        return Response(VerificationSerializer(document_by_verify_code(code)).data)


urlpatterns = [
    path("verify/<str:code>/", VerifyView.as_view(), name="documents-verify"),
]
