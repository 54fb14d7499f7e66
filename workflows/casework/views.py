"""Web pages of casework: the inbox, task and case pages, downloads and notifications.

Thin views: permission through selectors (404) and services (403), the form, the service, a redirect.
"""

from typing import cast

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from viewflow.workflow import chart

from workflows.documents.selectors import documents_for_case
from workflows.documents.views import document_response
from workflows.organization.requests import AuthenticatedHttpRequest
from workflows.organization.roles import Role, has_role

from . import comments, drafts, notifications, registry, saved_filters, services
from .exceptions import Conflict, UnsupportedUploadType, UploadTooLarge
from .forms import (
    BulkReassignForm,
    CommentForm,
    ExtendForm,
    ReassignForm,
    ResumeForm,
    UploadForm,
    WithdrawForm,
    form_add_service_errors,
)
from .models import Case, CaseTask
from .nodes import CaseStep
from .selectors import (
    OPEN_TASK_STATUSES,
    archive_for,
    case_get_for_user,
    case_task_get_for_user,
    cases_visible_to,
    cases_with_overdue_flag,
    inbox_for,
    overdue_q,
    tasks_reassignable_by,
    tasks_visible_to,
    user_may_take,
    user_reassigns,
)

PAGE_SIZE = 25
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}

ACTION_DONE = _("“%(action)s” is recorded for case %(case)s.")
TASK_CLAIMED = _("You have claimed this task; it is now in “My tasks”.")
TASK_RELEASED = _("You have released this task back to the group queue.")
TASK_REASSIGNED = _("The task is now assigned to %(user)s.")
TASK_EXTENDED = _("The time limit is extended; the task is now due %(due)s.")
CASE_WITHDRAWN = _("The case is withdrawn.")
CASE_RESUMED = _("The material is recorded as supplied; the clock is running again.")
FILES_ATTACHED = _("Files attached: %(names)s.")
COMMENT_ADDED = _("Your comment is in the case's history.")
ALL_READ = _("All notifications are marked as read.")
FILTER_SAVED = _("The filter “%(name)s” is saved.")
FILTER_DELETED = _("The saved filter is deleted.")
DRAFT_NOT_FOR_YOU = _(
    "Only those who work this step, or answer for it, read its draft before it is signed."
)

INBOX_TABS = {
    "all": _("All open"),
    "mine": _("My tasks"),
    "queue": _("Group queue"),
    # supervisors, admins and leaders: the open tasks they answer for and may reassign
    "team": _("To reassign"),
    "archive": _("Archive"),
}

# labels of history rows that are not step actions of a flow
GENERIC_ACTIONS = {
    "comment": _("Commented"),
    "file": _("Filed"),
    "claim": _("Claimed"),
    "release": _("Released"),
    "reassign": _("Reassigned"),
    "extend": _("Time limit extended"),
    "withdraw": _("Withdrawn"),
    "suspend": _("Suspended"),
    "resume": _("Resumed"),
    "upload": _("Material attached"),
}
GENERIC_STEPS = {
    "comment": _("Comment"),
    "file": _("Filing"),
    "withdraw": _("Withdrawal"),
    "suspend": _("Suspension"),
    "resume": _("Suspension"),
    "attachments": _("Attachments"),
}


# ---------------------------------------------------------------- helpers


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _flow_class(case: Case):
    return registry.process_for(case.kind).flow_class if registry.is_kind(case.kind) else None


def _kind_case_and_fields(case: Case):
    """The case as its kind's model and that model's own non-empty fields as (label, value).

    The kind's model comes from the process's flow, so casework never imports a process app.
    """
    if not registry.is_kind(case.kind):
        return case, []
    model = registry.process_for(case.kind).case_model
    kind_case = model.objects.filter(pk=case.pk).first() or case
    fields = []
    for field in model._meta.concrete_fields:
        if field.model is not model or field.primary_key or field.name == "state":
            continue
        value = getattr(kind_case, field.name, None)
        if value in ("", None):
            continue
        if field.choices:
            value = getattr(kind_case, f"get_{field.name}_display")()
        elif isinstance(value, bool):  # never "True" / "False" on a page
            value = YES_NO["yes" if value else "no"]
        fields.append((field.verbose_name, value))
    return kind_case, fields


