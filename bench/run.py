"""One command for every casework benchmark: step throughput, inbox/case-page latency, decisions.

    .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--cases N] [--tasks M] [--quick]

Each database runs in its own child process on a throw-away database (a temp SQLite file, or
PostgreSQL's `bench_casework`, created and dropped here). Prints a table; writes JSON to
bench/results/.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
PG_BENCH_DB = "bench_casework"
PG_BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"

GROUNDS = "该处罚决定已于2026年5月被复议机关撤销，记录所依据的事实不复存在，请予撤销。"
# the journey of the issue: accept, confirm_error, draft (revoked), approve
JOURNEY = [
    ("accept", "reviewer", "accept", {}),
    (
        "verify",
        "verifier",
        "confirm_error",
        {"finding": "经核实，该处罚决定已被撤销，记录有误。", "proposed_outcome": "revoke"},
    ),
    ("decide", "reviewer", "draft", {"outcome": "revoked", "reasons": "原处罚决定已被依法撤销。"}),
    ("sign", "approver", "approve", {}),
]
BARE_STEPS = ["accept", "verify", "decide", "sign"]
WARM_UP_JOURNEYS = 2  # load templates and fonts; neither timed nor counted
COUNTED_JOURNEYS = 3  # run under CaptureQueriesContext for lifecycle.queries_per_step
QUEUE_SIZE = 150  # unclaimed tasks in the measured reviewer's group queue
CLAIMED_BY_ME = 20  # tasks the measured reviewer has claimed
OTHER_DEPARTMENTS = 20
OTHER_REVIEWERS = 8


# ---------------------------------------------------------------- helpers


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _percentiles(timings: list[float]) -> dict:
    ordered = sorted(timings)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return {
        "n": len(ordered),
        "p50_ms": _ms(pick(0.50)),
        "p95_ms": _ms(pick(0.95)),
        "p99_ms": _ms(pick(0.99)),
        "max_ms": _ms(ordered[-1]),
    }


def _progress(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- the city


def build_city():
    """Departments, users with roles and a subject of the finance bureau: as tests/appeal/conftest."""
    from django.contrib.auth.models import Group

    from workflows.organization.models import Department, User
    from workflows.organization.uscc import uscc_complete
    from workflows.records.models import Subject

    def department(code, name, serial, **extra):
        uscc = uscc_complete(f"11321200{serial:09d}")
        return Department.objects.create(code=code, name=name, uscc=uscc, **extra)

    def user(username, dept, *roles, leader=None):
        u = User.objects.create_user(
            username=username, password="demo", department=dept, leader=leader
        )
        for role in roles:
            group, _ = Group.objects.get_or_create(name=role)
            u.groups.add(group)
        return u

    city = argparse.Namespace()
    city.office = department("credit-office", "市信用办", 1, is_credit_office=True)
    city.finance = department("finance", "市财政局", 2)
    city.market = department("market", "市市场监管局", 3)
    city.others = [
        department(f"dept-{i:02d}", f"部门{i:02d}", 100 + i) for i in range(OTHER_DEPARTMENTS)
    ]
    city.approver = user("approver", city.office, "approver")
    city.reviewer = user("reviewer", city.office, "reviewer", leader=city.approver)
    city.other_reviewers = [
        user(f"reviewer{i}", city.office, "reviewer", leader=city.approver)
        for i in range(OTHER_REVIEWERS)
    ]
    city.leader_market = user("leader_market", city.market, "approver")
    city.filer = user("filer_finance", city.finance, "filer")
    city.verifier = user("verifier_market", city.market, "verifier", leader=city.leader_market)
    city.other_verifiers = [user(f"verifier{i}", d, "verifier") for i, d in enumerate(city.others)]
    city.subject = Subject.objects.create(
        kind="body", name="泰州市财政局", uscc=city.finance.uscc, department=city.finance
    )
    return city


def _records(city, count: int) -> list:
    from workflows.records.services import record_create

    return [
        record_create(
            subject=city.subject,
            category="dishonesty",
            severity="general",
            source="penalty",
            summary=f"未按合同约定期限支付工程款，被市场监管部门处罚（{i}）。",
            occurred_on=datetime.date(2026, 3, 2),
            provider=city.market,
            document_number=f"泰市监罚〔2026〕{i}号",
        )
        for i in range(count)
    ]


# ---------------------------------------------------------------- a. the appeal lifecycle


def bench_lifecycle(city, count: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workflows.appeal.services import appeal_file
    from workflows.casework.models import CaseTask
    from workflows.casework.services import task_complete

    users = {"reviewer": city.reviewer, "verifier": city.verifier, "approver": city.approver}
    records = _records(city, WARM_UP_JOURNEYS + count + COUNTED_JOURNEYS)

    timings = {"file": [], **{step: [] for step, *_ in JOURNEY}}
    queries: dict[str, list[int]] = {step: [] for step, *_ in JOURNEY}
    # the warm-up journeys load templates and fonts; the timed journeys run bare; the counted
    # journeys at the end run under CaptureQueriesContext, whose per-statement bookkeeping would
    # otherwise be timed as part of the step
    for i, record in enumerate(records):
        timed = WARM_UP_JOURNEYS <= i < WARM_UP_JOURNEYS + count
        counted = i >= WARM_UP_JOURNEYS + count
        started = time.perf_counter()
        appeal = appeal_file(
            by=city.filer, record_id=record.pk, grounds=GROUNDS, requested_outcome="revoke"
        )
        elapsed = {"file": time.perf_counter() - started}
        for step, who, action, data in JOURNEY:
            case_task = CaseTask.objects.select_related("case", "task").get(
                case_id=appeal.pk, step=step, is_open=True
            )
            if counted:
                with CaptureQueriesContext(connection) as captured:
                    task_complete(case_task=case_task, by=users[who], action=action, data=data)
                queries[step].append(len(captured.captured_queries))
                continue
            started = time.perf_counter()
            task_complete(case_task=case_task, by=users[who], action=action, data=data)
            elapsed[step] = time.perf_counter() - started
        if timed:
            for key, value in elapsed.items():
                timings[key].append(value)

    from viewflow.workflow.models import Task

    from workflows.appeal.models import Appeal

    last = Appeal.objects.get(pk=appeal.pk)
    assert last.state == "decided", last.state
    assert last.decision_id
    human = [step for step, *_ in JOURNEY]
    without_sign = [s for s in human if s != "sign"]
    total_human = sum(sum(timings[s]) for s in human)
    total_no_sign = sum(sum(timings[s]) for s in without_sign)
    total_all = total_human + sum(timings["file"])
    return {
        "appeals": count,
        "viewflow_tasks_per_appeal": Task.objects.filter(process_id=last.process_id).count(),
        "median_ms": {k: _ms(statistics.median(v)) for k, v in timings.items()},
        "human_steps_per_s": round(len(human) * count / total_human, 1),
        "human_steps_per_s_without_sign": round(len(without_sign) * count / total_no_sign, 1),
        "appeals_per_s": round(count / total_all, 2),
        # counted, not estimated: SQL statements of one step action (median over the journeys)
        "queries_per_step": {k: statistics.median(v) for k, v in queries.items() if v},
    }


# ---------------------------------------------------------------- b. the bare flow


def bench_bare(city, count: int, flow_class=None) -> dict:
    """The bare viewflow flow of the appeal's shape (bench.bare_flow.BareFlow): its four human
    steps driven through their activations; the gateways run inside accept and sign."""
    from django.db import transaction
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from bench.bare_flow import BareFlow

    flow_class = flow_class or BareFlow
    timings = {"start": [], **{step: [] for step in BARE_STEPS}}
    for i in range(count + 5):
        started = time.perf_counter()
        with transaction.atomic():
            process = flow_class.start.run()
        elapsed = {"start": time.perf_counter() - started}
        for step in BARE_STEPS:
            task = Task.objects.get(process_id=process.pk, status=STATUS.NEW)
            assert task.flow_task.name == step, task.flow_task
            started = time.perf_counter()
            with task.activation() as activation:
                activation.assign(city.reviewer)
                activation.start(None)
                activation.execute()
            elapsed[step] = time.perf_counter() - started
        if i >= 5:
            for key, value in elapsed.items():
                timings[key].append(value)
    process = type(process).objects.get(pk=process.pk)
    assert process.status == "DONE", process.status
    total = sum(sum(timings[s]) for s in BARE_STEPS)
    total_no_sign = sum(sum(timings[s]) for s in BARE_STEPS if s != "sign")
    return {
        "flow": flow_class.__name__,
        "processes": count,
        "viewflow_tasks_per_process": Task.objects.filter(process_id=process.pk).count(),
        "median_ms": {k: _ms(statistics.median(v)) for k, v in timings.items()},
        "human_steps_per_s": round(len(BARE_STEPS) * count / total, 1),
        "human_steps_per_s_without_sign": round(3 * count / total_no_sign, 1),
    }


def bench_interleaved(city, rounds: int) -> dict:
    """Issue #7's ratio measured so that a change of load cannot favour either side: an appeal's
    accept, verify and decide, then the same three steps of the bare flow, in turn, `rounds`
    times (each process left open at its sign step)."""
    from django.db import transaction
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from bench.bare_flow import BareFlow
    from workflows.appeal.services import appeal_file
    from workflows.casework.models import CaseTask
    from workflows.casework.services import task_complete

    users = {"reviewer": city.reviewer, "verifier": city.verifier, "approver": city.approver}
    steps = BARE_STEPS[:3]
    appeal_times: dict[str, list[float]] = {step: [] for step in steps}
    bare_times: dict[str, list[float]] = {step: [] for step in steps}
    for i, record in enumerate(_records(city, WARM_UP_JOURNEYS + rounds)):
        timed = i >= WARM_UP_JOURNEYS
        appeal = appeal_file(
            by=city.filer, record_id=record.pk, grounds=GROUNDS, requested_outcome="revoke"
        )
        for step, who, action, data in JOURNEY[:3]:
            case_task = CaseTask.objects.select_related("case", "task").get(
                case_id=appeal.pk, step=step, is_open=True
            )
            started = time.perf_counter()
            task_complete(case_task=case_task, by=users[who], action=action, data=data)
            if timed:
                appeal_times[step].append(time.perf_counter() - started)
        with transaction.atomic():
            process = BareFlow.start.run()
        for step in steps:
            task = Task.objects.get(process_id=process.pk, status=STATUS.NEW)
            started = time.perf_counter()
            with task.activation() as activation:
                activation.assign(city.reviewer)
                activation.start(None)
                activation.execute()
            if timed:
                bare_times[step].append(time.perf_counter() - started)
    appeal_rate = len(steps) * rounds / sum(sum(v) for v in appeal_times.values())
    bare_rate = len(steps) * rounds / sum(sum(v) for v in bare_times.values())
    return {
        "rounds": rounds,
        "appeal_steps_per_s": round(appeal_rate, 1),
        "bare_steps_per_s": round(bare_rate, 1),
        "appeal_over_bare": round(appeal_rate / bare_rate, 3),
        "median_ms": {
            "appeal": {k: _ms(statistics.median(v)) for k, v in appeal_times.items()},
            "bare": {k: _ms(statistics.median(v)) for k, v in bare_times.items()},
        },
    }


def step_ratio(result: dict) -> dict:
    """Issue #7's figure: appeal steps/s over the bare flow's, accept/verify/decide (no sign)."""
    life, bare = result["lifecycle"], result["bare"]
    ratio = {
        "appeal_over_bare": round(
            life["human_steps_per_s_without_sign"] / bare["human_steps_per_s_without_sign"], 3
        ),
        # the same from the median step times, which one preempted step cannot move
        "appeal_over_bare_medians": round(
            sum(bare["median_ms"][s] for s in BARE_STEPS[:3])
            / sum(life["median_ms"][s] for s in BARE_STEPS[:3]),
            3,
        ),
    }
    if "bare_linear" in result:
        linear = result["bare_linear"]["human_steps_per_s_without_sign"]
        ratio["appeal_over_linear_bare"] = round(life["human_steps_per_s_without_sign"] / linear, 3)
    if "interleaved" in result:
        ratio["interleaved_appeal_over_bare"] = result["interleaved"]["appeal_over_bare"]
    return ratio


