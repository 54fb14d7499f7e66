"""One command for every casework benchmark: step throughput, inbox/case-page latency, decisions.

    .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--cases N] [--tasks M] [--quick]

Each database runs in its own child process on a throw-away database (a temp SQLite file, or
PostgreSQL's `bench_casework`, created and dropped here). Prints a table; writes JSON to
bench/results/.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
# several benches on one server: each picks its own database (--pg-db or PG_BENCH_DB)
PG_BENCH_DB = os.environ.get("PG_BENCH_DB", "bench_casework")
PG_SERVER_URL = "postgres://postgres@127.0.0.1:5432"

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


# What one appeal leaves in the tables, counted on real journeys through the API (test database,
# 2026-12-01; tests/appeal's city):
#   decided:       8 viewflow tasks (start, accept, is_accepted gateway, verify, decide, sign,
#                  is_signed gateway, end) with 7 `previous` links, 4 CaseTasks, 5 CaseEvents,
#                  2 RecordEvents, 1 decision Document, 8 audit entries (one per history row and
#                  document), 2 notifications to the filer (accepted, decided);
#   returned once: + decide, sign, is_signed (3 tasks), 2 CaseTasks, 2 CaseEvents, 2 audit entries;
#   not accepted:  4 tasks (start, accept, is_accepted, end), 1 CaseTask, 2 CaseEvents,
#                  2 RecordEvents, 1 notice, 5 audit entries, 2 notifications.
# An appeal step arms no viewflow timer since the alert sweep replaced them (engine v2): the
# appeal leaves no TIMER rows (a rectification leaves one per rectify step). Reminders and
# escalations are notification rows with a key, written by the sweep.
STEP_ROLE = {"accept": "reviewer", "verify": "verifier", "decide": "reviewer", "sign": "approver"}
STEP_LIMIT_DAYS = {"accept": 2, "verify": 10, "decide": 3, "sign": 2}  # the policy table's
OPEN_STATE = {"accept": "filed", "verify": "verifying", "decide": "deciding", "sign": "signing"}
NOT_ACCEPTED = -1  # a closed journey's shape: NOT_ACCEPTED, or the number of returned drafts
# the mix of closed journeys when the sizes asked for allow it (tasks / cases ~ 8.1)
SHAPE_WEIGHTS = {NOT_ACCEPTED: 0.10, 0: 0.75, 1: 0.12, 2: 0.03}
# the share of human steps whose holders got the last-day reminder, and the share escalated to
# the leader (the sweep's notifications): assumptions, not measured in a city
REMINDED_SHARE = 0.20
ESCALATED_SHARE = 0.05
EVENT_PARAMS = {
    "accept": {"comment": ""},
    "not_accept": {"reason": "duplicate", "comment": ""},
    "confirm_error": {
        "finding": "经核实，该处罚决定已被撤销，记录有误。",
        "proposed_outcome": "revoke",
        "proposed_correction": "",
    },
    "draft": {
        "outcome": "revoked",
        "reasons": "原处罚决定已被依法撤销。",
        "corrected_summary": "",
        "corrected_severity": "",
        "corrected_publicity_end": None,
        "override_reasons": "",
    },
    "approve": {"comment": ""},
    "return": {"comment": "请补充作出决定的理由。"},
}
# the real decision PDF is ~400 KB (two embedded CJK faces): 100 000 of them would be 40 GB, so
# seeded documents carry a stand-in of this size (no page reads the bytes; the PDF view does)
PDF_STAND_IN = b"%PDF-1.7\n% seeded stand-in, not a rendered decision\n" + b"0" * 2000


def _journey_length(shape: int) -> int:
    return 4 if shape == NOT_ACCEPTED else 8 + 3 * shape


def _open_length(step: str) -> int:
    """Tasks of an open appeal up to its open step: start, accept, is_accepted, verify, ..."""
    return {"accept": 2, "verify": 4, "decide": 5, "sign": 6}[step]


def _closed_shapes(count: int, target: int, rng: random.Random) -> list[int]:
    """A shape per closed case, drawn from SHAPE_WEIGHTS, then moved so the tasks add up to
    `target` exactly: a returned draft adds 3 tasks, a not-accepted appeal has 4 fewer."""
    shapes = rng.choices(list(SHAPE_WEIGHTS), weights=list(SHAPE_WEIGHTS.values()), k=count)
    diff = target - sum(_journey_length(s) for s in shapes)
    order = list(range(count))
    rng.shuffle(order)

    def move(step: int, times: int) -> None:
        """step +3: one more returned draft; -3: one fewer; -4: decided -> not accepted."""
        done = 0
        while done < times:
            progressed = False
            for i in order:
                s = shapes[i]
                if step == 3 and s >= 0:
                    shapes[i] = s + 1
                elif step == -3 and s >= 1:
                    shapes[i] = s - 1
                elif step == -4 and s == 0:
                    shapes[i] = NOT_ACCEPTED
                else:
                    continue
                done, progressed = done + 1, True
                if done == times:
                    break
            if not progressed:
                raise ValueError(f"cannot make {target} tasks from {count} closed appeals")

    if diff <= -3:  # fewer returns first, then not-accepted journeys
        fewer = min(-diff // 3, sum(s for s in shapes if s > 0))
        move(-3, fewer)
        diff += 3 * fewer
    elif diff >= 3:
        move(3, diff // 3)
        diff -= 3 * (diff // 3)
    # the rest (-2..2 or a larger deficit) as 3a - 4b
    if diff >= 0:
        b = next(b for b in range(3) if (diff + 4 * b) % 3 == 0)
        move(3, (diff + 4 * b) // 3)
        move(-4, b)
    else:
        a = next(a for a in range(4) if (3 * a - diff) % 4 == 0)
        move(3, a)
        move(-4, (3 * a - diff) // 4)
    return shapes


def _human_steps(shape: int) -> list[tuple[str, str]]:
    """(step, action) of a closed journey's human tasks."""
    if shape == NOT_ACCEPTED:
        return [("accept", "not_accept")]
    steps = [("accept", "accept"), ("verify", "confirm_error")]
    for _ in range(shape):
        steps += [("decide", "draft"), ("sign", "return")]
    return [*steps, ("decide", "draft"), ("sign", "approve")]


