"""Supervision at a million tasks (issue #13): the overdue board's first page, the half-yearly
report of a city of 100 departments, and the 信用泰州 feed's incremental pull of 1,000 changes.

    .venv/bin/python bench/bench_supervision.py [--db bench_wt23] [--tasks 1000000]
        [--open 100000] [--departments 100] [--records 200000] [--changes 1000] [--requests 50]

Creates the PostgreSQL database (dropping one of that name), migrates it, seeds it with
generate_series (1,000,000 tasks, 100,000 of them open, in four-task appeal cases filed over the
last year; case clocks, alerts, 200,000 credit records, 1,000 of them changed in the last hour),
then measures through Django's test client (the whole view: middleware, query, JSON) and prints
p50/p95 and the EXPLAIN ANALYZE plans of the slowest queries of each. `--keep` keeps the
database (and reuses a seeded one). docs/performance.md has the figures.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

TARGETS_MS = {"board": 100, "report": 5000, "feed": 200}


def _database(args) -> None:
    """Point Django at the bench database, creating and migrating it first when asked."""
    import psycopg

    url = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    os.environ["DATABASE_URL"] = url
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if exists and not args.keep:
            admin.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{args.db}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _progress(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- seeding


def _city(departments: int):
    """bench/run.py's city (23 departments, their users), grown to `departments` departments,
    each with a leader (its approver) and a verifier."""
    from django.contrib.auth.models import Group

    from bench.run import build_city
    from workflows.organization.models import Department, User
    from workflows.organization.uscc import uscc_complete

    city = build_city()
    existing = Department.objects.count()
    extra = Department.objects.bulk_create(
        [
            Department(
                code=f"bench-{i:03d}",
                name=f"泰州市第{i:03d}局",
                uscc=uscc_complete(f"11321200{500 + i:09d}"),
            )
            for i in range(departments - existing)
        ]
    )
    verifier, approver = (Group.objects.get_or_create(name=n)[0] for n in ("verifier", "approver"))
    for department in extra:
        user = User.objects.create_user(username=f"v-{department.code}", department=department)
        user.groups.add(verifier)
        leader = User.objects.create_user(username=f"l-{department.code}", department=department)
        leader.groups.add(approver)
    supervisor = User.objects.create_user(username="bench-supervisor", department=city.office)
    supervisor.groups.add(Group.objects.get_or_create(name="supervisor")[0])
    city.supervisor = supervisor
    return city


SEED_SQL = """
SELECT setseed(0.42);
CREATE TEMP TABLE bench_case AS
SELECT i,
       (i %% 1000) < %(open_per_mille)s AS is_open,
       CASE WHEN (i %% 1000) < %(open_per_mille)s
            THEN now() - interval '1 day' * (5 + random() * 115)
            ELSE now() - interval '1 day' * (20 + random() * 345) END AS filed_at,
       (%(departments)s::bigint[])[1 + (i %% array_length(%(departments)s, 1))] AS department_id,
       (%(subjects)s::bigint[])[1 + (i %% array_length(%(subjects)s, 1))] AS subject_id
FROM generate_series(1, %(cases)s) AS i;

INSERT INTO viewflow_process (id, flow_class, status, created, finished, data)
SELECT i, 'appeal/flows.AppealFlow', CASE WHEN is_open THEN 'NEW' ELSE 'DONE' END, filed_at,
       CASE WHEN is_open THEN NULL ELSE filed_at + interval '12 days' END, '{}'
FROM bench_case;

INSERT INTO documents_document (id, case_id, case_number, doc_type, title, issuer_code,
    issuer_name, year, serial, number, outcome, outcome_label, subject_name, pdf, sha256, size,
    verify_code, issued_at, basis_text, remedy_text)
SELECT i, i, 'YY-B-' || i, 'appeal_decision', '异议申诉处理决定书', 'bench', '市信用办', 2026, i,
       'BENCH-' || i, 'revoked', '撤销', '', '', '', 0, 'bench' || i,
       filed_at + interval '12 days', '', ''
FROM bench_case WHERE NOT is_open;

INSERT INTO casework_case (id, kind, number, state, filed_at, closed_at, suspension_reason,
    decision_id, filed_by_id, filing_department_id, process_id, subject_id)
SELECT i, 'appeal', 'YY-B-' || i, CASE WHEN is_open THEN 'verifying' ELSE 'decided' END,
       filed_at, CASE WHEN is_open THEN NULL ELSE filed_at + interval '12 days' END, '',
       CASE WHEN is_open THEN NULL ELSE i END, %(filer)s, department_id, i, subject_id