# ---------------------------------------------------------------- c. seeding


def _open_task_plan(city, open_cases: int, rng: random.Random) -> list[tuple]:
    """(step, role, department, owner) of each open case's open task."""
    plan = []
    for i in range(open_cases):
        if i < QUEUE_SIZE:
            plan.append((rng.choice(["accept", "decide"]), "reviewer", city.office, None))
        elif i < QUEUE_SIZE + CLAIMED_BY_ME:
            plan.append((rng.choice(["accept", "decide"]), "reviewer", city.office, city.reviewer))
        else:
            draw = rng.random()
            if draw < 0.3:
                owner = rng.choice(city.other_reviewers)
                plan.append((rng.choice(["accept", "decide"]), "reviewer", city.office, owner))
            elif draw < 0.5:
                plan.append(("sign", "approver", city.office, None))
            else:
                index = rng.randrange(len(city.others))
                owner = city.other_verifiers[index] if rng.random() < 0.5 else None
                plan.append(("verify", "verifier", city.others[index], owner))
    rng.shuffle(plan)
    return plan


STEP_CYCLE = ["accept", "verify", "decide", "sign"]
STEP_ROLE = {"accept": "reviewer", "verify": "verifier", "decide": "reviewer", "sign": "approver"}
STEP_ACTION = {"accept": "accept", "verify": "confirm_error", "decide": "draft", "sign": "approve"}


