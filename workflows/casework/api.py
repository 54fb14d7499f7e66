"""HTTP API shared by every case kind: /cases/, /tasks/ and what hangs off them."""

from typing import cast

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.exceptions import MAX_BIGINT
from workflows.api.filters import EMPTY_FILTER
from workflows.api.pagination import is_whole_number
from workflows.api.parsers import FormParser, MultiPartParser
from workflows.api.schema import error_responses
from workflows.documents.models import Document
from workflows.documents.selectors import documents_for_case
from workflows.documents.views import document_response

from . import registry, services
from .models import Attachment, Case, CaseEvent, CaseTask
from .selectors import (
    case_get_for_user,
    case_task_get_for_user,
    cases_visible_to,
    inbox_for,
    overdue_q,
)
from .serializers import (
    BAD_ID,
    AttachmentSerializer,
    CaseDocumentSerializer,
    CaseSerializer,
    CompleteSerializer,
    ExtendSerializer,
    ReassignSerializer,
    ResumeSerializer,
    TaskSerializer,
    UploadSerializer,
    WithdrawSerializer,
    filing_serializer,
    has_file_fields,
    process_case_serializer,
)

BAD_BOOLEAN = _("Use true or false.")
BAD_KIND = _("Unknown kind; use one of: %(kinds)s.")
BAD_STATE = _("Unknown state; use one of: %(states)s.")
STEP_TOO_LONG = _("A step's name has at most %(max)d characters.")
STEP_MAX_LENGTH = 40  # as the supervision board's step filter
NO_DECISION = _("This case has no decision yet.")
FILE_REQUIRED = _("Attach a file in the field “file”.")


def cases_for_api(queryset):
    """Everything the case shape needs, in a fixed number of queries; not the decision's PDF
    bytes (~400 KB each, 8 MB for a list page of decided cases): only the PDF views send them."""
    return (
        queryset.select_related("subject", "filed_by", "decision", "filing_department")
        .defer("decision__pdf")
        .prefetch_related(
            Prefetch(
                "case_tasks",
                queryset=CaseTask.objects.filter(is_open=True).select_related("claimed_by"),
            ),
            Prefetch("events", queryset=CaseEvent.objects.select_related("by")),
            Prefetch("attachments", queryset=Attachment.objects.all()),
        )
    )


def visible_case_for_api(*, user, pk, model=Case) -> Case:
    """The case shape of one case the user may see: visibility is checked in the query that
    reads the case (one query fewer than reading it twice); Http404 otherwise."""
    visible = cases_visible_to(user).filter(pk=pk)
    if model is not Case:  # a kind's model (multi-table): its row, if the case is visible
        visible = model.objects.filter(pk__in=visible.values("pk"))
    case = cases_for_api(visible).first()
    if case is None:
        raise Http404
    return case


def _bool_param(params, name: str) -> bool | None:
    raw = params.get(name)
    if raw is None:
        return None
    if raw == "":
        raise ValidationError({name: [EMPTY_FILTER]})
    if raw.lower() in ("true", "1", "yes"):
        return True
    if raw.lower() in ("false", "0", "no"):
        return False
    raise ValidationError({name: [BAD_BOOLEAN]})


def _step_param(params) -> str | None:
    step = params.get("step")
    if step == "":
        raise ValidationError({"step": [EMPTY_FILTER]})
    if step is not None and len(step) > STEP_MAX_LENGTH:
        raise ValidationError({"step": [STEP_TOO_LONG % {"max": STEP_MAX_LENGTH}]})
    return step


def _id_param(params, name: str) -> int | None:
    raw = params.get(name)
    if raw is None:
        return None
    if raw == "":
        raise ValidationError({name: [EMPTY_FILTER]})
    if not is_whole_number(raw) or int(raw) > MAX_BIGINT:
        raise ValidationError({name: [BAD_ID]})
    return int(raw)


def _choice_param(params, name: str, choices: list[str], unknown) -> str | None:
    """A filter naming one of a fixed set of values; empty or unknown answers 400."""
    value = params.get(name)
    if value is None:
        return None
    if value == "":
        raise ValidationError({name: [EMPTY_FILTER]})
    if value not in choices:
        # the message names the choices as %(kinds)s, %(states)s
        raise ValidationError({name: [unknown % {f"{name}s": ", ".join(choices)}]})
    return value


