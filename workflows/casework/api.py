"""HTTP API shared by every case kind: /cases/, /tasks/ and what hangs off them."""

from collections.abc import Callable
from datetime import datetime
from typing import cast

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.exceptions import MAX_BIGINT
from workflows.api.pagination import is_whole_number
from workflows.documents.models import Document
from workflows.documents.selectors import documents_for_case
from workflows.documents.views import document_response
from workflows.organization.roles import has_role

from . import registry, services
from .deadlines import working_days_overdue
from .models import Attachment, Case, CaseEvent, CaseTask
from .selectors import (
    case_get_for_user,
    case_task_get_for_user,
    cases_visible_to,
    inbox_for,
    overdue_q,
    user_may_take,
    user_sees_as_provider_only,
)

BAD_BOOLEAN = _("Use true or false.")
BAD_ID = _("Use a whole number.")
BAD_KIND = _("Unknown kind; use one of: %(kinds)s.")
EMPTY_FILTER = _("Give a value, or leave the parameter out.")
NO_DECISION = _("This case has no decision yet.")
FILE_REQUIRED = _("Attach a file in the field “file”.")


# DRF returns None for a missing value; the stubs accept only a datetime
_iso = cast(Callable[[datetime | None], str | None], serializers.DateTimeField().to_representation)


def _is_overdue(case_task: CaseTask, now) -> bool:
    return bool(case_task.is_open and case_task.due_at and case_task.due_at < now)


def _allowed_actions(case_task: CaseTask, user) -> list[str]:
    node = case_task.task.flow_task
    actions = getattr(node, "actions", {})
    if user_may_take(user, case_task):
        return list(actions)
    return [name for name, a in actions.items() if a.extra_roles and has_role(user, *a.extra_roles)]


class TaskBriefSerializer(serializers.Serializer):
    def to_representation(self, case_task: CaseTask) -> dict:
        now = self.context.get("now") or timezone.now()
        owner = case_task.claimed_by
        return {
            "id": case_task.pk,
            "step": case_task.step,
            "assignee": owner.username if owner else None,
            "group": case_task.role,
            "department": case_task.department_id,
            "due_at": _iso(case_task.due_at),
            "overdue": _is_overdue(case_task, now),
            "days_overdue": working_days_overdue(case_task, now),
            "provisional_deadline": case_task.is_provisional,
            "escalation_level": case_task.escalation_level,
        }


class TaskSerializer(serializers.Serializer):
    def to_representation(self, case_task: CaseTask) -> dict:
        request = self.context["request"]
        data = TaskBriefSerializer(context=self.context).to_representation(case_task)
        data.update(
            {
                "case": case_task.case_id,
                "case_number": case_task.case.number,
                "kind": case_task.case.kind,
                "created_at": _iso(case_task.created_at),
                "actions": _allowed_actions(case_task, request.user),
            }
        )
        return data


def _decision(case: Case) -> dict | None:
    document = case.decision
    if document is None:
        return None
    return {
        "id": document.pk,
        "number": document.number,
        "title": document.title,
        "outcome": document.outcome,
        "issued_at": _iso(document.issued_at),
        "pdf": f"/api/v1/cases/{case.pk}/decision.pdf",
        "sha256": document.sha256,
        "verify_code": document.verify_code,
    }


class CaseSerializer(serializers.Serializer):
    """The shape every kind shares (api.md "Cases"); kinds add their own fields."""

    def to_representation(self, case: Case) -> dict:
        now = timezone.now()
        context = {**self.context, "now": now}
        open_tasks = [t for t in case.case_tasks.all() if t.is_open]
        due_times = [t.due_at for t in open_tasks if t.due_at]
        return {
            "id": case.pk,
            "kind": case.kind,
            "number": case.number,
            "state": case.state,
            "state_label": _state_label(case),
            "subject": case.subject_id,
            "subject_name": case.subject.name,
            "record": case.record_id,
            "filing_department": case.filing_department_id,
            "filed_by": case.filed_by.username,
            "filed_at": _iso(case.filed_at),
            "closed_at": _iso(case.closed_at) if case.closed_at else None,
            "due_at": _iso(min(due_times)) if due_times else None,
            "overdue": any(_is_overdue(t, now) for t in open_tasks),
            "provisional_deadline": any(t.is_provisional for t in open_tasks),
            "suspended": case.is_suspended,
            "open_tasks": [
                TaskBriefSerializer(context=context).to_representation(t) for t in open_tasks
            ],
            "history": [
                {
                    "at": _iso(e.at),
                    "step": e.step,
                    "by": e.by.username if e.by else None,
                    "action": e.action,
                    "comment": e.comment,
                }
                for e in case.events.all()
            ],
            "decision": _decision(case),
            "attachments": [
                {
                    "id": a.pk,
                    "name": a.original_name,
                    "content_type": a.content_type,
                    "size": a.size,
                    "sha256": a.sha256,
                    "uploaded_at": _iso(a.uploaded_at),
                }
                for a in case.attachments.all()
            ],
        }


