"""The shapes of the supervision, publication and subject answers (api.md), for the OpenAPI
schema: the views build their rows in plain functions; these declare what comes out."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer
from rest_framework import serializers

from workflows.api.pagination import MAX_PAGE_SIZE

from .exports import XLSX_TYPE
from .forms import FORMATS, MAX_DUE_WITHIN, ORDERINGS


def paginated(name: str, row: serializers.Serializer | type[serializers.Serializer]):
    """api.md's list shape: {"count", "next", "previous", "results"}."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": row if isinstance(row, serializers.BaseSerializer) else row(many=True),
        },
    )


PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="1, 2, …"),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description=f"rows per page, at most {MAX_PAGE_SIZE}"
    ),
]


# ---------------------------------------------------------------- the board


class AlertSerializer(serializers.Serializer):
    level = serializers.IntegerField(help_text="0 reminder, 1 leader, 2 supervisor")
    at = serializers.DateTimeField()


class BoardRowSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["task", "clock"])
    id = serializers.IntegerField()
    case = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    step = serializers.CharField()
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    holder = serializers.CharField(allow_null=True, help_text="the claimant's username")
    group = serializers.CharField(allow_blank=True, help_text="the role that may take it")
    members = serializers.ListField(child=serializers.CharField(), help_text="who can act now")
    due_at = serializers.DateTimeField()
    days_overdue = serializers.IntegerField(help_text="working days")
    escalation_level = serializers.IntegerField()
    alerts = AlertSerializer(many=True)


class OrphanedRowSerializer(BoardRowSerializer):
    rerouted_from = serializers.IntegerField(allow_null=True)
    rerouted_from_name = serializers.CharField(allow_blank=True)


BOARD_PARAMETERS = [
    OpenApiParameter("kind", OpenApiTypes.STR),
    OpenApiParameter("department", OpenApiTypes.INT),
    OpenApiParameter("step", OpenApiTypes.STR),
    OpenApiParameter("level", OpenApiTypes.INT, enum=[0, 1, 2]),
    OpenApiParameter(
        "due_within",
        OpenApiTypes.INT,
        description=f"working days, 1 to {MAX_DUE_WITHIN}: what runs out soon instead",
    ),
    OpenApiParameter("ordering", OpenApiTypes.STR, enum=list(ORDERINGS)),
    OpenApiParameter("format", OpenApiTypes.STR, enum=list(FORMATS)),
    *PAGE_PARAMETERS,
]
BOARD_RESPONSES = {
    (200, "application/json"): paginated("PaginatedBoardRows", BoardRowSerializer),
    (200, "text/csv"): OpenApiTypes.STR,
    (200, XLSX_TYPE): OpenApiTypes.BINARY,
}


# ---------------------------------------------------------------- 双公示 tracking


class PublicationRowSerializer(serializers.Serializer):
    record = serializers.IntegerField()
    subject_name = serializers.CharField()
    document_number = serializers.CharField(allow_blank=True)
    provider = serializers.IntegerField()
    provider_name = serializers.CharField()
    decided_on = serializers.DateField()
    publication_due = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField()
    late = serializers.BooleanField()
    working_days_late = serializers.IntegerField()


# ---------------------------------------------------------------- the summary


class CountsSerializer(serializers.Serializer):
    filed = serializers.IntegerField()
    decided = serializers.IntegerField()
    on_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    median_days_to_decide = serializers.FloatField(allow_null=True)
    open_by_state = serializers.DictField(child=serializers.IntegerField())


class DepartmentCountsMixin(serializers.Serializer):
    repairs = serializers.IntegerField()
    rectifications_overdue = serializers.IntegerField()
    honours_bans = serializers.IntegerField()


class SummaryRowSerializer(CountsSerializer):
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    kind = serializers.CharField()


class SummaryDepartmentSerializer(CountsSerializer, DepartmentCountsMixin):
    department = serializers.IntegerField()
    department_name = serializers.CharField()


class SummaryTotalsSerializer(CountsSerializer, DepartmentCountsMixin):
    pass


class RecordCountSerializer(serializers.Serializer):
    # a declared field, not Field.source: the serializer metaclass moves it off the class
    source = serializers.CharField()  # type: ignore[assignment]
    severity = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()


class WeekSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="the Monday starting the week")
    overdue = serializers.IntegerField(help_text="tasks and case clocks that went overdue in it")


# "from" is a Python keyword, so the class is built from a dict of its fields
SummarySerializer = type(
    "SummarySerializer",
    (DepartmentCountsMixin,),
    {
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "kinds": serializers.ListField(child=serializers.CharField()),
        "rows": SummaryRowSerializer(many=True),
        "departments": SummaryDepartmentSerializer(many=True),
        "totals": SummaryTotalsSerializer(),
        "records": RecordCountSerializer(many=True),
        "records_total": serializers.IntegerField(),
        "weeks": WeekSerializer(many=True),
    },
)

SUMMARY_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True),
]


# ---------------------------------------------------------------- files

PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}
REPORT_RESPONSES = {**PDF, (200, XLSX_TYPE): OpenApiTypes.BINARY}
REPORT_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH),
    OpenApiParameter("half", OpenApiTypes.INT, OpenApiParameter.PATH, enum=[1, 2]),
    OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["pdf", "xlsx"]),
]


# ---------------------------------------------------------------- the 信用泰州 feed


class FeedRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject_name = serializers.CharField()
    uscc = serializers.CharField(allow_blank=True)
    category = serializers.CharField()
    severity = serializers.CharField(allow_null=True)
    summary = serializers.CharField()
    document_number = serializers.CharField(allow_blank=True)
    occurred_on = serializers.DateField()
    publicity_start = serializers.DateField(allow_null=True)
    publicity_end = serializers.DateField(allow_null=True)
    provider_name = serializers.CharField()
    mark = serializers.CharField(allow_null=True, help_text="异议处理中 while disputed")
    published_at = serializers.DateTimeField()
    publication_due = serializers.DateField(allow_null=True)


class FeedDeletionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    deleted = serializers.BooleanField()
    at = serializers.DateTimeField()


FEED_CHANGE = PolymorphicProxySerializer(
    component_name="FeedChange",
    serializers=[FeedRecordSerializer, FeedDeletionSerializer],
    resource_type_field_name=None,
    many=True,
)
FEED_PARAMETERS = [
    OpenApiParameter(
        "since", OpenApiTypes.DATETIME, description="ISO 8601 with offset: the changes after it"
    ),
    OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
    *PAGE_PARAMETERS,
]
FEED_RESPONSES = {
    (200, "application/json"): paginated("PaginatedFeedChanges", FEED_CHANGE),
    (200, "text/csv"): OpenApiTypes.STR,
}


# ---------------------------------------------------------------- honours


class HonoursReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["honours_ban", "serious_dishonesty"])
    record = serializers.IntegerField(required=False, help_text="serious_dishonesty")
    until = serializers.DateField(required=False, help_text="honours_ban: its last day")
    message = serializers.CharField()


class HonoursCheckSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    reasons = HonoursReasonSerializer(many=True)