def _state_label(kind_case: Case) -> str:
    return registry.state_label(kind_case.kind, kind_case.state)


def _flow_order(flow_class) -> list:
    """The flow's nodes in the order the process reaches them from its start (breadth first,
    a deadline's branch included); side steps no edge leads to (a filer's supply task, a request
    decided beside the main path) come after."""
    nodes = list(flow_class.instance.nodes())
    following: dict = {node: [] for node in nodes}
    for node in nodes:
        # incoming edges name every link, a boundary event's (a step's deadline) too
        for edge in node._incoming():
            following.setdefault(edge.src, []).append(node)
    roots = [n for n in nodes if not list(n._incoming())]
    roots.sort(key=lambda n: isinstance(n, CaseStep))  # the start events first
    seen: list = []
    for root in roots:
        queue = [root]
        while queue:
            node = queue.pop(0)
            if node not in seen:
                seen.append(node)
                queue.extend(following.get(node, []))
    return seen + [n for n in nodes if n not in seen]


def _step_nodes(flow_class) -> dict[str, CaseStep]:
    if flow_class is None:
        return {}
    return {node.step: node for node in _flow_order(flow_class) if isinstance(node, CaseStep)}


def _history(case: Case, flow_class):
    """History rows with the step's title and the action's label from the flow."""
    nodes = _step_nodes(flow_class)
    rows = []
    for event in case.events.select_related("by").order_by("at", "id"):
        node = nodes.get(event.step)
        step_label = node.task_title if node else GENERIC_STEPS.get(event.step, event.step)
        step_action = node.actions.get(event.action) if node else None
        action_label = (
            step_action.label if step_action else GENERIC_ACTIONS.get(event.action, event.action)
        )
        rows.append({"event": event, "step": step_label, "action": action_label})
    return rows


def _chart_svg(case: Case, flow_class) -> str:
    """Viewflow's BPMN chart with the statuses of this process's tasks (as its chart view does)."""
    if flow_class is None:
        return ""
    grid = chart.calc_layout_data(flow_class)
    chart.calc_cell_status(flow_class, grid, case.process_id)
    # viewflow writes its gateways' branches as English "yes" / "no"
    for edge in grid.edges:
        edge.label = YES_NO.get(edge.label, edge.label)
    return mark_safe(chart.grid_to_svg(grid))  # noqa: S308 -- viewflow's own template output


YES_NO = {"yes": _("yes"), "no": _("no")}
STEP_STATUS = {"open": _("open"), "done": _("done"), "": _("not reached")}


def _step_list(case: Case, flow_class) -> list[dict]:
    """The diagram's text alternative: every human step of the flow and where this case is."""
    rows = case.case_tasks.values_list("step", "is_open")
    open_steps = {step for step, is_open in rows if is_open}
    done_steps = {step for step, is_open in rows if not is_open}
    steps = []
    for step, node in _step_nodes(flow_class).items():
        status = "open" if step in open_steps else "done" if step in done_steps else ""
        steps.append(
            {"title": node.task_title, "status": status, "status_label": STEP_STATUS[status]}
        )
    return steps


def _is_filer_of(user, case: Case) -> bool:
    return user.department_id == case.filing_department_id and has_role(user, Role.FILER)


def _moved_on(request: HttpRequest, exc: Conflict, case_id) -> HttpResponse:
    messages.warning(request, exc.message)
    return redirect("casework:case", pk=case_id)


def _error_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# ---------------------------------------------------------------- inbox


# sort keys of the inbox's columns: key -> the ordering (ascending); "-key" sorts descending
INBOX_SORTS = {
    "number": ("case__number",),
    "kind": ("case__kind", "case__number"),
    "step": ("step", "case__number"),
    "subject": ("case__subject__name", "case__number"),
    "group": ("department__name", "role", "case__number"),
    "due": ("due_at",),
}
BULK_OPS = {"claim": _("Claim"), "release": _("Release"), "reassign": _("Reassign")}
BULK_DONE = {"claim": _("claimed"), "release": _("released")}
BULK_REASSIGNED = _("reassigned to %(user)s")
BULK_NOT_ALLOWED = _("not allowed for you")
BULK_GONE = _("no longer visible to you")