def _nodes_of(shape: int | None, open_step: str | None) -> list[str]:
    """The flow nodes a journey passed, in order (viewflow's task rows)."""
    if open_step is not None:
        path = ["start", "accept", "is_accepted", "verify", "decide", "sign"]
        return path[: _open_length(open_step)]
    if shape == NOT_ACCEPTED:
        return ["start", "accept", "is_accepted", "not_accepted"]
    nodes = ["start", "accept", "is_accepted", "verify"]
    for _ in range(shape or 0):
        nodes += ["decide", "sign", "is_signed"]
    return [*nodes, "decide", "sign", "is_signed", "decided"]


def _seed_people(city) -> argparse.Namespace:
    """Filers of the other departments (each files its own cases) and who holds which role."""
    from workflows.organization.models import User

    people = argparse.Namespace()
    people.filers = [
        User.objects.create_user(username=f"filer{i}", password="demo", department=d)
        for i, d in enumerate(city.others)
    ]
    reviewers = [city.reviewer.pk, *(u.pk for u in city.other_reviewers)]
    people.members = {
        ("reviewer", city.office.pk): reviewers,
        ("approver", city.office.pk): [city.approver.pk],
    }
    for verifier, department in zip(city.other_verifiers, city.others, strict=True):
        people.members[("verifier", department.pk)] = [verifier.pk]
    # the leader the escalation goes to: the reviewers' leader; departments without one: nobody
    people.leader = {
        ("reviewer", city.office.pk): city.approver.pk,
        ("approver", city.office.pk): city.approver.pk,
    }
    return people