FROM bench_case;

-- four steps per case, three days apart; the last step of an open case is open
CREATE TEMP TABLE bench_task AS
SELECT (c.i - 1) * 4 + k + 1 AS id, c.i AS case_id, k,
       (ARRAY['accept', 'verify', 'decide', 'sign'])[k + 1] AS step,
       c.is_open AND k = 3 AS is_open,
       c.filed_at + interval '3 days' * k AS created,
       c.department_id
FROM bench_case c, generate_series(0, 3) AS k;

INSERT INTO viewflow_task (id, flow_task, flow_task_type, status, created, started, finished,
    token, process_id, data)
SELECT id, 'appeal/flows.AppealFlow.' || step, 'HUMAN',
       CASE WHEN is_open THEN 'NEW' ELSE 'DONE' END, created, created,
       -- one done step in ten finishes after its due time (created + 3 days)
       CASE WHEN is_open THEN NULL
            ELSE created + interval '1 hour' * (random() * 79.2) END,
       'start', case_id, '{}'
FROM bench_task;

INSERT INTO casework_casetask (task_id, step, role, created_at, started_on, limit_days,
    extended_days, suspended_days, due_at, is_provisional, is_open, escalation_level,
    case_id, department_id, claimed_by_id)
SELECT t.id, t.step, CASE t.step WHEN 'verify' THEN 'verifier' WHEN 'sign' THEN 'approver'
                                 ELSE 'reviewer' END,
       t.created, t.created::date, 3, 0, 0,
       CASE WHEN t.is_open THEN now() + interval '1 minute' * (random() * 129600 - 86400)
            ELSE t.created + interval '3 days' END,
       false, t.is_open, CASE WHEN t.is_open THEN floor(random() * 3)::int ELSE 0 END,
       t.case_id,
       CASE WHEN t.step = 'verify' THEN t.department_id ELSE %(office)s END,
       CASE WHEN t.step <> 'verify' AND random() < 0.1 THEN %(reviewer)s END
FROM bench_task t;

-- a whole-case clock on one open case in ten
INSERT INTO casework_caseclock (started_on, limit_days, extended_days, suspended_days, due_at,
    is_provisional, is_open, escalation_level, name, created_at, case_id)
SELECT filed_at::date, 60, 0, 0, now() + interval '1 minute' * (random() * 129600 - 86400),
       false, true, 0, 'case', filed_at, i
FROM bench_case WHERE is_open AND i %% 10 = 0;

-- the alerts the sweep sent for overdue open tasks: a reminder each, escalations by level
INSERT INTO casework_notification (key, subject, body, created_at, case_id, recipient_id)
SELECT kind || ':' || task_id, '提醒', '', due_at - interval '1 day', case_id, %(reviewer)s
FROM casework_casetask,
     LATERAL (VALUES ('remind', 0), ('escalate1', 1), ('escalate2', 2)) AS a(kind, level)
WHERE is_open AND due_at < now() AND escalation_level >= level;
"""

RECORDS_SQL = """
SELECT setseed(0.7);
INSERT INTO records_creditrecord (category, severity, source, summary, document_number,
    occurred_on, publicity_start, publicity_end, is_repairable, obligations_met, dispute_note,
    state, created_at, updated_at, provider_id, subject_id, is_published, sanction)
SELECT 'dishonesty', CASE WHEN i %% 10 = 0 THEN 'serious' ELSE 'general' END,
       CASE WHEN i %% 3 = 0 THEN 'penalty' ELSE 'judgment' END,
       '合成记录' || i, '泰罚〔2026〕' || i || '号',
       (now() - interval '1 day' * (30 + i %% 300))::date,
       (now() - interval '1 day' * (30 + i %% 300))::date, NULL, true, false, '', 'active',
       now() - interval '1 day' * (2 + random() * 360), now() - interval '1 day' * 2,
       (%(departments)s::bigint[])[1 + (i %% array_length(%(departments)s, 1))],
       (%(subjects)s::bigint[])[1 + (i %% array_length(%(subjects)s, 1))], true, ''