def _kinds() -> list[str]:
    return [spec.kind for spec in registry.processes()]


def filter_cases(queryset, params, *, states: list[str]):
    """?state= ?subject= ?overdue= ?department= ?kind=; empty or bad values answer 400."""
    state = _choice_param(params, "state", states, BAD_STATE)
    if state:
        queryset = queryset.filter(state=state)
    subject = _id_param(params, "subject")
    if subject is not None:
        queryset = queryset.filter(subject_id=subject)
    department = _id_param(params, "department")
    if department is not None:
        queryset = queryset.filter(filing_department_id=department)
    kind = _choice_param(params, "kind", _kinds(), BAD_KIND)
    if kind:
        queryset = queryset.filter(kind=kind)
    overdue = _bool_param(params, "overdue")
    if overdue is not None:
        overdue_cases = CaseTask.objects.filter(overdue_q()).values("case_id")
        queryset = (
            queryset.filter(pk__in=overdue_cases)
            if overdue
            else queryset.exclude(pk__in=overdue_cases)
        )
    return queryset


# Schema of the query parameters (the functions above check them)

_ID_SCHEMA = {"type": "integer", "minimum": 0, "maximum": MAX_BIGINT}
_NOT_EMPTY = " Empty answers 400."


def _state_parameter(states: list[str]) -> OpenApiParameter:
    return OpenApiParameter(
        "state", str, enum=states, description="Cases in this state." + _NOT_EMPTY
    )


def _kind_parameter() -> OpenApiParameter:
    return OpenApiParameter("kind", str, enum=_kinds(), description="One kind only." + _NOT_EMPTY)


OVERDUE_PARAMETER = OpenApiParameter(
    "overdue", bool, description="true: only overdue; false: none overdue." + _NOT_EMPTY
)
CASE_PARAMETERS = [
    OpenApiParameter("subject", _ID_SCHEMA, description="The subject's id." + _NOT_EMPTY),
    OpenApiParameter(
        "department", _ID_SCHEMA, description="The filing department's id." + _NOT_EMPTY
    ),
    OVERDUE_PARAMETER,
]
CASE_ERRORS = error_responses(400)


class CaseListView(GenericAPIView):
    serializer_class = CaseSerializer
    filter_backends: list = []  # the query parameters are read by hand

    @extend_schema(
        operation_id="cases_list",
        parameters=[
            _state_parameter([value for value, _label in registry.all_states()]),
            _kind_parameter(),
            *CASE_PARAMETERS,
        ],
        responses={200: CaseSerializer(many=True), **CASE_ERRORS},
    )
    def get(self, request):
        states = [value for value, _label in registry.all_states()]
        cases = filter_cases(cases_visible_to(request.user), request.query_params, states=states)
        page = self.paginate_queryset(cases_for_api(cases).order_by("-filed_at", "-id"))
        return self.get_paginated_response(CaseSerializer(page, many=True).data)


class CaseDetailView(GenericAPIView):
    serializer_class = CaseSerializer

    @extend_schema(operation_id="cases_retrieve", responses={200: CaseSerializer})
    def get(self, request, pk):
        case = visible_case_for_api(user=request.user, pk=pk)
        return Response(CaseSerializer(case, context={"request": request}).data)


def case_response(request, case_id: int, status_code=status.HTTP_200_OK) -> Response:
    case = cases_for_api(Case.objects.filter(pk=case_id)).get()
    return Response(CaseSerializer(case, context={"request": request}).data, status=status_code)


# what a case action can answer besides its case: bad input, not yours to do, moved on
ACTION_ERRORS = error_responses(400, 403, 409)