def _steps_of(count: int) -> list[str]:
    """accept, verify, decide, sign, then returned drafts: decide, sign, ..."""
    steps = STEP_CYCLE[:count]
    while len(steps) < count:
        steps.append("decide" if steps[-1] == "sign" else "sign")
    return steps


def seed(city, cases: int, tasks: int, chunk: int = 5000) -> dict:
    """Bulk-insert `cases` appeals with `tasks` viewflow tasks (and their CaseTasks and history)."""
    from django.db import connection, transaction
    from django.utils import timezone
    from viewflow.workflow.models import Process, Task
    from viewflow.workflow.status import PROCESS, STATUS

    from workflows.appeal.flows import AppealFlow
    from workflows.appeal.models import Appeal
    from workflows.casework.models import Case, CaseEvent, CaseTask
    from workflows.records.models import CreditRecord, Subject

    rng = random.Random(20260501)
    assert tasks >= cases, "at least one task per case"
    per_case, extra = divmod(tasks, cases)
    open_fraction = 0.05
    open_cases = max(int(cases * open_fraction), QUEUE_SIZE + CLAIMED_BY_ME)
    open_plan = _open_task_plan(city, open_cases, rng)
    open_at = set(rng.sample(range(cases), open_cases))
    plan_of = dict(zip(sorted(open_at), open_plan, strict=True))
    nodes = {step: AppealFlow.instance.node(step) for step in STEP_CYCLE}
    department_of = {
        "reviewer": lambda: city.office,
        "approver": lambda: city.office,
        "verifier": lambda: rng.choice(city.others),
    }

    # subjects and records of the other departments, so case visibility has rows to join
    subjects = Subject.objects.bulk_create(
        [
            Subject(kind="body", name=f"单位{i}", uscc="", department=city.others[i % 20])
            for i in range(200)
        ]
    )
    today = timezone.localdate()
    records = CreditRecord.objects.bulk_create(
        [
            CreditRecord(
                subject=subjects[i % len(subjects)],
                category="dishonesty",
                severity="general",
                source="penalty",
                summary=f"合成记录{i}",
                occurred_on=today,
                provider=city.others[(i * 7) % len(city.others)],
                publicity_start=today,
            )
            for i in range(2000)
        ]
    )
    appeal_fields = Appeal._meta.local_concrete_fields
    # multi-table children cannot be bulk_created; identifiers come from the model, not input
    appeal_sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        connection.ops.quote_name(Appeal._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in appeal_fields),
        ", ".join(["%s"] * len(appeal_fields)),
    )
    now = timezone.now()
    counts = {"cases": 0, "tasks": 0, "open_tasks": 0, "events": 0}
    started = time.perf_counter()
    for first in range(0, cases, chunk):
        indexes = range(first, min(first + chunk, cases))
        with transaction.atomic():
            layout = []  # per case: (is_open, steps, filed_at, record)
            for i in indexes:
                steps = _steps_of(per_case + (1 if i < extra else 0))
                is_open = i in open_at
                if is_open:
                    steps[-1] = plan_of[i][0]
                filed_at = now - datetime.timedelta(minutes=5 * (cases - i) + rng.randrange(5))
                layout.append((i, is_open, steps, filed_at, records[i % len(records)]))
            processes = Process.objects.bulk_create(
                [
                    Process(
                        flow_class=AppealFlow,
                        status=PROCESS.NEW if is_open else PROCESS.DONE,
                        created=filed_at,
                        finished=None if is_open else filed_at + datetime.timedelta(days=20),
                    )
                    for _, is_open, _, filed_at, _ in layout
                ],
                batch_size=2000,
            )
            case_rows = Case.objects.bulk_create(
                [
                    Case(
                        kind="appeal",
                        number=f"YY-2024-{i + 1:06d}",
                        state="deciding" if is_open else "decided",
                        subject_id=record.subject_id,
                        record_id=record.pk,
                        filing_department_id=city.others[i % len(city.others)].pk,
                        filed_by_id=city.filer.pk,
                        filed_at=filed_at,
                        closed_at=None if is_open else filed_at + datetime.timedelta(days=20),
                        process_id=process.pk,
                    )
                    for (i, is_open, _, filed_at, record), process in zip(
                        layout, processes, strict=True
                    )
                ],
                batch_size=2000,
            )
            with connection.cursor() as cursor:
                rows = []
                for case, (_, is_open, _, _, _) in zip(case_rows, layout, strict=True):
                    values = {
                        "case_ptr": case.pk,
                        "grounds": GROUNDS,
                        "requested_outcome": "revoke",
                        "outcome": "" if is_open else "revoked",
                    }
                    rows.append(
                        [
                            values[f.name] if f.name in values else f.get_default()
                            for f in appeal_fields
                        ]
                    )
                cursor.executemany(appeal_sql, rows)
            task_rows, case_task_meta, events = [], [], []
            for case, process, (i, is_open, steps, filed_at, _) in zip(
                case_rows, processes, layout, strict=True
            ):
                events.append(
                    CaseEvent(case_id=case.pk, at=filed_at, step="file", action="file", by=None)
                )
                for n, step in enumerate(steps):
                    created = filed_at + datetime.timedelta(days=n * 3)
                    last_open = is_open and n == len(steps) - 1
                    if last_open:
                        _, role, department, owner = plan_of[i]
                        status = STATUS.ASSIGNED if owner else STATUS.NEW
                    else:
                        role, department = STEP_ROLE[step], department_of[STEP_ROLE[step]]()
                        owner = city.reviewer if role == "reviewer" else None
                        status = STATUS.DONE
                        events.append(
                            CaseEvent(
                                case_id=case.pk,
                                at=created + datetime.timedelta(days=1),
                                step=step,
                                action=STEP_ACTION[step],
                                by_id=owner.pk if owner else None,
                                comment="",
                            )
                        )
                    task_rows.append(
                        Task(
                            process_id=process.pk,
                            flow_task=nodes[step],
                            flow_task_type="HUMAN",
                            status=status,
                            created=created,
                            assigned=created if owner else None,
                            started=None if last_open else created,
                            finished=None if last_open else created + datetime.timedelta(days=1),
                            owner_id=owner.pk if owner else None,
                        )
                    )
                    due = created + datetime.timedelta(days=rng.randrange(-3, 14))
                    case_task_meta.append(
                        (case.pk, step, role, department.pk, created, due, last_open, owner)
                    )
            task_rows = Task.objects.bulk_create(task_rows, batch_size=2000)
            CaseTask.objects.bulk_create(
                [
                    CaseTask(
                        task_id=task.pk,
                        case_id=case_id,
                        step=step,
                        role=role,
                        department_id=department_id,
                        created_at=created,
                        started_on=created.date(),
                        limit_days=5,
                        due_at=due,
                        is_open=is_open,
                        claimed_by_id=owner.pk if owner else None,
                    )
                    for task, (
                        case_id,
                        step,
                        role,
                        department_id,
                        created,
                        due,
                        is_open,
                        owner,
                    ) in zip(task_rows, case_task_meta, strict=True)
                ],
                batch_size=2000,
            )
            CaseEvent.objects.bulk_create(events, batch_size=2000)
        counts["cases"] += len(case_rows)
        counts["tasks"] += len(task_rows)
        counts["open_tasks"] += sum(1 for m in case_task_meta if m[-2])
        counts["events"] += len(events)
        rate = counts["tasks"] / (time.perf_counter() - started)
        _progress(
            f"seeded {counts['cases']:>7} cases, {counts['tasks']:>7} tasks ({rate:,.0f} tasks/s)"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


# ---------------------------------------------------------------- c. latency


def _time_get(client, urls: list[str]) -> list[float]:
    timings = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return timings


def _query_count(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _inbox_plan(user) -> str:
    from django.db import connection

    from workflows.casework.selectors import inbox_for

    sql, params = inbox_for(user)[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def bench_latency(city, requests: int) -> dict:
    from django.test import Client

    from workflows.casework.models import Case

    rng = random.Random(7)
    reviewer = Client(HTTP_HOST="localhost")
    reviewer.force_login(city.reviewer)
    inbox = reviewer.get("/api/v1/tasks/").json()
    _time_get(reviewer, ["/api/v1/tasks/"] * 10)  # warm-up
    inbox_timings = _time_get(reviewer, ["/api/v1/tasks/"] * requests)

    seeded = list(Case.objects.filter(number__startswith="YY-2024-").values_list("pk", flat=True))
    case_urls = [
        f"/api/v1/cases/{pk}/" for pk in rng.sample(seeded, min(requests + 10, len(seeded)))
    ]
    _time_get(reviewer, case_urls[:10])
    case_timings = _time_get(reviewer, case_urls[10:])

    # a department verifier: case visibility is filtered by department (filing, subject, provider)
    verifier_user = city.other_verifiers[0]
    verifier = Client(HTTP_HOST="localhost")
    verifier.force_login(verifier_user)
    visible = list(
        Case.objects.filter(record__provider_id=verifier_user.department_id)
        .filter(number__startswith="YY-2024-")
        .values_list("pk", flat=True)[:5000]
    )
    dept_urls = [
        f"/api/v1/cases/{pk}/" for pk in rng.sample(visible, min(requests + 10, len(visible)))
    ]
    _time_get(verifier, dept_urls[:10])
    dept_timings = _time_get(verifier, dept_urls[10:])
    _time_get(verifier, ["/api/v1/tasks/"] * 10)
    verifier_inbox_timings = _time_get(verifier, ["/api/v1/tasks/"] * requests)

    return {
        "inbox_reviewer": {
            **_percentiles(inbox_timings),
            "inbox_size": inbox["count"],
            "queries": _query_count(reviewer, "/api/v1/tasks/"),
        },
        "inbox_verifier": {
            **_percentiles(verifier_inbox_timings),
            "inbox_size": verifier.get("/api/v1/tasks/").json()["count"],
        },
        "case_page_reviewer": {
            **_percentiles(case_timings),
            "queries": _query_count(reviewer, case_urls[0]),
        },
        "case_page_department": _percentiles(dept_timings),
        "inbox_plan": _inbox_plan(city.reviewer),
    }


# ---------------------------------------------------------------- the worker (one database)


def worker(args) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    vendor = connection.vendor
    print(f"== {vendor}: migrate", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
    else:
        import sqlite3

        server = sqlite3.sqlite_version
    result = {"database": vendor, "server_version": server, "args": vars(args)}
    city = build_city()

    print(f"== {vendor}: appeal lifecycle x{args.lifecycles} (services, with the PDF)", flush=True)
    result["lifecycle"] = bench_lifecycle(city, args.lifecycles)
    print(f"   {result['lifecycle']}", flush=True)

    print(f"== {vendor}: bare viewflow flow x{args.bare}", flush=True)
    result["bare"] = bench_bare(city, args.bare)
    print(f"   {result['bare']}", flush=True)
    from bench.bare_flow import LinearBareFlow

    result["bare_linear"] = bench_bare(city, args.bare, LinearBareFlow)
    print(f"   without the gateways: {result['bare_linear']}", flush=True)
    # as many rounds as bare processes: each round is one appeal and one bare process
    print(f"== {vendor}: appeal and bare steps in turn x{args.bare}", flush=True)
    result["interleaved"] = bench_interleaved(city, args.bare)
    print(f"   {result['interleaved']}", flush=True)
    result["ratio"] = step_ratio(result)
    print(f"   {result['ratio']}", flush=True)

    print(f"== {vendor}: decision render + store x{args.decisions}", flush=True)
    from bench.bench_documents import run as documents_run

    decision = documents_run(args.decisions)
    result["decision"] = {
        "runs": decision["runs"],
        "median_ms": _ms(decision["median"]),
        "min_ms": _ms(decision["min"]),
        "max_ms": _ms(decision["max"]),
        "first_ms": _ms(decision["first"]),
        "pdf_bytes": decision["bytes"],
    }
    print(f"   {result['decision']}", flush=True)

    print(f"== {vendor}: seed {args.cases} cases / {args.tasks} tasks", flush=True)
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            synchronous = cursor.fetchone()[0]
            # seeding only: losing the throw-away file on a crash is fine
            cursor.execute("PRAGMA synchronous=OFF")
    result["seed"] = seed(city, args.cases, args.tasks)
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={int(synchronous)}")
    print(f"   {result['seed']}", flush=True)

    print(f"== {vendor}: latency x{args.requests} requests", flush=True)
    result["latency"] = bench_latency(city, args.requests)
    for key, value in result["latency"].items():
        if key != "inbox_plan":
            print(f"   {key}: {value}", flush=True)

    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    import shutil

    shutil.rmtree(settings.PRIVATE_STORAGE_ROOT, ignore_errors=True)


# ---------------------------------------------------------------- the runner


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _run_on(db: str, args, out: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    cleanup = None
    if db == "sqlite":
        handle, path = tempfile.mkstemp(prefix="bench-casework-", suffix=".sqlite3")
        os.close(handle)
        env["DATABASE_URL"] = f"sqlite:///{path}"

        def cleanup():
            for suffix in ("", "-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)

    else:
        _pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        _pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")
        env["DATABASE_URL"] = PG_BENCH_URL

        def cleanup():
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")

    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        "--out",
        str(out),
        *(f"--{k}={getattr(args, k)}" for k in SIZE_OPTIONS),
    ]
    try:
        subprocess.run(command, env=env, cwd=ROOT, check=True)  # noqa: S603
    finally:
        cleanup()
    return json.loads(out.read_text())


SIZE_OPTIONS = ["cases", "tasks", "lifecycles", "bare", "decisions", "requests"]


def _table(results: list[dict]) -> str:
    rows = [("", *(r["database"] for r in results))]

    def add(label, getter):
        rows.append((label, *(getter(r) for r in results)))

    add("appeal: human steps/s, incl. sign (PDF)", lambda r: r["lifecycle"]["human_steps_per_s"])
    add(
        "appeal: human steps/s, excl. sign",
        lambda r: r["lifecycle"]["human_steps_per_s_without_sign"],
    )
    add("bare flow: human steps/s", lambda r: r["bare"]["human_steps_per_s"])
    add(
        "bare flow: steps/s, same 3 steps (no sign)",
        lambda r: r["bare"]["human_steps_per_s_without_sign"],
    )
    add("appeal over bare, steps/s (excl. sign)", lambda r: r["ratio"]["appeal_over_bare"])
    add("appeal over bare, median step times", lambda r: r["ratio"]["appeal_over_bare_medians"])
    add(
        "appeal over bare, steps in turn",
        lambda r: r["ratio"]["interleaved_appeal_over_bare"],
    )
    add(
        "bare flow without gateways: steps/s (no sign)",
        lambda r: r["bare_linear"]["human_steps_per_s_without_sign"],
    )
    add(
        "appeal queries per step accept/verify/decide/sign",
        lambda r: "/".join(
            str(r["lifecycle"]["queries_per_step"][s])
            for s in ["accept", "verify", "decide", "sign"]
        ),
    )
    add("appeal: full lifecycles/s", lambda r: r["lifecycle"]["appeals_per_s"])
    for step in ["file", "accept", "verify", "decide", "sign"]:
        add(f"appeal: {step} median ms", lambda r, s=step: r["lifecycle"]["median_ms"][s])
    for step in ["start", *BARE_STEPS]:
        add(f"bare: {step} median ms", lambda r, s=step: r["bare"]["median_ms"][s])
    add("decision render+store median ms", lambda r: r["decision"]["median_ms"])
    add("seeded cases / tasks", lambda r: f"{r['seed']['cases']} / {r['seed']['tasks']}")
    add("seeding seconds", lambda r: r["seed"]["seconds"])
    for key, label in [
        ("inbox_reviewer", "GET /tasks/ reviewer"),
        ("inbox_verifier", "GET /tasks/ dept verifier"),
        ("case_page_reviewer", "GET /cases/<id>/ reviewer"),
        ("case_page_department", "GET /cases/<id>/ dept verifier"),
    ]:
        add(
            f"{label} p50/p95/p99 ms",
            lambda r, k=key: "{p50_ms}/{p95_ms}/{p99_ms}".format(**r["latency"][k]),
        )
    add("reviewer inbox size", lambda r: r["latency"]["inbox_reviewer"]["inbox_size"])
    width = max(len(row[0]) for row in rows)
    return "\n".join(
        row[0].ljust(width) + "".join(f"  {str(cell):>18}" for cell in row[1:]) for row in rows
    )


def _verdicts(results: list[dict]) -> str:
    lines = []
    for r in results:
        life, bare, lat = r["lifecycle"], r["bare"], r["latency"]
        queries = life["queries_per_step"]
        checks = [
            (
                "accept/verify/decide <= 20 queries (issue #7)",
                all(queries[s] <= 20 for s in BARE_STEPS[:3]),
            ),
            ("appeal steps/s >= 0.5x bare (issue #7)", r["ratio"]["appeal_over_bare"] >= 0.5),
            (
                "the same, steps in turn (issue #7)",
                r["ratio"]["interleaved_appeal_over_bare"] >= 0.5,
            ),
            (
                "per-step throughput >= bare flow (excl. sign)",
                life["human_steps_per_s_without_sign"] >= bare["human_steps_per_s_without_sign"],
            ),
            (
                "per-step throughput >= bare flow (incl. sign)",
                life["human_steps_per_s"] >= bare["human_steps_per_s"],
            ),
            ("inbox p95 <= 20 ms", lat["inbox_reviewer"]["p95_ms"] <= 20),
            ("decision <= 150 ms", r["decision"]["median_ms"] <= 150),
        ]
        for label, ok in checks:
            lines.append(f"{r['database']:>10}  {label:<48} {'met' if ok else 'MISSED'}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cases", type=int, default=None, help="seeded cases (100000)")
    parser.add_argument("--tasks", type=int, default=None, help="seeded tasks (500000)")
    parser.add_argument("--lifecycles", type=int, default=None, help="full appeals (50)")
    parser.add_argument("--bare", type=int, default=None, help="bare processes (200)")
    parser.add_argument("--decisions", type=int, default=None, help="decision renders (10)")
    parser.add_argument("--requests", type=int, default=None, help="timed GETs per page (200)")
    parser.add_argument("--quick", action="store_true", help="small sizes, to check it runs")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    defaults = (
        {"cases": 2000, "tasks": 10000, "lifecycles": 5, "bare": 20, "decisions": 3, "requests": 30}
        if args.quick
        else {
            "cases": 100_000,
            "tasks": 500_000,
            "lifecycles": 50,
            "bare": 200,
            "decisions": 10,
            "requests": 200,
        }
    )
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.worker:
        worker(args)
        return

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = []
    for db in databases:
        results.append(_run_on(db, args, RESULTS / f"{stamp}-{db}.json"))
    command = " ".join(["bench/run.py", *sys.argv[1:]])
    report = {
        "command": command,
        "at": stamp,
        "cpus": os.cpu_count(),
        "results": results,
    }
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    print()
    print(_table(results))
    print()
    print(_verdicts(results))
    print(f"\nJSON: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
