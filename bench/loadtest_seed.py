"""Work for the load test: appealable records for every demo filer and a backlog at every step.

    DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=... \\
        .venv/bin/python bench/loadtest_seed.py [--records 1200] [--backlog 800]

Run after `manage.py seed_demo` (scripts/loadtest.sh does both). Everything goes through the
services, as the users would have done it: `--records` active dishonesty records per demo
department about its own subjects (provided by the next department, whose verifier verifies
them), then appeals filed on them and moved along so that `--backlog` appeals wait at each step
(accept, verify, decide, sign). The rest of the records are left for the load test's filers.
With 50 users for 10 minutes the defaults leave every role work to the end (docs/performance.md).
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from workflows.casework.models import CaseTask  # noqa: E402
from workflows.casework.services import case_file, task_complete  # noqa: E402
from workflows.organization.demo import DEMO_DEPARTMENTS  # noqa: E402
from workflows.organization.models import Department, User  # noqa: E402
from workflows.records.models import Subject  # noqa: E402
from workflows.records.services import record_create  # noqa: E402

GROUNDS = "该处罚决定已于2026年5月被复议机关撤销，记录所依据的事实不复存在，请予撤销。"
# what each step's holder answers (the locustfile's users answer the same)
STEPS = [
    ("accept", "reviewer", "accept", {}),
    (
        "verify",
        None,  # the record provider's verifier
        "confirm_error",
        {"finding": "经核实，该处罚决定已被撤销，记录有误。", "proposed_outcome": "revoke"},
    ),
    ("decide", "reviewer", "draft", {"outcome": "revoked", "reasons": "原处罚决定已被依法撤销。"}),
]


def _progress(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


def seed_records(per_department: int) -> dict[str, list]:
    """Active dishonesty records about each demo department's own subjects."""
    departments = {code: Department.objects.get(code=code) for code in DEMO_DEPARTMENTS}
    records: dict[str, list] = {}
    for n, code in enumerate(DEMO_DEPARTMENTS):
        provider = departments[DEMO_DEPARTMENTS[(n + 1) % len(DEMO_DEPARTMENTS)]]
        subjects = list(
            Subject.objects.filter(department=departments[code], kind="body").order_by("pk")
        )
        records[code] = []
        with transaction.atomic():
            for i in range(per_department):
                records[code].append(
                    record_create(
                        subject=subjects[i % len(subjects)],
                        category="dishonesty",
                        severity="general",
                        source="penalty",
                        summary=f"未按合同约定期限支付工程款（压测{code}{i}）。",
                        occurred_on=datetime.date(2026, 3, 2),
                        provider=provider,
                        document_number=f"压测〔2026〕{code}{i}号",
                    )
                )
        _progress(f"{per_department} records of {code} (verified by {provider.code})")
    return records


def _open_task(case, step: str) -> CaseTask:
    return CaseTask.objects.select_related("case", "task").get(case=case, step=step, is_open=True)


def seed_backlog(records: dict[str, list], backlog: int) -> None:
    """File 4 x `backlog` appeals; move 3/4 past accept, 2/4 past verify, 1/4 past decide."""
    users = {u.username: u for u in User.objects.all()}
    total = 4 * backlog
    filed = []
    for i in range(total):
        code = DEMO_DEPARTMENTS[i % len(DEMO_DEPARTMENTS)]
        record = records[code][i // len(DEMO_DEPARTMENTS)]
        case = case_file(
            kind="appeal",
            by=users[f"filer_{code}"],
            data={
                "record": record.pk,
                "grounds": GROUNDS,
                "requested_outcome": "revoke",
                "contact_phone": "0523-86888888",
            },
        )
        filed.append((case, record))
        if (i + 1) % 200 == 0:
            _progress(f"filed {i + 1}/{total}")
    for depth, (step, holder, action, data) in enumerate(STEPS, start=1):
        movers = filed[: total - depth * backlog]
        for n, (case, record) in enumerate(movers, start=1):
            who = users[holder] if holder else users[f"verifier_{record.provider.code}"]
            task_complete(case_task=_open_task(case, step), by=who, action=action, data=data)
            if n % 200 == 0:
                _progress(f"{step}: {n}/{len(movers)}")
        _progress(f"{step}: {len(movers)} done")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1200, help="records per department")
    parser.add_argument("--backlog", type=int, default=800, help="appeals waiting at each step")
    args = parser.parse_args()
    needed = 4 * args.backlog
    if args.records * len(DEMO_DEPARTMENTS) <= needed:
        parser.error(f"--records: {len(DEMO_DEPARTMENTS)} x records must exceed 4 x backlog")
    started = time.perf_counter()
    records = seed_records(args.records)
    seed_backlog(records, args.backlog)
    left = args.records * len(DEMO_DEPARTMENTS) - needed
    _progress(
        f"backlog of {args.backlog} at accept, verify, decide and sign; {left} records left to "
        f"appeal; {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