FROM generate_series(1, %(records)s) AS i;
INSERT INTO records_recordevent (from_state, to_state, case_number, reason, at, record_id)
SELECT '', 'active', '', '', created_at, id FROM records_creditrecord;
"""

CHANGES_SQL = """
-- the last hour's changes: some records disputed, some repaired (these leave the feed)
WITH picked AS (
    SELECT id, row_number() OVER (ORDER BY id) AS n FROM records_creditrecord
    WHERE id %% 97 = 0 ORDER BY id LIMIT %(changes)s
), changed AS (
    UPDATE records_creditrecord r
    SET state = CASE WHEN p.n %% 5 < 3 THEN 'disputed' ELSE 'repaired' END,
        updated_at = now() - interval '1 second' * p.n
    FROM picked p WHERE r.id = p.id
    RETURNING r.id, r.state, r.updated_at
)
INSERT INTO records_recordevent (from_state, to_state, case_number, reason, at, record_id)
SELECT 'active', state, '', '', updated_at, id FROM changed;
"""


def seed(args) -> dict:
    from django.db import connection, transaction

    from workflows.casework.models import CaseTask
    from workflows.records.models import Subject

    assert connection.vendor == "postgresql", "this bench runs on PostgreSQL"  # noqa: S101
    started = time.perf_counter()
    cases = args.tasks // 4
    with transaction.atomic():
        city = _city(args.departments)
        from workflows.organization.models import Department

        departments = list(Department.objects.order_by("pk").values_list("pk", flat=True))
        subjects = Subject.objects.bulk_create(
            [
                Subject(kind="body", name=f"单位{i}", uscc="", department_id=departments[i % 100])
                for i in range(2000)
            ]
        )
        params = {
            "cases": cases,
            "open_per_mille": round(1000 * args.open / cases),
            "departments": [d for d in departments if d != city.office.pk],
            "subjects": [s.pk for s in subjects],
            "filer": city.filer.pk,
            "office": city.office.pk,
            "reviewer": city.reviewer.pk,
            "records": args.records,
            "changes": args.changes,
        }
        with connection.cursor() as cursor:
            for sql in (SEED_SQL, RECORDS_SQL):
                cursor.execute(sql, params)
            _progress("tasks, cases and records seeded")
            for table in (
                "viewflow_process",
                "viewflow_task",
                "documents_document",
                "casework_case",
            ):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    # the changes come after the snapshot the feed's client last pulled (an hour ago)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(CHANGES_SQL, params)
        cursor.execute("ANALYZE records_creditrecord")
        cursor.execute("ANALYZE records_recordevent")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "tasks": CaseTask.objects.count(),
        "open_tasks": CaseTask.objects.filter(is_open=True).count(),
    }


# ---------------------------------------------------------------- measuring


def _percentiles(timings: list[float]) -> dict:
    ordered = sorted(timings)

    def pick(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 1)

    return {"n": len(ordered), "p50_ms": pick(0.5), "p95_ms": pick(0.95), "max_ms": pick(1.0)}


def _timed_get(client, url: str, count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
    return timings


def _slowest_plans(run, top: int = 3) -> list[tuple[float, str, str]]:
    """Run once while recording every query; EXPLAIN ANALYZE the slowest ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:top]
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            plans.append((float(query["time"]) * 1000, query["sql"], plan))
    return plans


def _print_plans(title: str, plans) -> None:
    for ms, sql, plan in plans:
        print(
            f"\n--- {title}: {ms:.1f} ms when recorded\n{sql[:600]}{'…' if len(sql) > 600 else ''}"
        )
        print(plan)


def bench_board(args, city) -> dict:
    from django.test import Client

    from workflows.organization.models import User

    supervisor = Client(HTTP_HOST="localhost")
    supervisor.force_login(city.supervisor)
    leader = Client(HTTP_HOST="localhost")
    leader.force_login(User.objects.filter(username__startswith="l-bench-").first())
    urls = {
        "api, due earliest first": "/api/v1/supervision/overdue/",
        "api, most overdue first": "/api/v1/supervision/overdue/?ordering=-days_overdue",
        "api, by department": "/api/v1/supervision/overdue/?ordering=department",
        "api, one kind and level 2": "/api/v1/supervision/overdue/?kind=appeal&level=2",
        "api, due within 2 working days": "/api/v1/supervision/overdue/?due_within=2",
        "web page (50 rows)": "/supervision/",
    }
    results = {}
    for label, url in urls.items():
        _timed_get(supervisor, url, 3)  # warm-up
        results[label] = _percentiles(_timed_get(supervisor, url, args.requests))
    _timed_get(leader, "/api/v1/supervision/overdue/", 3)
    results["api, a department leader"] = _percentiles(
        _timed_get(leader, "/api/v1/supervision/overdue/", args.requests)
    )
    body = supervisor.get("/api/v1/supervision/overdue/").json()
    results["overdue items"] = body["count"]
    results["plans"] = _slowest_plans(lambda: supervisor.get("/api/v1/supervision/overdue/"))
    return results


