"""The supervisor's board as a web page: the same selectors and filters as the API."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from workflows.organization.models import Department

from . import board, publication
from .access import supervision_scope
from .forms import BoardFilterForm

PAGE_SIZE = 50


@login_required
@require_safe
def board_page(request: HttpRequest) -> HttpResponse:
    scope = supervision_scope(request.user)
    form = BoardFilterForm(request.GET)
    cleaned = form.cleaned_data if form.is_valid() else {}
    query = board.BoardQuery.from_form(scope, cleaned)
    now = timezone.now()
    page = Paginator(board.board_entries(query, now), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = board.rows_of(page.object_list, now)
    departments = Department.objects.order_by("code")
    if scope is not None:
        departments = departments.filter(pk=scope)
    export = request.GET.copy()
    export.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "orphaned": board.orphaned_rows(scope),
        "late_publication": publication.publication_rows(scope=scope, late_only=True),
        "departments": departments,
        "query": query,
        "export_query": export.urlencode(),
        "now": now,
    }
    return render(request, "supervision/board.html", context)
