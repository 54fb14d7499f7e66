"""The half-yearly 通报 and the subject's credit report: numbered, rendered once, verifiable.

Both go through documents.services.document_issue (numbering, one rendering, SHA-256,
verification code) and the shared GB/T 9704 partials. Neither belongs to a case: case_id 0.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workflows.casework import registry
from workflows.documents.models import Document
from workflows.documents.services import document_issue, in_document_language
from workflows.organization.models import Department
from workflows.records.models import CreditRecord, RecordState, Severity, Source, Subject

from . import charts, exports
from .honours import honours_check
from .models import HalfYearReport
from .summary import summary_build

LEADING_GROUP_NAME = "泰州市社会信用体系建设领导小组"
REPORT_ISSUER = "督"
CREDIT_REPORT_ISSUER = "信报"
NO_CASE = 0
PERIOD_PATTERN = re.compile(r"^(\d{4})-h([12])$")
BAD_PERIOD = _("Name a half year like 2026-h2.")
PERIOD_NOT_OVER = _("This half year is not over yet; its report can be issued from %(date)s.")


@dataclass(frozen=True)
class HalfYear:
    year: int
    half: int

    @classmethod
    def parse(cls, text: str) -> "HalfYear":
        match = PERIOD_PATTERN.match(text.strip().lower())
        if not match:
            raise ValueError(str(BAD_PERIOD))
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def last_complete(cls, today: datetime.date) -> "HalfYear":
        return cls(today.year, 1) if today.month > 6 else cls(today.year - 1, 2)

    @property
    def key(self) -> str:
        return f"{self.year}-h{self.half}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> datetime.date:
        return (
            datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)
        )

    @property
    def label(self) -> str:
        return f"{self.year}年{'上' if self.half == 1 else '下'}半年"


def _issuer(code: str) -> str:
    return f"{settings.DOCUMENT_ISSUER_PREFIX}{code}"


def _kind_label(kind: str) -> str:
    return str(dict(registry.kind_choices()).get(kind, kind))


def _addressees() -> str:
    names = Department.objects.filter(is_credit_office=False).order_by("code")
    return "，".join(d.name for d in names) or "各有关单位"


def report_issue(period: HalfYear, *, now: datetime.datetime | None = None) -> HalfYearReport:
    """Issue the half year's report once; later calls hand back the one issued."""
    now = now or timezone.now()
    existing = HalfYearReport.objects.filter(period=period.key).select_related("document").first()
    if existing is not None:
        return existing
    if timezone.localdate(now) <= period.end:
        raise ValueError(
            str(PERIOD_NOT_OVER % {"date": (period.end + datetime.timedelta(days=1)).isoformat()})
        )
    figures = summary_build(start=period.start, end=period.end, now=now)
    with transaction.atomic(), translation.override("zh-hans"):
        title = f"关于{period.label}政务诚信办件情况的通报"
        document = document_issue(
            case_id=NO_CASE,
            doc_type="supervision_report",
            title=title,
            issuer_code=_issuer(REPORT_ISSUER),
            issuer_name=settings.ISSUING_ORGAN_NAME,
            template_name="documents/supervision/report.html",
            context={
                "case_number": period.key,
                "addressee": _addressees(),
                "copy_to": [LEADING_GROUP_NAME],
                "period": period,
                **figures_context(figures),
            },
            issued_at=now,
        )
        return HalfYearReport.objects.create(
            period=period.key, document=document, figures=figures, issued_at=now
        )


def _open_states(kind: str, open_by_state: dict) -> str:
    return "，".join(
        f"{registry.state_label(kind, state)} {n}" for state, n in open_by_state.items()
    )


def figures_context(figures: dict) -> dict:
    """What the summary page and the report show of a summary: its tables with labels and its
    charts, in the active language (one code path for both)."""
    sources, severities = dict(Source.choices), dict(Severity.choices)
    return {
        "figures": figures,
        "departments": [
            {**row, "on_time_rate": charts.on_time_rate(row)} for row in figures["departments"]
        ],
        "totals": {**figures["totals"], "on_time_rate": charts.on_time_rate(figures["totals"])},
        # by department and kind, leaving out all-zero rows
        "kind_rows": [
            {
                **row,
                "kind_label": _kind_label(row["kind"]),
                "open_states": _open_states(row["kind"], row["open_by_state"]),
            }
            for row in figures["rows"]
            if row["filed"] or row["decided"] or row["overdue"] or row["open_by_state"]
        ],
        "record_rows": [
            {
                **row,
                "source_label": str(sources.get(row["source"], row["source"])),
                "severity_label": str(severities.get(row["severity"], row["severity"] or "")),
            }
            for row in figures["records"]
        ],
        "rate_charts": charts.on_time_rate_charts(figures),
        "week_chart": charts.overdue_by_week_chart(figures),
    }