class CaseWithdrawView(GenericAPIView):
    serializer_class = WithdrawSerializer

    @extend_schema(request=WithdrawSerializer, responses={200: CaseSerializer, **ACTION_ERRORS})
    def post(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        form = WithdrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.case_withdraw(case=case, by=request.user, reason=form.validated_data["reason"])
        return case_response(request, case.pk)


class CaseResumeView(GenericAPIView):
    """The filer has supplied the missing material: the clock runs again."""

    serializer_class = ResumeSerializer

    @extend_schema(request=ResumeSerializer, responses={200: CaseSerializer, **ACTION_ERRORS})
    def post(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        form = ResumeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.case_resume_by_filer(
            case=case, by=request.user, comment=form.validated_data["comment"]
        )
        return case_response(request, case.pk)


class CaseAttachmentsView(GenericAPIView):
    serializer_class = AttachmentSerializer
    filter_backends: list = []
    pagination_class = None  # a case has a handful of attachments
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="cases_attachments_list",
        responses={200: AttachmentSerializer(many=True)},
    )
    def get(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        return Response(AttachmentSerializer(case.attachments.all(), many=True).data)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: CaseSerializer, **error_responses(400, 403, 409, 413, 415)},
    )
    def post(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": [FILE_REQUIRED]})
        services.attachment_add(case=case, by=request.user, upload=upload)
        return case_response(request, case.pk, status.HTTP_201_CREATED)


# an attachment comes back with the type its content was checked to be (services.ALLOWED_MIME)
UPLOAD_TYPES = ("application/pdf", "image/jpeg", "image/png", "application/ofd")
PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}


class CaseAttachmentFileView(APIView):
    """Attachments live outside the web root; only those who may see the case get them."""

    @extend_schema(
        operation_id="cases_attachment_download",
        responses={(200, media): OpenApiTypes.BINARY for media in UPLOAD_TYPES},
    )
    def get(self, request, pk, attachment_pk):
        case = case_get_for_user(user=request.user, pk=pk)
        attachment = case.attachments.filter(pk=attachment_pk).first()
        if attachment is None:
            raise Http404
        return FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            as_attachment=True,
            filename=attachment.original_name,
        )