def _state_label(case: Case) -> str:
    return registry.state_label(case.kind, case.state)


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
    if raw is None or raw == "":
        return None
    if raw.lower() in ("true", "1", "yes"):
        return True
    if raw.lower() in ("false", "0", "no"):
        return False
    raise ValidationError({name: [BAD_BOOLEAN]})


def _id_param(params, name: str) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if not is_whole_number(raw) or int(raw) > MAX_BIGINT:
        raise ValidationError({name: [BAD_ID]})
    return int(raw)


def _kind_param(params) -> str | None:
    kind = params.get("kind")
    if kind == "":
        raise ValidationError({"kind": [EMPTY_FILTER]})
    if kind and not registry.is_kind(kind):
        kinds = ", ".join(spec.kind for spec in registry.processes())
        raise ValidationError({"kind": [BAD_KIND % {"kinds": kinds}]})
    return kind or None


def filter_cases(queryset, params):
    """?state= ?subject= ?overdue= ?department= ?kind=; bad values answer 400."""
    state = params.get("state")
    if state == "":
        raise ValidationError({"state": [EMPTY_FILTER]})
    if state:
        queryset = queryset.filter(state=state)
    subject = _id_param(params, "subject")
    if subject is not None:
        queryset = queryset.filter(subject_id=subject)
    department = _id_param(params, "department")
    if department is not None:
        queryset = queryset.filter(filing_department_id=department)
    kind = _kind_param(params)
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


class CaseListView(GenericAPIView):
    serializer_class = CaseSerializer

    def get(self, request):
        cases = filter_cases(cases_visible_to(request.user), request.query_params)
        page = self.paginate_queryset(cases_for_api(cases).order_by("-filed_at", "-id"))
        return self.get_paginated_response(CaseSerializer(page, many=True).data)


class CaseDetailView(APIView):
    serializer_class = CaseSerializer

    def get(self, request, pk):
        case = visible_case_for_api(user=request.user, pk=pk)
        return Response(CaseSerializer(case, context={"request": request}).data)


def case_response(request, case_id: int, status_code=status.HTTP_200_OK) -> Response:
    case = cases_for_api(Case.objects.filter(pk=case_id)).get()
    return Response(CaseSerializer(case, context={"request": request}).data, status=status_code)