COUNT_COLUMNS: list[exports.Column] = [
    (pgettext_lazy("supervision", "Filed"), lambda r: r["filed"]),
    (pgettext_lazy("supervision", "Decided"), lambda r: r["decided"]),
    (_("On time"), lambda r: r["on_time"]),
    (_("Overdue"), lambda r: r["overdue"]),
    (_("Median working days to decide"), lambda r: r["median_days_to_decide"]),
    (_("Open by state"), lambda r: ", ".join(f"{k}: {v}" for k, v in r["open_by_state"].items())),
]
DEPARTMENT_COLUMNS: list[exports.Column] = [
    (_("On-time rate (%)"), lambda r: charts.on_time_rate(r)),
    (_("Repairs"), lambda r: r["repairs"]),
    (_("Rectifications overdue"), lambda r: r["rectifications_overdue"]),
    (_("Honours bans"), lambda r: r["honours_bans"]),
]


def summary_sheets(figures: dict) -> list:
    """The summary as XLSX sheets: by department, by department and kind, records, weeks."""
    totals = {"department_name": str(_("Total")), **figures["totals"]}
    return [
        (
            str(_("Departments")),
            [
                (_("Department"), lambda r: r["department_name"]),
                *COUNT_COLUMNS,
                *DEPARTMENT_COLUMNS,
            ],
            [*figures["departments"], totals],
        ),
        (
            str(_("Departments and kinds")),
            [
                (_("Department"), lambda r: r["department_name"]),
                (_("Kind"), lambda r: r["kind"]),
                *COUNT_COLUMNS,
            ],
            figures["rows"],
        ),
        (
            str(_("New records")),
            [
                (_("Source"), lambda r: r["source"]),
                (_("Severity"), lambda r: r["severity"]),
                (_("Count"), lambda r: r["count"]),
            ],
            [
                *figures["records"],
                {"source": str(_("Total")), "severity": "", "count": figures["records_total"]},
            ],
        ),
        (
            str(_("Overdue by week")),
            [
                (_("Week of (Monday)"), lambda r: r["week"]),
                (_("Went overdue"), lambda r: r["overdue"]),
            ],
            figures["weeks"],
        ),
    ]


def report_xlsx(report: HalfYearReport) -> bytes:
    return exports.xlsx_bytes(summary_sheets(report.figures))


def credit_report_issue(*, subject: Subject, records, by) -> Document:
    """The subject's credit report: the records given (those the caller may see), their states
    and histories, and the honours check; numbered and verifiable like a decision."""
    records = list(records.prefetch_related("events", "events__by").order_by("id"))
    now = timezone.now()
    with translation.override("zh-hans"):
        return _credit_report_issue(subject, records, by, now)


def _credit_report_issue(subject, records, by, now) -> Document:
    return document_issue(
        case_id=NO_CASE,
        doc_type="credit_report",
        title="信用报告",
        issuer_code=_issuer(CREDIT_REPORT_ISSUER),
        issuer_name=settings.ISSUING_ORGAN_NAME,
        template_name="documents/supervision/credit_report.html",
        context={
            "addressee": by.department.name if getattr(by, "department", None) else "",
            "subject": _subject_party(subject),
            "records": [_record_context(r) for r in records],
            "honours": honours_check(subject),
            "as_of": now,
        },
        subject_name=subject.name,
        issued_at=now,
    )


def _subject_party(subject: Subject) -> dict:
    from workflows.documents.parties import parties_context

    return parties_context(subject=subject, filing_department=None)["subject"]


_STATE_LABELS = dict(RecordState.choices)


@in_document_language
def _record_context(record: CreditRecord) -> dict:
    return {
        "id": record.pk,
        "category": record.get_category_display(),
        "severity": record.get_severity_display() if record.severity else "",
        "source": record.get_source_display(),
        "summary": record.summary,
        "document_number": record.document_number,
        "occurred_on": record.occurred_on,
        "publicity_start": record.publicity_start,
        "publicity_end": record.publicity_end,
        "state": record.get_state_display(),
        "provider": record.provider.name,
        "history": [
            {
                "at": timezone.localtime(e.at),
                "from": _STATE_LABELS.get(e.from_state, e.from_state),
                "to": _STATE_LABELS.get(e.to_state, e.to_state),
                "case": e.case_number,
            }
            for e in record.events.all()
        ],
    }
