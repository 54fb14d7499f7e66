"""HTTP API of supervision and publication (api.md "Supervision", "Publication", "Subjects")."""

import datetime

from django.urls import path, re_path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.pagination import PageNumberPagination
from workflows.documents.views import document_response
from workflows.records.selectors import records_visible_to, subject_get_for_user

from . import board, exports, publication
from . import serializers as shapes
from .access import require_city_supervisor, supervision_scope
from .forms import BoardFilterForm, PeriodForm
from .honours import honours_check
from .reports import HalfYear, credit_report_issue, report_issue, report_xlsx

BAD_SINCE = _("Use an ISO 8601 time with its offset, e.g. 2026-07-01T00:00:00+08:00.")
BAD_FORMAT = _("Use json or csv.")


def jsonable(value):
    """Times with the +08:00 offset, dates as YYYY-MM-DD, recursively."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


class FormatParamNegotiation(DefaultContentNegotiation):
    """`?format=csv|xlsx` is ours (api.md), not DRF's renderer switch: answers are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type


class SupervisionAPIView(APIView):
    content_negotiation_class = FormatParamNegotiation


def paginated(request, view, rows: list) -> Response:
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    return paginator.get_paginated_response(jsonable(page))


BOARD_COLUMNS: list[exports.Column] = [
    (_("Case number"), lambda r: r["number"]),
    (_("Kind"), lambda r: r["kind_label"]),
    (_("Step"), lambda r: r["step"]),
    (_("Department"), lambda r: r["department_name"]),
    (_("Holder"), lambda r: r["holder"]),
    (_("Group"), lambda r: r["group"]),
    (_("Members"), lambda r: r["members"]),
    (_("Due"), lambda r: r["due_at"]),
    (_("Working days overdue"), lambda r: r["days_overdue"]),
    (_("Escalation level"), lambda r: r["escalation_level"]),
    (_("Alerts"), lambda r: [f"{a['level']}@{jsonable(a['at'])}" for a in r["alerts"]]),
]


def board_filters(request) -> tuple[board.BoardQuery, str]:
    scope = supervision_scope(request.user)
    form = BoardFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    return board.BoardQuery.from_form(scope, form.cleaned_data), form.cleaned_data["format"]


def board_export(rows: list[dict], fmt: str, name: str):
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        return exports.csv_response(BOARD_COLUMNS, rows, f"{name}-{stamp}.csv")
    return exports.xlsx_response([(name, BOARD_COLUMNS, rows)], f"{name}-{stamp}.xlsx")


class OverdueBoardView(SupervisionAPIView):
    """Open tasks and case clocks past due (or due within ?due_within= working days)."""

    @extend_schema(
        operation_id="supervision_overdue",
        parameters=shapes.BOARD_PARAMETERS,
        responses=shapes.BOARD_RESPONSES,
    )
    def get(self, request):
        query, fmt = board_filters(request)
        now = timezone.now()
        if fmt in ("csv", "xlsx"):
            return board_export(board.board_rows(query, now), fmt, "overdue")
        # sorted and cut to the page in the database; only the page's rows are built
        paginator = PageNumberPagination()
        entries = paginator.paginate_queryset(board.board_entries(query, now), request, view=self)
        return paginator.get_paginated_response(jsonable(board.rows_of(entries, now)))


class OrphanedView(SupervisionAPIView):
    """Open tasks no active user can take."""

    @extend_schema(
        operation_id="supervision_orphaned",
        parameters=shapes.PAGE_PARAMETERS,
        responses=shapes.paginated("PaginatedOrphanedRows", shapes.OrphanedRowSerializer),
    )
    def get(self, request):
        rows = board.orphaned_rows(supervision_scope(request.user))
        return paginated(request, self, rows)


class PublicationTrackingView(SupervisionAPIView):
    """双公示: decisions due in the feed; ?late=true for the late ones only."""

    @extend_schema(
        operation_id="supervision_publication",
        parameters=[
            OpenApiParameter("late", OpenApiTypes.BOOL),
            *shapes.PAGE_PARAMETERS,
        ],
        responses=shapes.paginated("PaginatedPublicationRows", shapes.PublicationRowSerializer),
    )
    def get(self, request):
        scope = supervision_scope(request.user)
        late = request.query_params.get("late", "") in ("true", "1")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            publication.publication_records(scope=scope, late_only=late), request, view=self
        )
        return paginator.get_paginated_response(jsonable(publication.publication_rows_of(page)))


