"""HTTP API of objection appeals: file, list, read (api.md "Cases")."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from workflows.casework.api import CaseSerializer, case_get_for_user, cases_for_api, filter_cases
from workflows.casework.models import Case
from workflows.casework.selectors import user_sees_as_provider_only
from workflows.casework.services import attachment_add

from .forms import AppealFileForm
from .models import Appeal
from .selectors import appeals_visible_to
from .services import appeal_file

APPEAL_FIELDS = (
    "grounds",
    "requested_outcome",
    "proposed_correction",
    "contact_phone",
    "missing_material",
    "not_accepted_reason",
    "not_accepted_comment",
    "verification",
    "finding",
    "proposed_outcome",
    "verified_correction",
    "outcome",
    "reasons",
    "corrected_summary",
    "return_comment",
)


# what the record provider's verifiers and leader see of another department's appeal: what the
# verify step needs (the grounds, the correction asked for, the evidence attached) and its own
# findings; never the filer's contact phone nor the credit office's internal notes and drafts
PROVIDER_VISIBLE_FIELDS = frozenset(
    {
        "grounds",
        "requested_outcome",
        "proposed_correction",
        "verification",
        "finding",
        "proposed_outcome",
        "verified_correction",
    }
)


class AppealSerializer(CaseSerializer):
    # given appeals only; typed as the base serializer's Case so the override stays compatible
    def to_representation(self, appeal: Case) -> dict:
        data = super().to_representation(appeal)
        request = self.context.get("request")
        limited = request is not None and user_sees_as_provider_only(request.user, appeal)
        data.update(
            {
                field: getattr(appeal, field)
                if not limited or field in PROVIDER_VISIBLE_FIELDS
                else None
                for field in APPEAL_FIELDS
            }
        )
        return data


class AppealListView(GenericAPIView):
    serializer_class = AppealSerializer

    def get(self, request):
        appeals = filter_cases(appeals_visible_to(request.user), request.query_params)
        page = self.paginate_queryset(cases_for_api(appeals).order_by("-filed_at", "-id"))
        return self.get_paginated_response(
            AppealSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        request=inline_serializer(
            "AppealFile",
            {
                "record": serializers.IntegerField(),
                "grounds": serializers.CharField(min_length=20),
                "requested_outcome": serializers.ChoiceField(["correct", "revoke", "other"]),
                "proposed_correction": serializers.CharField(required=False),
                "contact_phone": serializers.CharField(required=False),
            },
        ),
        responses={201: AppealSerializer},
    )
    def post(self, request):
        form = AppealFileForm(data=request.data)
        if not form.is_valid():
            raise DjangoValidationError(form.errors.as_data())
        data = form.cleaned_data
        # a refused attachment refuses the whole filing: nothing is half-saved
        with transaction.atomic():
            appeal = self._file(request, data)
        appeal = cases_for_api(Appeal.objects.filter(pk=appeal.pk)).get()
        return Response(
            AppealSerializer(appeal, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    def _file(self, request, data) -> Appeal:
        appeal = appeal_file(
            by=request.user,
            record_id=data["record"],
            grounds=data["grounds"],
            requested_outcome=data["requested_outcome"],
            proposed_correction=data.get("proposed_correction", ""),
            contact_phone=data.get("contact_phone", ""),
        )
        for upload in request.FILES.getlist("attachments"):
            attachment_add(case=appeal, by=request.user, upload=upload)
        return appeal


class AppealDetailView(GenericAPIView):
    serializer_class = AppealSerializer

    def get(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        appeal = cases_for_api(Appeal.objects.filter(pk=case.pk)).first()
        if appeal is None:
            from django.http import Http404

            raise Http404
        return Response(AppealSerializer(appeal, context={"request": request}).data)


urlpatterns = [
    path("appeals/", AppealListView.as_view(), name="api-appeals"),
    path("appeals/<int:pk>/", AppealDetailView.as_view(), name="api-appeal"),
]