def _alert_texts() -> dict:
    from django.utils import translation

    from workflows.casework import alerts

    with translation.override("zh-hans"):
        return {
            "remind": (str(alerts.REMINDER_SUBJECT), str(alerts.REMINDER_BODY)),
            "escalate1": (str(alerts.OVERDUE_SUBJECT), str(alerts.OVERDUE_BODY)),
        }


def _open_alerts(case_task, now) -> list[tuple[str, object]]:
    """Bring an open task's alerts to where a sweep running all along would have left them."""
    from workflows.casework import deadlines

    sent = []
    while case_task.next_alert_at is not None and case_task.next_alert_at <= now:
        at = case_task.next_alert_at
        if case_task.escalation_level == 0 and at < case_task.due_at:
            case_task.reminded_at = at
            sent.append(("remind", at))
        elif case_task.escalation_level == 0:
            case_task.escalation_level, case_task.escalated_at = 1, at
            sent.append(("escalate1", at))
        else:
            # level 2 goes to the city's supervisors: the bench city has none to notify
            case_task.escalation_level, case_task.escalated_at = 2, at
        case_task.next_alert_at = deadlines.next_alert_at(
            case_task, suspended=False, supervisor_after_days=2
        )
    return sent


def seed(city, cases: int, tasks: int, chunk: int = 5000) -> dict:
    """Bulk-insert `cases` appeals with `tasks` viewflow tasks in all, and everything else a real
    appeal leaves (see the counts above): start, gateway and end tasks and their links, CaseTasks,
    history, record history, decisions and notices, the audit chain over them (valid: `manage.py
    verify_audit` passes), and the notifications to filers and of the alert sweep.

    Realistic proportions need ~8.1 tasks per case; other sizes bend the mix of journeys (more or
    fewer returned drafts and not-accepted appeals) so the task total is exactly `tasks`.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from viewflow.workflow.models import Process, Task
    from viewflow.workflow.status import PROCESS, STATUS

    from workflows.appeal.flows import AppealFlow
    from workflows.appeal.models import Appeal
    from workflows.audit.models import AuditEntry, AuditHead
    from workflows.audit.services import audit_content_hash, audit_entry_hash, audit_fields
    from workflows.casework import deadlines
    from workflows.casework.models import (
        Case,
        CaseEvent,
        CaseSequence,
        CaseTask,
        Notification,
    )
    from workflows.documents.models import Document, DocumentSequence
    from workflows.records.models import CreditRecord, RecordEvent, Subject

    rng = random.Random(20260501)
    open_fraction = 0.05
    open_cases = max(int(cases * open_fraction), QUEUE_SIZE + CLAIMED_BY_ME)
    open_plan = _open_task_plan(city, open_cases, rng)
    # open cases are the recent ones (their rows sit at the end of the tables, as in a city's
    # database), but for a tenth: stragglers filed long ago, overdue
    stragglers = open_cases // 10
    recent = open_cases - stragglers
    if cases - 2 * recent >= stragglers:
        late = set(rng.sample(range(cases - 2 * recent), stragglers))
        open_at = sorted(late | set(rng.sample(range(cases - 2 * recent, cases), recent)))
    else:  # a tiny seed: anywhere
        open_at = sorted(rng.sample(range(cases), open_cases))
        late = set(open_at[:stragglers])
    plan_of = dict(zip(open_at, open_plan, strict=True))
    open_tasks = sum(_open_length(step) for step, *_ in open_plan)
    shapes = iter(_closed_shapes(cases - open_cases, tasks - open_tasks, rng))
    flow = AppealFlow.instance
    node_names = {"start", "accept", "is_accepted", "verify", "decide", "sign", "is_signed"}
    nodes = {name: flow.node(name) for name in node_names | {"decided", "not_accepted"}}
    people = _seed_people(city)
    alert_texts = _alert_texts()
    appeal_type = ContentType.objects.get_for_model(Appeal)

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
    records_of_provider: dict[int, list] = {}
    for record in records:
        records_of_provider.setdefault(record.provider_id, []).append(record)
    appeal_fields = Appeal._meta.local_concrete_fields
    # multi-table children cannot be bulk_created; identifiers come from the model, not input
    appeal_sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        connection.ops.quote_name(Appeal._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in appeal_fields),
        ", ".join(["%s"] * len(appeal_fields)),
    )
    previous_link = Task.previous.through
    head, _ = AuditHead.objects.get_or_create(pk=1)
    chain = {"sequence": head.sequence, "hash": head.entry_hash}
    audit_field_names = {model: audit_fields(model) for model in (CaseEvent, RecordEvent, Document)}
    serials = {"泰信异决": 0, "泰信异不受": 0}
    now = timezone.now()
    counts = {
        "cases": 0,
        "tasks": 0,
        "open_tasks": 0,
        "human_tasks": 0,
        "events": 0,
        "record_events": 0,
        "documents": 0,
        "audit_entries": 0,
        "notifications": 0,
    }
    started = time.perf_counter()

    def chain_rows(rows: list) -> list:
        entries = []
        for row in rows:
            model = type(row)
            fields = audit_field_names[model]
            joined = ",".join(fields)
            content_hash = audit_content_hash(row, fields)
            kind = model._meta.label_lower
            chain["sequence"] += 1
            entry_hash = audit_entry_hash(
                sequence=chain["sequence"],
                kind=kind,
                object_id=row.pk,
                fields=joined,
                content_hash=content_hash,
                previous_hash=chain["hash"],
            )
            entries.append(
                AuditEntry(
                    sequence=chain["sequence"],
                    kind=kind,
                    object_id=row.pk,
                    fields=joined,
                    content_hash=content_hash,
                    previous_hash=chain["hash"],
                    entry_hash=entry_hash,
                )
            )
            chain["hash"] = entry_hash
        return entries

    for first in range(0, cases, chunk):
        with transaction.atomic():
            layout = []
            for i in range(first, min(first + chunk, cases)):
                plan = plan_of.get(i)
                shape = None if plan else next(shapes)
                if plan and plan[0] == "verify":
                    record = rng.choice(records_of_provider[plan[2].pk])
                else:
                    record = records[i % len(records)]
                steps = (
                    [("accept", "accept"), ("verify", "confirm_error"), ("decide", "draft")][
                        : ["accept", "verify", "decide", "sign"].index(plan[0])
                    ]
                    if plan
                    else _human_steps(shape)
                )
                if plan:
                    # within the step's time limit; a straggler's up to two months ago
                    window = 24 * STEP_LIMIT_DAYS[plan[0]] * 7 // 5
                    opened = now - datetime.timedelta(
                        hours=rng.randrange(window, 24 * 60)
                        if i in late
                        else rng.randrange(1, window)
                    )
                    filed_at = opened - datetime.timedelta(days=2 * len(steps), hours=1)
                else:
                    filed_at = now - datetime.timedelta(
                        minutes=5 * (cases - i) + rng.randrange(5), days=30
                    )
                layout.append((i, plan, shape, steps, filed_at, record))
            processes = Process.objects.bulk_create(
                [
                    Process(
                        flow_class=AppealFlow,
                        status=PROCESS.NEW if plan else PROCESS.DONE,
                        created=filed_at,
                        finished=None if plan else filed_at + datetime.timedelta(days=25),
                    )
                    for _, plan, _, _, filed_at, _ in layout
                ],
                batch_size=2000,
            )
            case_rows = Case.objects.bulk_create(
                [
                    Case(
                        kind="appeal",
                        number=f"YY-2024-{i + 1:06d}",
                        state=(
                            OPEN_STATE[plan[0]]
                            if plan
                            else "not_accepted"
                            if shape == NOT_ACCEPTED
                            else "decided"
                        ),
                        subject_id=record.subject_id,
                        record_id=record.pk,
                        filing_department_id=city.others[i % len(city.others)].pk,
                        filed_by_id=people.filers[i % len(people.filers)].pk,
                        filed_at=filed_at,
                        closed_at=None if plan else filed_at + datetime.timedelta(days=25),
                        process_id=process.pk,
                    )
                    for (i, plan, shape, _, filed_at, record), process in zip(
                        layout, processes, strict=True
                    )
                ],
                batch_size=2000,
            )
            # the process's artifact is its case (CaseFlow.start_case); one UPDATE per chunk
            process_table = connection.ops.quote_name(Process._meta.db_table)
            case_table = connection.ops.quote_name(Case._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {process_table} SET artifact_content_type_id = %s, "  # noqa: S608
                    f"artifact_object_id = (SELECT c.id FROM {case_table} c "
                    f"WHERE c.process_id = {process_table}.id) WHERE id BETWEEN %s AND %s",
                    [appeal_type.pk, processes[0].pk, processes[-1].pk],
                )
            task_rows, human_meta, events, record_events, documents = [], [], [], [], []
            notifications, appeal_values = [], []
            for case, process, (_, plan, shape, steps, filed_at, record) in zip(
                case_rows, processes, layout, strict=True
            ):
                filer_id = case.filed_by_id
                events.append(
                    CaseEvent(
                        case_id=case.pk,
                        at=filed_at,
                        step="file",
                        action="file",
                        event="filed",
                        by_id=filer_id,
                        comment=GROUNDS,
                    )
                )
                record_events.append(
                    RecordEvent(
                        record_id=record.pk,
                        from_state="active",
                        to_state="disputed",
                        by_id=filer_id,
                        case_id=case.pk,
                        case_number=case.number,
                        reason=GROUNDS,
                    )
                )
                names = _nodes_of(shape, plan[0] if plan else None)
                moment = filed_at
                human = iter(steps)
                for name in names:
                    node = nodes[name]
                    is_open = bool(plan) and name == names[-1]
                    row = Task(
                        process_id=process.pk,
                        flow_task=node,
                        flow_task_type=node.task_type,
                        status=STATUS.DONE,
                        created=moment,
                        started=moment,
                        finished=moment,
                    )
                    task_rows.append(row)
                    if node.task_type != "HUMAN":
                        moment += datetime.timedelta(milliseconds=5)
                        continue
                    if is_open:
                        step, role, department, owner = plan
                        row.created = moment
                        row.started = row.finished = None
                        row.status = STATUS.ASSIGNED if owner else STATUS.NEW
                        row.owner_id = owner.pk if owner else None
                        row.assigned = moment if owner else None
                        human_meta.append((case, step, role, department.pk, moment, None, owner))
                        continue
                    step, action = next(human)
                    role = STEP_ROLE[step]
                    department_id = record.provider_id if role == "verifier" else city.office.pk
                    holder = (
                        city.reviewer.pk
                        if role == "reviewer"
                        else people.members[(role, department_id)][0]
                    )
                    done_at = moment + datetime.timedelta(hours=rng.randrange(2, 40))
                    row.owner_id = holder
                    row.started = row.finished = done_at
                    human_meta.append((case, step, role, department_id, moment, done_at, holder))
                    params = EVENT_PARAMS[action]
                    events.append(
                        CaseEvent(
                            case_id=case.pk,
                            at=done_at,
                            step=step,
                            action=action,
                            event="step_action",
                            params=params,
                            by_id=holder,
                            comment=params.get("finding") or params.get("reasons") or "",
                        )
                    )
                    if action == "accept":
                        notifications.append(
                            Notification(
                                recipient_id=filer_id,
                                case_id=case.pk,
                                subject=f"办件{case.number}已受理",
                            )
                        )
                    if action in ("approve", "not_accept"):
                        decided = action == "approve"
                        issuer = "泰信异决" if decided else "泰信异不受"
                        serials[issuer] += 1
                        number = f"{issuer}〔2024〕{serials[issuer]}号"
                        documents.append(
                            Document(
                                case_id=case.pk,
                                case_number=case.number,
                                doc_type="appeal_decision" if decided else "appeal_not_accepted",
                                title="异议处理决定书" if decided else "不予受理通知书",
                                issuer_code=issuer,
                                issuer_name="泰州市信用办",
                                year=2024,
                                serial=serials[issuer],
                                number=number,
                                outcome="revoked" if decided else "not_accepted",
                                outcome_label="已撤销" if decided else "不予受理",
                                subject_name="合成单位",
                                pdf=PDF_STAND_IN,
                                sha256=hashlib.sha256(PDF_STAND_IN).hexdigest(),
                                size=len(PDF_STAND_IN),
                                verify_code=f"{issuer[-2:]}{serials[issuer]:014d}",
                                issued_at=done_at,
                            )
                        )
                        record_events.append(
                            RecordEvent(
                                record_id=record.pk,
                                from_state="disputed",
                                to_state="revoked" if decided else "active",
                                by_id=holder,
                                case_id=case.pk,
                                case_number=case.number,
                                reason=EVENT_PARAMS["draft"]["reasons"] if decided else "",
                            )
                        )
                        if not decided:
                            notifications.append(
                                Notification(
                                    recipient_id=filer_id,
                                    case_id=case.pk,
                                    subject=f"办件{case.number}不予受理",
                                )
                            )
                        notifications.append(
                            Notification(
                                recipient_id=filer_id,
                                case_id=case.pk,
                                subject=f"办件{case.number}已作出决定",
                                body=number,
                            )
                        )
                    moment = done_at + datetime.timedelta(milliseconds=5)
                appeal_values.append(
                    {
                        "case_ptr": case.pk,
                        "grounds": GROUNDS,
                        "requested_outcome": "revoke",
                        "contact_phone": "0523-86888888",
                        "verification": "" if len(steps) < 2 else "confirm_error",
                        "finding": ""
                        if len(steps) < 2
                        else EVENT_PARAMS["confirm_error"]["finding"],
                        "not_accepted_reason": "duplicate" if shape == NOT_ACCEPTED else "",
                        "outcome": "revoked" if shape is not None and shape >= 0 else "",
                        "reasons": "" if len(steps) < 3 else EVENT_PARAMS["draft"]["reasons"],
                    }
                )
            with connection.cursor() as cursor:
                cursor.executemany(
                    appeal_sql,
                    [
                        [values.get(f.name, f.get_default()) for f in appeal_fields]
                        for values in appeal_values
                    ],
                )
            task_rows = Task.objects.bulk_create(task_rows, batch_size=2000)
            # each task points at the one before it in its process (what viewflow stores)
            links = [
                previous_link(from_task_id=task.pk, to_task_id=before.pk)
                for before, task in zip(task_rows, task_rows[1:], strict=False)
                if before.process_id == task.process_id
            ]
            previous_link.objects.bulk_create(links, batch_size=5000)

            human_tasks = [t for t in task_rows if t.flow_task_type == "HUMAN"]
            case_tasks = []
            for task, (case, step, role, department_id, created, done_at, owner) in zip(
                human_tasks, human_meta, strict=True
            ):
                is_open = done_at is None
                case_task = CaseTask(
                    task_id=task.pk,
                    case_id=case.pk,
                    step=step,
                    role=role,
                    department_id=department_id,
                    created_at=created,
                    started_on=deadlines.local_date(created),
                    limit_days=STEP_LIMIT_DAYS[step],
                    is_open=is_open,
                    claimed_by_id=(owner.pk if owner else None) if is_open else owner,
                )
                members = people.members.get((role, department_id), [])
                if is_open:
                    # the calendar's due time, and the alerts a running sweep has sent by now
                    deadlines.clock_schedule(case_task, suspended=False, supervisor_after_days=2)
                    sent = _open_alerts(case_task, now)
                    counts["open_tasks"] += 1
                else:
                    # closed: due by the limit in calendar days (no calendar walk for 10^6 rows)
                    case_task.due_at = created + datetime.timedelta(
                        days=STEP_LIMIT_DAYS[step] * 7 // 5 + 1
                    )
                    sent = []
                    draw = rng.random()
                    if draw < REMINDED_SHARE:
                        case_task.reminded_at = case_task.due_at - datetime.timedelta(hours=15)
                        sent.append(("remind", case_task.reminded_at))
                    if draw < ESCALATED_SHARE:
                        case_task.escalation_level = 1
                        case_task.escalated_at = case_task.due_at
                        sent.append(("escalate1", case_task.due_at))
                for kind, _at in sent:
                    claimant = case_task.claimed_by_id if is_open else None
                    recipients = (
                        ([claimant] if claimant else members)
                        if kind == "remind"
                        else [people.leader[(role, department_id)]]
                        if (role, department_id) in people.leader
                        else []
                    )
                    subject, body = alert_texts[kind]
                    params = {
                        "case": case.number,
                        "step": step,
                        "due": f"{case_task.due_at:%Y-%m-%d}",
                    }
                    notifications.extend(
                        Notification(
                            recipient_id=user_id,
                            case_id=case.pk,
                            key=f"{kind}:{task.pk}",
                            subject=(subject % params)[:200],
                            body=body % params,
                        )
                        for user_id in recipients
                    )
                case_tasks.append(case_task)
            CaseTask.objects.bulk_create(case_tasks, batch_size=2000)
            CaseEvent.objects.bulk_create(events, batch_size=2000)
            RecordEvent.objects.bulk_create(record_events, batch_size=2000)
            Document.objects.bulk_create(documents, batch_size=500)
            Notification.objects.bulk_create(notifications, batch_size=2000)
            # the decision each decided case points at
            document_table = connection.ops.quote_name(Document._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {case_table} SET decision_id = (SELECT d.id FROM "  # noqa: S608
                    f"{document_table} d WHERE d.case_id = {case_table}.id "
                    "AND d.doc_type = 'appeal_decision') "
                    "WHERE id BETWEEN %s AND %s AND state = 'decided'",
                    [case_rows[0].pk, case_rows[-1].pk],
                )
            entries = chain_rows([*events, *record_events, *documents])
            AuditEntry.objects.bulk_create(entries, batch_size=2000)
            AuditHead.objects.filter(pk=1).update(
                sequence=chain["sequence"], entry_hash=chain["hash"]
            )
        counts["cases"] += len(case_rows)
        counts["tasks"] += len(task_rows)
        counts["human_tasks"] += len(human_tasks)
        counts["events"] += len(events)
        counts["record_events"] += len(record_events)
        counts["documents"] += len(documents)
        counts["audit_entries"] += len(entries)
        counts["notifications"] += len(notifications)
        rate = counts["tasks"] / (time.perf_counter() - started)
        _progress(
            f"seeded {counts['cases']:>7} cases, {counts['tasks']:>7} tasks ({rate:,.0f} tasks/s)"
        )
    CaseSequence.objects.update_or_create(kind="appeal", year=2024, defaults={"last_serial": cases})
    for issuer, serial in serials.items():
        DocumentSequence.objects.update_or_create(
            issuer_code=issuer, year=2024, defaults={"last_serial": serial}
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # what the tables hold now (the lifecycle bench's rows included)
        counts["table_rows"] = {}
        for model in (Task, CaseTask, CaseEvent, RecordEvent, AuditEntry, Notification, Document):
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")  # noqa: S608
            counts["table_rows"][model._meta.db_table] = cursor.fetchone()[0]
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
        name = args.pg_db
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise SystemExit(f"--pg-db {name!r}: use lower-case letters, digits and _")
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _pg_admin(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"{PG_SERVER_URL}/{name}"

        def cleanup():
            if args.keep_db:  # e.g. to time the alert sweep on it (bench/bench_sweep.py)
                print(f"kept database {env['DATABASE_URL']}", flush=True)
            else:
                _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

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
    parser.add_argument(
        "--pg-db", default=PG_BENCH_DB, help="PostgreSQL database to create and drop (%(default)s)"
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the PostgreSQL database")
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