def bench_report(args) -> dict:
    import io

    from django.db import transaction
    from django.utils import timezone
    from pypdf import PdfReader

    from workflows.supervision.reports import HalfYear, report_issue
    from workflows.supervision.summary import summary_build

    period = HalfYear.last_complete(timezone.localdate())
    summary_times, report_times, report_cpu = [], [], []
    pages = 0
    for _ in range(args.report_runs):
        started = time.perf_counter()
        figures = summary_build(start=period.start, end=period.end)
        summary_times.append(time.perf_counter() - started)
        # issued and rolled back, so each run renders it anew
        with transaction.atomic():
            started, cpu = time.perf_counter(), time.process_time()
            report = report_issue(period)
            report_times.append(time.perf_counter() - started)
            # this process's own CPU time: what the render costs when the machine is not shared
            report_cpu.append(time.process_time() - cpu)
            pages = len(PdfReader(io.BytesIO(bytes(report.document.pdf))).pages)
            transaction.set_rollback(True)
    return {
        "period": period.key,
        "departments": len(figures["departments"]),
        "filed": figures["totals"]["filed"],
        "decided": figures["totals"]["decided"],
        "pdf_pages": pages,
        "summary": _percentiles(summary_times),
        "report": _percentiles(report_times),
        "report, CPU time of this process": _percentiles(report_cpu),
        "plans": _slowest_plans(lambda: summary_build(start=period.start, end=period.end), top=4),
    }


def bench_feed(args) -> dict:
    import datetime
    from urllib.parse import quote

    from django.test import Client
    from django.utils import timezone

    since = quote((timezone.localtime() - datetime.timedelta(hours=1)).isoformat())
    anonymous = Client(HTTP_HOST="localhost")
    csv_url = f"/api/v1/public/records/?since={since}&format=csv"
    first = f"/api/v1/public/records/?since={since}&page_size=200"
    changes = anonymous.get(first).json()["count"]
    _timed_get(anonymous, csv_url, 3)
    csv_times = _timed_get(anonymous, csv_url, args.requests)
    pages = -(-changes // 200)
    page_urls = [f"{first}&page={n}" for n in range(1, pages + 1)]
    json_times = []
    for _ in range(args.requests // 5 or 1):
        started = time.perf_counter()
        for url in page_urls:
            anonymous.get(url)
        json_times.append(time.perf_counter() - started)
    return {
        "changes": changes,
        "csv, one request": _percentiles(csv_times),
        f"json, {pages} pages of 200": _percentiles(json_times),
        "plans": _slowest_plans(lambda: anonymous.get(csv_url)),
    }


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="bench_wt23")
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    args = parser.parse_args()
    _database(args)

    from workflows.casework.models import CaseTask
    from workflows.organization.models import Department, User

    print(f"before: {_load()}")
    if not CaseTask.objects.exists():
        print("seeded:", seed(args), flush=True)

    class City:
        pass

    city = City()
    city.supervisor = User.objects.get(username="bench-supervisor")
    print(
        f"departments: {Department.objects.count()}, tasks: {CaseTask.objects.count()}, "
        f"open: {CaseTask.objects.filter(is_open=True).count()}"
    )
    print(f"measuring: {_load()}", flush=True)

    def show(title: str, results: dict) -> None:
        print(f"\n== {title}")
        for label, value in results.items():
            if label != "plans":
                print(f"  {label}: {value}")
        print(f"  ({_load()})", flush=True)

    board = bench_board(args, city)
    show("the overdue board, first page (target p95 <= 100 ms)", board)
    feed = bench_feed(args)
    show("the feed's incremental pull (target <= 200 ms)", feed)
    report = bench_report(args)
    show("the half-yearly report (target <= 5 s)", report)
    _print_plans("board", board["plans"])
    _print_plans("summary", report["plans"])
    _print_plans("feed", feed["plans"])
    worst = {
        "board": board["api, due earliest first"]["p95_ms"],
        "report": report["report"]["p95_ms"],
        "feed": feed["csv, one request"]["p95_ms"],
    }
    print(
        "\nverdicts:",
        {k: f"{v} ms {'OK' if v <= TARGETS_MS[k] else 'OVER'}" for k, v in worst.items()},
    )


if __name__ == "__main__":
    main()
