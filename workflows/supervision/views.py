"""The supervisor's board as a web page: the same selectors and filters as the API."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from workflows.organization.models import Department

from . import board, publication
from .access import supervision_scope
from .forms import BoardFilterForm, PeriodForm
from .reports import HalfYear, figures_context
from .summary import summary_build

PAGE_SIZE = 50
LATE_SHOWN = 10


@login_required
@require_safe
def board_page(request: HttpRequest) -> HttpResponse:
    scope = supervision_scope(request.user)
    form = BoardFilterForm(request.GET)
    cleaned = form.cleaned_data if form.is_valid() else {}
    query = board.BoardQuery.from_form(scope, cleaned)
    now = timezone.now()
    # BoardEntries has what Paginator uses (count, slices), not the whole Sequence protocol
    entries: Any = board.board_entries(query, now)
    page: Any = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = board.rows_of(page.object_list, now)
    departments = Department.objects.order_by("code")
    if scope is not None:
        departments = departments.filter(pk=scope)
    late = publication.publication_records(scope=scope, late_only=True)
    export = request.GET.copy()
    export.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "orphaned": board.orphaned_rows(scope),
        # the latest few on the page; the API and its pages list them all
        "late_publication": publication.publication_rows_of(late[:LATE_SHOWN]),
        "late_publication_count": late.count(),
        "departments": departments,
        "query": query,
        "export_query": export.urlencode(),
        "now": now,
    }
    return render(request, "supervision/board.html", context)


@login_required
@require_safe
def summary_page(request: HttpRequest) -> HttpResponse:
    """The summary of a period (default: this half year so far) with its charts and tables."""
    scope = supervision_scope(request.user)
    today = timezone.localdate()
    data: Mapping[str, str]
    if "from" in request.GET or "to" in request.GET:
        data = request.GET
    else:
        this_half = HalfYear(today.year, 1 if today.month <= 6 else 2)
        data = {"from": this_half.start.isoformat(), "to": today.isoformat()}
    form = PeriodForm(data)
    context: dict = {"form": form, "period": data}
    if form.is_valid():
        figures = summary_build(
            start=form.cleaned_data["start"], end=form.cleaned_data["end"], scope=scope
        )
        context.update(figures_context(figures))
        context["api_query"] = urlencode({"from": figures["from"], "to": figures["to"]})
    return render(request, "supervision/summary.html", context)