class SummaryView(SupervisionAPIView):
    @extend_schema(
        operation_id="supervision_summary",
        parameters=shapes.SUMMARY_PARAMETERS,
        responses=shapes.SummarySerializer,
    )
    def get(self, request):
        from .summary import summary_build

        scope = supervision_scope(request.user)
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.api_errors())
        figures = summary_build(
            start=form.cleaned_data["start"], end=form.cleaned_data["end"], scope=scope
        )
        return Response(jsonable(figures))


class ReportView(SupervisionAPIView):
    """The half-yearly 通报, issued on first request (or by `manage.py supervision_report`)."""

    @extend_schema(
        operation_id="supervision_report",
        parameters=shapes.REPORT_PARAMETERS,
        responses=shapes.REPORT_RESPONSES,
    )
    def get(self, request, year, half, fmt):
        require_city_supervisor(request.user)
        try:
            report = report_issue(HalfYear(int(year), int(half)))
        except ValueError as exc:
            raise ValidationError({"period": [str(exc)]}) from exc
        if fmt == "pdf":
            return document_response(report.document)
        return exports.file_response(
            report_xlsx(report), f"report-{report.period}.xlsx", exports.XLSX_TYPE
        )


def _field(name: str):
    return lambda row: jsonable(row.get(name))


class PublicRecordsView(SupervisionAPIView):
    """The 信用泰州 feed: no login; ?since= for incremental pulls; ?format=csv."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="public_records",
        auth=[],
        parameters=shapes.FEED_PARAMETERS,
        responses=shapes.FEED_RESPONSES,
    )
    def get(self, request):
        raw = request.query_params.get("since")
        since = None
        if raw is not None:
            since = parse_datetime(raw.replace(" ", "+"))
            if since is None or since.tzinfo is None:
                raise ValidationError({"since": [str(BAD_SINCE)]})
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "csv"):
            raise ValidationError({"format": [str(BAD_FORMAT)]})
        if fmt == "csv":
            rows = publication.feed_changes(since)
            columns: list[exports.Column] = [
                (name, _field(name)) for name in publication.FEED_FIELDS
            ]
            columns += [
                ("deleted", lambda r: "true" if r.get("deleted") else ""),
                ("at", lambda r: jsonable(r.get("at"))),
            ]
            return exports.csv_response(columns, rows, "credit-records.csv")
        # the page is cut from the list of what changed; only its rows are read and built
        paginator = PageNumberPagination()
        refs = paginator.paginate_queryset(publication.feed_change_refs(since), request, view=self)
        return paginator.get_paginated_response(jsonable(publication.feed_rows_of(refs)))


class SubjectReportView(SupervisionAPIView):
    """The subject's credit report: a numbered, verifiable PDF of the records the caller sees."""

    @extend_schema(operation_id="subject_report", responses=shapes.PDF)
    def get(self, request, pk):
        subject = subject_get_for_user(user=request.user, pk=pk)
        records = records_visible_to(request.user).filter(subject=subject)
        document = credit_report_issue(subject=subject, records=records, by=request.user)
        return document_response(document)


class HonoursCheckView(SupervisionAPIView):
    @extend_schema(operation_id="subject_honours_check", responses=shapes.HonoursCheckSerializer)
    def get(self, request, pk):
        subject = subject_get_for_user(user=request.user, pk=pk)
        return Response(honours_check(subject))


urlpatterns = [
    path("supervision/overdue/", OverdueBoardView.as_view(), name="api-supervision-overdue"),
    path("supervision/orphaned/", OrphanedView.as_view(), name="api-supervision-orphaned"),
    path(
        "supervision/publication/",
        PublicationTrackingView.as_view(),
        name="api-supervision-publication",
    ),
    path("supervision/summary/", SummaryView.as_view(), name="api-supervision-summary"),
    re_path(
        r"^supervision/reports/(?P<year>\d{4})-h(?P<half>[12])\.(?P<fmt>pdf|xlsx)$",
        ReportView.as_view(),
        name="api-supervision-report",
    ),
    path("public/records/", PublicRecordsView.as_view(), name="api-public-records"),
    path("subjects/<int:pk>/report.pdf", SubjectReportView.as_view(), name="api-subject-report"),
    path(
        "subjects/<int:pk>/honours-check/", HonoursCheckView.as_view(), name="api-subject-honours"
    ),
]