def _inbox_tabs(user) -> dict:
    return {
        key: label for key, label in INBOX_TABS.items() if key != "team" or user_reassigns(user)
    }


def _bulk_ops(user, tab: str) -> dict:
    if tab == "archive":
        return {}
    if tab == "team":  # others' tasks: handing them on is what this list is for
        return {"reassign": BULK_OPS["reassign"]}
    return {op: label for op, label in BULK_OPS.items() if op != "reassign" or user_reassigns(user)}


def _inbox_tasks(user, tab: str):
    if tab == "archive":
        return archive_for(user)
    if tab == "team":
        return tasks_reassignable_by(user)
    tasks = inbox_for(user)
    if tab == "mine":
        return tasks.filter(claimed_by=user)
    if tab == "queue":
        return tasks.filter(claimed_by__isnull=True)
    return tasks


def _case_search_q(q: str, prefix: str = "") -> Q:
    """A case number (any part of it), a subject's name or the deciding document's number of the
    case's record (泰市监罚〔2026〕8号)."""
    return (
        Q(**{f"{prefix}number__icontains": q})
        | Q(**{f"{prefix}subject__name__icontains": q})
        | Q(**{f"{prefix}record__document_number__icontains": q})
    )


def _inbox_search(tasks, q: str):
    return tasks.filter(_case_search_q(q, "case__")) if q else tasks


def _inbox_order(tasks, sort: str):
    key = sort.removeprefix("-")
    if key not in INBOX_SORTS:
        return tasks, ""
    descending = sort.startswith("-")
    fields = [
        F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        for field in INBOX_SORTS[key]
    ]
    return tasks.order_by(*fields, "-pk" if descending else "pk"), sort


@login_required
@require_safe
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    tabs = _inbox_tabs(request.user)
    tab = request.GET.get("tab", "all")
    if tab not in tabs:
        tab = "all"
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()
    overdue = request.GET.get("overdue") == "1"

    def filtered(tab_key: str):
        tasks = _inbox_search(_inbox_tasks(request.user, tab_key), q)
        if kind:
            tasks = tasks.filter(case__kind=kind)
        if overdue and tab_key != "archive":
            tasks = tasks.filter(overdue_q())
        return tasks

    tasks = filtered(tab).select_related(
        "case__subject", "case__process", "department", "task", "task__owner"
    )
    tasks, sort = _inbox_order(tasks, request.GET.get("sort", "" if tab == "archive" else "due"))
    columns = [
        ("number", _("Case number")),
        ("kind", _("Kind")),
        ("step", _("Step")),
        ("subject", _("Subject")),
        ("group", _("Group / assignee")),
        ("due", _("Due")),
    ]
    context = {
        "page_obj": _page(request, tasks),
        "tabs": [
            {"key": key, "label": label, "count": filtered(key).count()}
            for key, label in tabs.items()
        ],
        "tab": tab,
        "kinds": registry.kind_choices(),
        "current_kind": kind,
        "q": q,
        "overdue": overdue,
        "sort": sort,
        "columns": [
            {
                "key": key,
                "label": label,
                "current": sort.removeprefix("-") == key,
                "descending": sort == f"-{key}",
                "next": f"-{key}" if sort == key else key,
            }
            for key, label in columns
        ],
        "bulk_ops": _bulk_ops(request.user, tab),
        "saved_filters": saved_filters.saved_filters_for(request.user),
        # the view as a saved filter stores it: which saved filter is the current one
        "current_query": saved_filters.inbox_query(
            {"tab": tab, "q": q, "kind": kind, "overdue": "1" if overdue else "", "sort": sort}
        ),
        "now": timezone.now(),
    }
    return render(request, "casework/inbox.html", context)


@login_required
@require_POST
def inbox_filter_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save the inbox's current view under a name; back to that view."""
    query = saved_filters.inbox_query(request.POST)
    try:
        saved = saved_filters.saved_filter_save(
            user=request.user, name=request.POST.get("name", ""), params=request.POST
        )
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, FILTER_SAVED % {"name": saved.name})
    return redirect(f"{reverse('casework:inbox')}?{query}" if query else "casework:inbox")