@extend_schema(request=inline_serializer("Withdraw", {"reason": serializers.CharField()}))
class CaseWithdrawView(APIView):
    def post(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        services.case_withdraw(
            case=case, by=request.user, reason=str(request.data.get("reason", ""))
        )
        return case_response(request, case.pk)


@extend_schema(request=inline_serializer("Resume", {"comment": serializers.CharField()}))
class CaseResumeView(APIView):
    """The filer has supplied the missing material: the clock runs again."""

    def post(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        services.case_resume_by_filer(
            case=case, by=request.user, comment=str(request.data.get("comment", ""))
        )
        return case_response(request, case.pk)


@extend_schema(
    request={"multipart/form-data": inline_serializer("Upload", {"file": serializers.FileField()})}
)
class CaseAttachmentsView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    def get(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        return Response(case_response(request, case.pk).data["attachments"])

    def post(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": [FILE_REQUIRED]})
        services.attachment_add(case=case, by=request.user, upload=upload)
        return case_response(request, case.pk, status.HTTP_201_CREATED)


class CaseAttachmentFileView(APIView):
    """Attachments live outside the web root; only those who may see the case get them."""

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
    def get(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        if case.decision_id is None:
            raise Http404(NO_DECISION)
        return document_response(cast(Document, case.decision))  # decision_id checked above


class CaseDocumentsView(APIView):
    def get(self, request, pk):
        case = case_get_for_user(user=request.user, pk=pk)
        return Response(
            [
                {
                    "id": d.pk,
                    "type": d.doc_type,
                    "title": d.title,
                    "number": d.number,
                    "outcome": d.outcome,
                    "issued_at": _iso(d.issued_at),
                    "sha256": d.sha256,
                    "verify_code": d.verify_code,
                    "pdf": f"/api/v1/cases/{case.pk}/documents/{d.pk}.pdf",
                }
                for d in documents_for_case(case.pk)
            ]
        )


class CaseDocumentPdfView(APIView):
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

    def get(self, request):
        tasks = inbox_for(request.user)
        overdue = _bool_param(request.query_params, "overdue")
        if overdue is not None:
            tasks = tasks.filter(overdue_q()) if overdue else tasks.exclude(overdue_q())
        kind = _kind_param(request.query_params)
        if kind:
            tasks = tasks.filter(case__kind=kind)
        page = self.paginate_queryset(tasks.only(*INBOX_COLUMNS))
        context = {"request": request, "now": timezone.now()}
        return self.get_paginated_response(TaskSerializer(page, many=True, context=context).data)


class TaskDetailView(APIView):
    def get(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        return Response(TaskSerializer(case_task, context={"request": request}).data)


class TaskClaimView(APIView):
    def post(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        services.task_claim(case_task=case_task, by=request.user)
        return Response(TaskSerializer(_reread(case_task), context={"request": request}).data)


class TaskReleaseView(APIView):
    def post(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        services.task_release(case_task=case_task, by=request.user)
        return Response(TaskSerializer(_reread(case_task), context={"request": request}).data)


@extend_schema(
    request=inline_serializer("Complete", {"action": serializers.CharField()}),
    description="Step fields per domain.md; answers the updated case.",
)
class TaskCompleteView(APIView):
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


@extend_schema(request=inline_serializer("Reassign", {"assignee": serializers.CharField()}))
class TaskReassignView(APIView):
    def post(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        services.task_reassign(
            case_task=case_task, by=request.user, assignee=request.data.get("assignee")
        )
        return Response(TaskSerializer(_reread(case_task), context={"request": request}).data)


@extend_schema(
    request=inline_serializer(
        "Extend", {"days": serializers.IntegerField(), "reason": serializers.CharField()}
    )
)
class TaskExtendView(APIView):
    def post(self, request, pk):
        case_task = case_task_get_for_user(user=request.user, pk=pk)
        days = request.data.get("days")
        if not is_whole_number(str(days)):
            raise ValidationError({"days": [BAD_ID]})
        services.task_extend(
            case_task=case_task,
            by=request.user,
            days=int(days),
            reason=str(request.data.get("reason", "")),
        )
        return Response(TaskSerializer(_reread(case_task), context={"request": request}).data)


def _reread(case_task: CaseTask) -> CaseTask:
    return CaseTask.objects.select_related("case", "task", "claimed_by").get(pk=case_task.pk)


class ProcessCaseSerializer(CaseSerializer):
    """The shared case shape plus the kind's own fields (the registry names them)."""

    def to_representation(self, case: Case) -> dict:
        data = super().to_representation(case)
        spec = registry.process_for(case.kind)
        request = self.context.get("request")
        # the record provider's staff see what their step needs, not the filer's private fields
        limited = request is not None and user_sees_as_provider_only(request.user, case)
        for field in spec.api_fields:
            hidden = limited and field in spec.private_fields
            data[field] = None if hidden else getattr(case, field)
        return data


class ProcessCaseListView(GenericAPIView):
    """GET lists the caller's visible cases of one kind; POST files one (the kind's filing form)."""

    serializer_class = ProcessCaseSerializer
    spec: registry.ProcessSpec

    def _cases(self, request):
        model = self.spec.case_model
        visible = cases_visible_to(request.user).filter(kind=self.spec.kind).values("pk")
        return model.objects.filter(pk__in=visible)

    def get(self, request):
        cases = filter_cases(self._cases(request), request.query_params)
        page = self.paginate_queryset(cases_for_api(cases).order_by("-filed_at", "-id"))
        return self.get_paginated_response(
            ProcessCaseSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(responses={201: ProcessCaseSerializer})
    def post(self, request):
        uploads = request.FILES.getlist("attachments") if request.FILES else []
        data = request.data.dict() if hasattr(request.data, "dict") else request.data
        case = services.case_file(
            kind=self.spec.kind, by=request.user, data=data, uploads=uploads, files=request.FILES
        )
        case = cases_for_api(self.spec.case_model.objects.filter(pk=case.pk)).get()
        return Response(
            ProcessCaseSerializer(case, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ProcessCaseDetailView(GenericAPIView):
    serializer_class = ProcessCaseSerializer
    spec: registry.ProcessSpec

    def get(self, request, pk):
        kind_case = visible_case_for_api(user=request.user, pk=pk, model=self.spec.case_model)
        return Response(ProcessCaseSerializer(kind_case, context={"request": request}).data)


def process_urlpatterns() -> list:
    """/api/v1/<collection>/ and /<collection>/<id>/ for every registered process."""
    patterns = []
    for spec in registry.processes():
        attrs = {"spec": spec, "__module__": __name__}
        name = spec.kind.title().replace("_", "")
        list_view = cast(
            type[ProcessCaseListView], type(f"{name}ListView", (ProcessCaseListView,), attrs)
        )
        detail_view = cast(
            type[ProcessCaseDetailView], type(f"{name}DetailView", (ProcessCaseDetailView,), attrs)
        )
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