class CaseDecisionPdfView(APIView):
    @extend_schema(operation_id="cases_decision_pdf", responses=PDF)
    def get(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        if case.decision_id is None:
            raise Http404(NO_DECISION)
        return document_response(cast(Document, case.decision))  # decision_id checked above


class CaseDocumentsView(GenericAPIView):
    serializer_class = CaseDocumentSerializer
    filter_backends: list = []
    pagination_class = None  # a case has a handful of documents

    @extend_schema(
        operation_id="cases_documents_list",
        responses={200: CaseDocumentSerializer(many=True)},
    )
    def get(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        return Response(CaseDocumentSerializer(documents_for_case(case.pk), many=True).data)


class CaseDocumentPdfView(APIView):
    @extend_schema(operation_id="cases_document_pdf", responses=PDF)
    def get(self, request, pk, document_pk):
        case = case_get_for_user(user=request.user, pk=pk)
        document = documents_for_case(case.pk).filter(pk=document_pk).first()
        if document is None:
            raise Http404
        return document_response(document)


# what a task in the inbox shows: wide rows (the task's JSON data, the case's text) cost per row
INBOX_COLUMNS = (
    "task_id",
    "step",
    "role",
    "department_id",
    "created_at",
    "due_at",
    "is_provisional",
    "is_open",
    "escalation_level",
    "case__id",
    "case__number",
    "case__kind",
    "case__state",  # the FSM mixin reads it on load
    "task__id",
    "task__flow_task",
    "claimed_by__id",
    "claimed_by__username",
)


class TaskListView(GenericAPIView):
    serializer_class = TaskSerializer
    filter_backends: list = []  # the query parameters are read by hand

    @extend_schema(
        operation_id="tasks_list",
        parameters=[
            OVERDUE_PARAMETER,
            _kind_parameter(),
            OpenApiParameter("step", str, description="Only the tasks of this step, e.g. decide"),
        ],
        responses={200: TaskSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        tasks = inbox_for(request.user)
        overdue = _bool_param(request.query_params, "overdue")
        if overdue is not None:
            tasks = tasks.filter(overdue_q()) if overdue else tasks.exclude(overdue_q())
        kind = _choice_param(request.query_params, "kind", _kinds(), BAD_KIND)
        if kind:
            tasks = tasks.filter(case__kind=kind)
        step = _step_param(request.query_params)
        if step:
            tasks = tasks.filter(step=step)
        page = self.paginate_queryset(tasks.only(*INBOX_COLUMNS))
        context = {"request": request, "now": timezone.now()}
        return self.get_paginated_response(TaskSerializer(page, many=True, context=context).data)


def task_response(request, case_task: CaseTask) -> Response:
    case_task = CaseTask.objects.select_related("case", "task", "claimed_by").get(pk=case_task.pk)
    return Response(TaskSerializer(case_task, context={"request": request}).data)


class TaskDetailView(GenericAPIView):
    serializer_class = TaskSerializer

    @extend_schema(operation_id="tasks_retrieve", responses={200: TaskSerializer})
    def get(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        return Response(TaskSerializer(case_task, context={"request": request}).data)


class TaskClaimView(GenericAPIView):
    serializer_class = TaskSerializer

    @extend_schema(request=None, responses={200: TaskSerializer, **ACTION_ERRORS})
    def post(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        services.task_claim(case_task=case_task, by=request.user)
        return task_response(request, case_task)


class TaskReleaseView(GenericAPIView):
    serializer_class = TaskSerializer

    @extend_schema(request=None, responses={200: TaskSerializer, **ACTION_ERRORS})
    def post(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        services.task_release(case_task=case_task, by=request.user)
        return task_response(request, case_task)


class TaskCompleteView(GenericAPIView):
    serializer_class = CompleteSerializer

    @extend_schema(
        request=CompleteSerializer,
        responses={200: CaseSerializer, **ACTION_ERRORS},
        description=(
            "The action and the step's fields (domain.md, per process); answers the updated "
            "case. Completing a task one has not claimed claims it first when allowed."
        ),
    )
    def post(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        data = request.data.copy() if hasattr(request.data, "copy") else dict(request.data)
        action = data.pop("action", "") or ""
        if isinstance(action, list):  # a form-encoded body: QueryDict.pop gives the list
            action = action[0] if action else ""
        action = str(action)
        case = services.task_complete(
            case_task=case_task, by=request.user, action=action, data=data
        )
        return case_response(request, case.pk)


class TaskReassignView(GenericAPIView):
    serializer_class = ReassignSerializer

    @extend_schema(request=ReassignSerializer, responses={200: TaskSerializer, **ACTION_ERRORS})
    def post(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        form = ReassignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.task_reassign(
            case_task=case_task, by=request.user, assignee=form.validated_data["assignee"]
        )
        return task_response(request, case_task)


class TaskExtendView(GenericAPIView):
    serializer_class = ExtendSerializer

    @extend_schema(request=ExtendSerializer, responses={200: TaskSerializer, **ACTION_ERRORS})
    def post(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        form = ExtendSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.task_extend(
            case_task=case_task,
            by=request.user,
            days=form.validated_data["days"],
            reason=form.validated_data["reason"],
        )
        return task_response(request, case_task)


class ProcessCaseListView(GenericAPIView):
    """GET lists the caller's visible cases of one kind; POST files one (the kind's filing form)."""

    filter_backends: list = []  # the query parameters are read by hand

    spec: registry.ProcessSpec

    def get_serializer_class(self):
        return process_case_serializer(self.spec.kind)

    def _cases(self, request):
        model = self.spec.case_model
        visible = cases_visible_to(request.user).filter(kind=self.spec.kind).values("pk")
        return model.objects.filter(pk__in=visible)

    def get(self, request):
        states = [str(value) for value, _label in self.spec.states]
        cases = filter_cases(self._cases(request), request.query_params, states=states)
        page = self.paginate_queryset(cases_for_api(cases).order_by("-filed_at", "-id"))
        serializer = self.get_serializer_class()
        return self.get_paginated_response(
            serializer(page, many=True, context={"request": request}).data
        )

    def post(self, request):
        uploads = request.FILES.getlist("attachments") if request.FILES else []
        data = request.data.dict() if hasattr(request.data, "dict") else request.data
        case = services.case_file(
            kind=self.spec.kind, by=request.user, data=data, uploads=uploads, files=request.FILES
        )
        case = cases_for_api(self.spec.case_model.objects.filter(pk=case.pk)).get()
        serializer = self.get_serializer_class()
        return Response(
            serializer(case, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class ProcessCaseDetailView(GenericAPIView):
    spec: registry.ProcessSpec

    def get_serializer_class(self):
        return process_case_serializer(self.spec.kind)

    def get(self, request, pk):
        kind_case = visible_case_for_api(user=request.user, pk=pk, model=self.spec.case_model)
        serializer = self.get_serializer_class()
        return Response(serializer(kind_case, context={"request": request}).data)


def _process_views(
    spec: registry.ProcessSpec,
) -> tuple[type[ProcessCaseListView], type[ProcessCaseDetailView]]:
    """The list/file and detail views of one kind, with the kind's shapes in the schema."""
    name = spec.kind.title().replace("_", "")
    operation = spec.api_path.replace("-", "_")
    case_serializer = process_case_serializer(spec.kind)
    filing = filing_serializer(spec.kind)
    # a filing form with a file of its own (the signed letter) comes as multipart only
    media = ["multipart/form-data"] if has_file_fields(filing) else ["application/json"]
    media += [] if "multipart/form-data" in media else ["multipart/form-data"]
    states = [str(value) for value, _label in spec.states]
    list_view = extend_schema_view(
        get=extend_schema(
            operation_id=f"{operation}_list",
            parameters=[_state_parameter(states), *CASE_PARAMETERS],
            responses={200: case_serializer(many=True), **CASE_ERRORS},
        ),
        post=extend_schema(
            operation_id=f"{operation}_create",
            request=dict.fromkeys(media, filing),
            responses={201: case_serializer, **error_responses(400, 403, 404, 409, 413, 415)},
        ),
    )(type(f"{name}ListView", (ProcessCaseListView,), {"spec": spec, "__module__": __name__}))
    detail_view = extend_schema_view(
        get=extend_schema(operation_id=f"{operation}_retrieve", responses={200: case_serializer})
    )(type(f"{name}DetailView", (ProcessCaseDetailView,), {"spec": spec, "__module__": __name__}))
    return cast(type[ProcessCaseListView], list_view), cast(
        type[ProcessCaseDetailView], detail_view
    )


def process_urlpatterns() -> list:
    """/api/v1/<collection>/ and /<collection>/<id>/ for every registered process."""
    patterns = []
    for spec in registry.processes():
        list_view, detail_view = _process_views(spec)
        patterns += [
            path(f"{spec.api_path}/", list_view.as_view(), name=f"api-{spec.api_path}"),
            path(
                f"{spec.api_path}/<int:pk>/",
                detail_view.as_view(),
                name=f"api-{spec.api_path}-detail",
            ),
        ]
    return patterns


urlpatterns = [
    *process_urlpatterns(),
    path("cases/", CaseListView.as_view(), name="api-cases"),
    path("cases/<int:pk>/", CaseDetailView.as_view(), name="api-case"),
    path("cases/<int:pk>/withdraw/", CaseWithdrawView.as_view(), name="api-case-withdraw"),
    path("cases/<int:pk>/resume/", CaseResumeView.as_view(), name="api-case-resume"),
    path("cases/<int:pk>/attachments/", CaseAttachmentsView.as_view(), name="api-case-attachments"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        CaseAttachmentFileView.as_view(),
        name="api-case-attachment",
    ),
    path("cases/<int:pk>/decision.pdf", CaseDecisionPdfView.as_view(), name="api-case-decision"),
    path("cases/<int:pk>/documents/", CaseDocumentsView.as_view(), name="api-case-documents"),
    path(
        "cases/<int:pk>/documents/<int:document_pk>.pdf",
        CaseDocumentPdfView.as_view(),
        name="api-case-document",
    ),
    path("tasks/", TaskListView.as_view(), name="api-tasks"),
    path("tasks/<int:pk>/", TaskDetailView.as_view(), name="api-task"),
    path("tasks/<int:pk>/claim/", TaskClaimView.as_view(), name="api-task-claim"),
    path("tasks/<int:pk>/release/", TaskReleaseView.as_view(), name="api-task-release"),
    path("tasks/<int:pk>/complete/", TaskCompleteView.as_view(), name="api-task-complete"),
    path("tasks/<int:pk>/reassign/", TaskReassignView.as_view(), name="api-task-reassign"),
    path("tasks/<int:pk>/extend/", TaskExtendView.as_view(), name="api-task-extend"),
]