@login_required
@require_POST
def inbox_filter_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved_filters.saved_filter_delete(user=request.user, pk=pk)
    messages.success(request, FILTER_DELETED)
    return redirect("casework:inbox")


def _bulk_one(op: str, case_task: CaseTask, user, assignee=None) -> str:
    """One task of a bulk claim / release / reassign through the same services as the single
    buttons: each its own transaction, so a refusal leaves that task as it was."""
    try:
        if op == "claim":
            services.task_claim(case_task=case_task, by=user)
        elif op == "release":
            services.task_release(case_task=case_task, by=user)
        else:
            services.task_reassign(case_task=case_task, by=user, assignee=assignee.pk)
            return str(BULK_REASSIGNED % {"user": assignee.get_full_name() or assignee.username})
    except Conflict as exc:
        return str(exc.message)
    except PermissionDenied:
        return str(BULK_NOT_ALLOWED)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return str(BULK_DONE[op])


@login_required
@require_POST
def inbox_bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Claim, release or reassign the ticked tasks: a confirmation page first (for a reassignment
    it asks for the new holder), then one outcome per task."""
    op = request.POST.get("op", "")
    if op not in _bulk_ops(request.user, "all"):
        messages.error(request, _("Choose to claim, release or reassign."))
        return redirect("casework:inbox")
    ids = [int(pk) for pk in request.POST.getlist("task") if pk.isdigit()]
    if not ids:
        messages.error(request, _("Tick the tasks first."))
        return redirect("casework:inbox")
    visible = {
        t.pk: t
        for t in tasks_visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("case__subject", "task", "task__owner", "department")
    }
    confirmed = request.POST.get("confirmed") == "1"
    reassign_form = None
    if op == "reassign":
        reassign_form = BulkReassignForm(
            request.POST if confirmed else None, case_tasks=visible.values()
        )
        # no new holder chosen: ask again, nothing done
        confirmed = confirmed and reassign_form.is_valid()
    assignee = reassign_form.cleaned_data["assignee"] if reassign_form and confirmed else None
    rows = []
    for pk in ids:
        case_task = visible.get(pk)
        outcome = ""
        if confirmed:
            outcome = (
                _bulk_one(op, case_task, request.user, assignee) if case_task else str(BULK_GONE)
            )
        rows.append({"pk": pk, "case_task": case_task, "outcome": outcome})
    return render(
        request,
        "casework/inbox_bulk.html",
        {
            "op": op,
            "op_label": BULK_OPS[op],
            "rows": rows,
            "confirmed": confirmed,
            "reassign_form": reassign_form,
        },
        status=400 if reassign_form is not None and reassign_form.errors else 200,
    )


# ---------------------------------------------------------------- task page


def _task_page(
    request: HttpRequest,
    case_task: CaseTask,
    *,
    bound: tuple[str, object] | None = None,
    reassign_form: ReassignForm | None = None,
    extend_form: ExtendForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    node = case_task.task.flow_task
    is_open = case_task.is_open and case_task.task.status in OPEN_TASK_STATUSES
    step_actions = list(node.actions.values())
    may_work = is_open and drafts.user_may_work(user, case_task)
    case = case_task.case
    kind_case, kind_fields = _kind_case_and_fields(case)
    declared_draft = drafts.step_draft(case_task)
    if not (is_open and declared_draft and drafts.user_may_read_draft(user, case_task)):
        declared_draft = None
    # actions whose entries change the document offer a preview of it with what is typed
    previewed = set(declared_draft.actions) if declared_draft else set()
    action_forms = []
    for step_action in step_actions:
        if bound and bound[0] == step_action.name:
            form = bound[1]
        else:
            # a form may start from what the case already says (e.g. the verifier's proposal)
            initial_for = getattr(step_action.form_class, "initial_for", None)
            initial = initial_for(kind_case) if initial_for else None
            form = step_action.form_class(initial=initial, auto_id=f"id_{step_action.name}_%s")
        action_forms.append(
            {
                "name": step_action.name,
                "label": step_action.label,
                "form": form,
                "keeps_open": not step_action.completes_task,
                "previews": step_action.name in previewed,
            }
        )
    owner = case_task.task.owner
    context = {
        "case_task": case_task,
        "case": case,
        "kind_case": kind_case,
        "state_label": _state_label(kind_case),
        "kind_fields": kind_fields,
        "is_open": is_open,
        "may_work": may_work,
        "action_forms": action_forms,
        "selected_action": bound[0] if bound else (step_actions[0].name if step_actions else ""),
        "may_claim": is_open and owner is None and user_may_take(user, case_task),
        "may_release": is_open and owner is not None and owner.pk == user.pk,
        "reassign_form": reassign_form
        or (
            ReassignForm(case_task=case_task)
            if is_open and services.user_may_reassign(user, case_task)
            else None
        ),
        "extend_form": extend_form
        or (
            ExtendForm()
            if is_open and not case_task.extended_days and services.user_may_extend(user, case_task)
            else None
        ),
        "kind_panel": _kind_panel(case.kind),
        # the document the step will issue, to read before completing it
        "draft": declared_draft,
        "draft_url": reverse("casework:task_draft", args=[case_task.pk]),
        # the whole case on the task page: its history, attachments and documents
        "history": _history(case, _flow_class(case)),
        "comment_form": comment_form or CommentForm(),
        "may_comment": comments.user_may_comment(user, case),
        "attachments": case.attachments.select_related("uploaded_by"),
        "documents": documents_for_case(case.pk),
        "now": timezone.now(),
    }
    return render(request, "casework/task.html", context, status=status)


def _kind_panel(kind: str) -> str | None:
    """A process's own panel on the task page (`<kind>/_task_panel.html`), if it has one."""
    name = f"{kind}/_task_panel.html"
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def _bind_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has it."""
    if form.is_valid() is False:
        return  # the form's own errors are the service's errors
    form_add_service_errors(form, exc)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = case_task_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        return _task_page(request, case_task)
    name = request.POST.get("action", "")
    step_action = case_task.task.flow_task.actions.get(name)
    try:
        # the service checks the user's group first, then validates with the step's form
        case = services.task_complete(
            case_task=case_task, by=request.user, action=name, data=request.POST
        )
    except ValidationError as exc:
        if step_action is None:
            _error_messages(request, exc)
            return _task_page(request, case_task, status=400)
        form = step_action.form_class(data=request.POST, auto_id=f"id_{name}_%s")
        _bind_errors(form, exc)
        return _task_page(request, case_task, bound=(name, form), status=400)
    except Conflict as exc:
        return _moved_on(request, exc, case_task.case_id)
    messages.success(request, ACTION_DONE % {"action": step_action.label, "case": case.number})
    return redirect("casework:case", pk=case.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})  # type: ignore[arg-type]  # typed for (request) only
def task_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The document the task's step will issue, as a draft PDF shown inline on the task page;
    POSTed from an action's form ("Preview"), drafted with what is typed there. Renders only: no
    number is taken, nothing is stored."""
    case_task = case_task_get_for_user(user=request.user, pk=pk)
    if not drafts.user_may_read_draft(request.user, case_task):
        raise PermissionDenied(DRAFT_NOT_FOR_YOU)
    if request.method == "POST":
        return _draft_with_entries(request, case_task)
    pdf = drafts.task_draft_pdf(case_task)
    if pdf is None:  # the step issues nothing, or it is done and its document issued
        raise Http404
    return _draft_response(case_task, pdf)


