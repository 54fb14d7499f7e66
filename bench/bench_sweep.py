"""The alert sweep at scale: 1,000,000 open tasks, 10,000 of them owing an escalation now.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_sweep \\
        .venv/bin/python bench/bench_sweep.py [--tasks 1000000] [--due 10000]

Needs a migrated, otherwise empty PostgreSQL database (it is filled with generate_series). Prints
the seconds the sweep took, how many alerts it sent and the plan of the query that finds due rows.

On a database that already holds tasks (e.g. the million-task seed of `bench/run.py --keep-db`) it
seeds nothing and times the sweeps there; `--ahead HOURS` then also times one sweep as if it ran
that many hours later (a day's alerts at once: `--ahead 24`).
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from workflows.casework.alerts import _due_rows, alerts_sweep  # noqa: E402
from workflows.casework.models import Case, CaseTask  # noqa: E402
from workflows.organization.models import Department  # noqa: E402
from workflows.organization.uscc import uscc_complete  # noqa: E402
from workflows.records.models import Subject  # noqa: E402


def seed(tasks: int, due: int) -> None:
    assert connection.vendor == "postgresql", "the sweep bench runs on PostgreSQL"
    office = Department.objects.create(
        code="credit-office",
        name="市信用办",
        uscc=uscc_complete("11321200000000001"),
        is_credit_office=True,
    )
    users = get_user_model().objects
    approver = users.create_user(username="approver", password="x", department=office)
    approver.groups.add(Group.objects.get_or_create(name="approver")[0])
    for name in ("reviewer", "supervisor"):
        user = users.create_user(username=name, password="x", department=office, leader=approver)
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    subject = Subject.objects.create(
        kind="body", name="泰州市财政局", uscc=office.uscc, department=office
    )
    case = Case.objects.create(
        kind="appeal",
        number="YY-2026-999999",
        state="filed",
        subject=subject,
        filing_department=office,
        filed_by=approver,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO viewflow_process (flow_class, status, created, data) "
            "VALUES ('appeal/flows.AppealFlow', 'NEW', now(), '{}') RETURNING id"
        )
        process_id = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO viewflow_task (flow_task, flow_task_type, status, created, token, "
            "process_id, data) SELECT 'appeal/flows.AppealFlow.accept', 'HUMAN', 'NEW', now(), "
            "'start', %s, '{}' FROM generate_series(1, %s)",
            [process_id, tasks],
        )
        # every task open; `due` of them past their due time and owing escalation level 1
        cursor.execute(
            "INSERT INTO casework_casetask (task_id, case_id, step, role, department_id, "
            "created_at, started_on, limit_days, extended_days, suspended_days, due_at, "
            "is_provisional, is_open, escalation_level, next_alert_at) "
            "SELECT t.id, %s, 'accept', 'reviewer', %s, now(), current_date - 10, 2, 0, 0, "
            "CASE WHEN row_number() OVER (ORDER BY t.id) <= %s THEN now() - interval '1 hour' "
            "ELSE now() + interval '30 days' END, false, true, 0, "
            "CASE WHEN row_number() OVER (ORDER BY t.id) <= %s THEN now() - interval '1 hour' "
            "ELSE now() + interval '29 days' END FROM viewflow_task t",
            [case.pk, office.pk, due, due],
        )
        cursor.execute("UPDATE casework_casetask SET reminded_at = now() - interval '1 day'")
        cursor.execute("ANALYZE casework_casetask")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--ahead", type=float, default=0, help="hours: one more sweep, later")
    args = parser.parse_args()
    if not CaseTask.objects.exists():
        started = time.perf_counter()
        seed(args.tasks, args.due)
        print(f"seeded {args.tasks} open tasks in {time.perf_counter() - started:.1f} s")
    query = _due_rows(CaseTask, timezone.now())[:500]
    with transaction.atomic(), connection.cursor() as cursor:
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        print("plan of the due-rows query:")
        for (line,) in cursor.fetchall():
            print("   ", line)
    started = time.perf_counter()
    sent = alerts_sweep()
    elapsed = time.perf_counter() - started
    print(f"sweep: {sent} alerts sent in {elapsed:.1f} s")
    started = time.perf_counter()
    again = alerts_sweep()
    print(f"second sweep: {again} alerts in {time.perf_counter() - started:.2f} s")
    if args.ahead:
        later = timezone.now() + datetime.timedelta(hours=args.ahead)
        started = time.perf_counter()
        sent = alerts_sweep(now=later)
        elapsed = time.perf_counter() - started
        print(f"sweep {args.ahead:g} h later: {sent} alerts sent in {elapsed:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM viewflow_task")
        total = cursor.fetchone()[0]
    print(
        f"viewflow tasks: {total}, open case tasks: {CaseTask.objects.filter(is_open=True).count()}"
    )


if __name__ == "__main__":
    main()
