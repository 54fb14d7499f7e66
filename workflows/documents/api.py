"""HTTP API of the documents app: public verification of an issued document."""

from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.audit.services import audit_row_status

from .selectors import document_by_verify_code


class VerifyView(APIView):
    """GET /api/v1/verify/<code>/: the facts printed on the document, for anyone; 404 otherwise."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get(self, request: Request, code: str) -> Response:
        document = document_by_verify_code(code)
        data = {
            "number": document.number,
            "kind": document.doc_type,
            "title": document.title,
            "outcome": document.outcome,
            "issued_at": serializers.DateTimeField().to_representation(document.issued_at),
            "issuer": document.issuer_name,
            "sha256": document.sha256,
        }
        if document.case_number:
            data["case_number"] = document.case_number
        audit = audit_row_status(document)
        # is the document in the audit chain, unchanged, and covered by a daily anchor?
        data["audit"] = {  # type: ignore[assignment]
            "recorded": audit.recorded,
            "intact": audit.intact,
            "sequence": audit.sequence,
            "anchored_on": audit.anchored_on.isoformat() if audit.anchored_on else None,
        }
        return Response(data)


urlpatterns = [
    path("verify/<str:code>/", VerifyView.as_view(), name="documents-verify"),
]