def _draft_with_entries(request: HttpRequest, case_task: CaseTask) -> HttpResponse:
    name = request.POST.get("action", "")
    step_action = case_task.task.flow_task.actions.get(name)
    declared = drafts.step_draft(case_task)
    if step_action is None or declared is None or name not in declared.actions:
        raise Http404
    form = step_action.form_class(data=request.POST, auto_id=f"id_{name}_%s")
    context = {"case_task": case_task, "case": case_task.case, "action": step_action, "form": form}
    if not form.is_valid():
        return render(request, "casework/draft_entries.html", context, status=400)
    pdf = drafts.task_draft_pdf(case_task, action=name, data=form.cleaned_data)
    if pdf is None:  # done meanwhile (404 above) or, as chosen, the step issues nothing
        if not drafts.task_is_open(case_task):
            raise Http404
        return render(request, "casework/draft_entries.html", {**context, "issues_nothing": True})
    return _draft_response(case_task, pdf)


def _draft_response(case_task: CaseTask, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = cast(
        str, content_disposition_header(False, f"{case_task.case.number}-draft.pdf")
    )
    # the case may change before signing: always render it afresh
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def task_claim(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = case_task_get_for_user(user=request.user, pk=pk)
    try:
        services.task_claim(case_task=case_task, by=request.user)
    except Conflict as exc:
        return _moved_on(request, exc, case_task.case_id)
    messages.success(request, TASK_CLAIMED)
    return redirect("casework:task", pk=case_task.pk)


@login_required
@require_POST
def task_release(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = case_task_get_for_user(user=request.user, pk=pk)
    try:
        services.task_release(case_task=case_task, by=request.user)
    except Conflict as exc:
        return _moved_on(request, exc, case_task.case_id)
    messages.success(request, TASK_RELEASED)
    return redirect("casework:inbox")


@login_required
@require_POST
def task_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = case_task_get_for_user(user=request.user, pk=pk)
    form = ReassignForm(request.POST, case_task=case_task)
    if not form.is_valid():
        return _task_page(request, case_task, reassign_form=form, status=400)
    assignee = form.cleaned_data["assignee"]
    try:
        services.task_reassign(case_task=case_task, by=request.user, assignee=assignee.pk)
    except ValidationError as exc:
        _bind_errors(form, exc)
        return _task_page(request, case_task, reassign_form=form, status=400)
    except Conflict as exc:
        return _moved_on(request, exc, case_task.case_id)
    messages.success(request, TASK_REASSIGNED % {"user": assignee.get_full_name() or assignee})
    return redirect("casework:case", pk=case_task.case_id)


@login_required
@require_POST
def task_extend(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = case_task_get_for_user(user=request.user, pk=pk)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        return _task_page(request, case_task, extend_form=form, status=400)
    try:
        case_task = services.task_extend(
            case_task=case_task,
            by=request.user,
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        _bind_errors(form, exc)
        return _task_page(request, case_task, extend_form=form, status=400)
    except Conflict as exc:
        return _moved_on(request, exc, case_task.case_id)
    due = date_format(timezone.localtime(case_task.due_at), "DATETIME_FORMAT")
    messages.success(request, TASK_EXTENDED % {"due": due})
    return redirect("casework:case", pk=case_task.case_id)


# ---------------------------------------------------------------- cases


@login_required
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    cases = cases_with_overdue_flag(cases_visible_to(request.user)).select_related(
        "subject", "process", "filing_department"
    )
    q = request.GET.get("q", "").strip()
    if q:
        cases = cases.filter(_case_search_q(q))
    kind = request.GET.get("kind", "")
    if kind:
        cases = cases.filter(kind=kind)
    states = registry.all_states()
    state = request.GET.get("state", "")
    if state in dict(states):
        cases = cases.filter(state=state)
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        cases = cases.filter(has_overdue=True)
    context = {
        "page_obj": _page(request, cases),
        "kinds": registry.kind_choices(),
        "states": states,
        "q": q,
        "current_kind": kind,
        "current_state": state,
        "overdue": overdue,
    }
    return render(request, "casework/case_list.html", context)


def _case_page(
    request: HttpRequest,
    case: Case,
    *,
    upload_form: UploadForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    flow_class = _flow_class(case)
    kind_case, kind_fields = _kind_case_and_fields(case)
    is_filer = _is_filer_of(user, case)
    open_tasks = list(
        case.case_tasks.filter(is_open=True)
        .select_related("task", "task__owner", "department", "case")
        .order_by("due_at", "pk")
    )
    # "Work on it" only for those who can act on the step
    actionable = {t.pk for t in open_tasks if user_may_take(user, t)}
    context = {
        "case": case,
        "kind_case": kind_case,
        "state_label": _state_label(kind_case),
        "kind_fields": kind_fields,
        "record": case.record,
        "history": _history(case, flow_class),
        "comment_form": comment_form or CommentForm(),
        "may_comment": comments.user_may_comment(user, case),
        "attachments": case.attachments.select_related("uploaded_by"),
        "open_tasks": open_tasks,
        "actionable_task_ids": actionable,
        "documents": documents_for_case(case.pk),
        "may_withdraw": not case.is_closed
        and flow_class is not None
        and flow_class.instance.may_withdraw(user=user, case=kind_case),
        "may_resume": is_filer and case.is_suspended and not case.is_closed,
        "may_upload": not case.is_closed,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "resume_form": ResumeForm(),
        "upload_form": upload_form or UploadForm(),
        "chart_svg": _chart_svg(case, flow_class),
        "step_list": _step_list(case, flow_class),
        "now": timezone.now(),
    }
    return render(request, "casework/case_detail.html", context, status=status)


@login_required
@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, case_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    flow_class = _flow_class(case)
    kind_case, _fields = _kind_case_and_fields(case)
    if flow_class is None or not flow_class.instance.may_withdraw(
        user=request.user, case=kind_case
    ):
        raise PermissionDenied(services.ONLY_FILER_WITHDRAWS)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, withdraw_form=form, status=400)
    try:
        services.case_withdraw(case=case, by=request.user, reason=form.cleaned_data["reason"])
    except Conflict as exc:
        return _moved_on(request, exc, case.pk)
    except ValidationError as exc:
        _error_messages(request, exc)
        return redirect("casework:case", pk=case.pk)
    messages.success(request, CASE_WITHDRAWN)
    return redirect("casework:case", pk=case.pk)


@login_required
@require_POST
def case_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment outside any step, from the case page or a task page (back to where it came)."""
    case = case_get_for_user(user=request.user, pk=pk)
    task_pk = request.POST.get("task", "")
    case_task = (
        case.case_tasks.select_related("case", "task", "task__owner", "department")
        .filter(pk=task_pk)
        .first()
        if task_pk.isdigit()
        else None
    )
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comments.case_comment_add(case=case, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        except Conflict as exc:
            return _moved_on(request, exc, case.pk)
    if form.errors:
        if case_task is not None:
            return _task_page(request, case_task, comment_form=form, status=400)
        return _case_page(request, case, comment_form=form, status=400)
    messages.success(request, COMMENT_ADDED)
    if case_task is not None:
        return redirect(f"{reverse('casework:task', args=[case_task.pk])}#history")
    return redirect(f"{reverse('casework:case', args=[case.pk])}#history")


@login_required
@require_POST
def case_resume(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    form = ResumeForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.case_resume_by_filer(case=case, by=request.user, comment=comment)
    except ValidationError as exc:
        _error_messages(request, exc)
        return redirect("casework:case", pk=case.pk)
    messages.success(request, CASE_RESUMED)
    return redirect("casework:case", pk=case.pk)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _case_page(request, case, upload_form=form, status=400)
    try:
        with transaction.atomic():  # all the files or none
            added = [
                services.attachment_add(case=case, by=request.user, upload=upload)
                for upload in form.cleaned_data["files"]
            ]
    except (UploadTooLarge, UnsupportedUploadType) as exc:
        form.add_error("files", str(exc.message))
        return _case_page(request, case, upload_form=form, status=400)
    except Conflict as exc:
        return _moved_on(request, exc, case.pk)
    names = ", ".join(a.original_name for a in added)
    messages.success(request, FILES_ATTACHED % {"names": names})
    return redirect("casework:case", pk=case.pk)


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int, att_pk: int) -> FileResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    attachment = get_object_or_404(case.attachments.all(), pk=att_pk)
    # ?inline=1 previews in the browser, for the types a browser shows safely (not OFD)
    inline = request.GET.get("inline") == "1" and attachment.content_type in INLINE_TYPES
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@require_safe
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    document = documents_for_case(case.pk).filter(pk=doc_pk).first()
    if document is None:
        raise Http404
    return document_response(document, as_attachment=request.GET.get("inline") != "1")


# ---------------------------------------------------------------- notifications


@login_required
@require_safe
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = request.user.notifications.select_related("case").order_by("-created_at", "-id")
    return render(
        request, "casework/notifications.html", {"page_obj": _page(request, notifications)}
    )


@login_required
@require_POST
def notifications_mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications.notifications_mark_read(user=request.user)
    messages.success(request, ALL_READ)
    return redirect("casework:notifications")


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return redirect("casework:inbox")
