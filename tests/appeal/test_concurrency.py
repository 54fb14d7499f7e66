"""Two users act on one task at the same moment: exactly one wins (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from workflows.casework.models import CaseEvent
from workflows.documents.models import Document

from .helpers import client_for, complete, file_appeal, only_task

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (SQLite has no row locks)")


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _to_sign(city):
    case = file_appeal(city).json()
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    complete(
        city.verifier_market,
        only_task(city.verifier_market, "verify")["id"],
        "confirm_error",
        finding="记录有误",
        proposed_outcome="revoke",
    )
    complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="revoked",
        reasons="原处罚决定已撤销",
    )
    return case


def test_two_approvers_sign_at_once_one_wins(city, django_user_model):
    from tests.appeal.conftest import _user

    approver2 = _user(django_user_model, "approver2", city.office, "approver")
    case = _to_sign(city)
    task = only_task(city.approver, "sign")

    responses = _race(
        [
            lambda: complete(city.approver, task["id"], "approve"),
            lambda: complete(approver2, task["id"], "approve"),
        ]
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.content for r in responses]
    assert CaseEvent.objects.filter(case_id=case["id"], action="approve").count() == 1
    assert Document.objects.filter(case_id=case["id"]).count() == 1
    assert Document.objects.get(case_id=case["id"]).serial == 1


def test_concurrent_signing_of_different_cases_leaves_no_gap_in_numbers(city):
    from workflows.records.services import record_create

    records = [city.record] + [
        record_create(
            subject=city.subject,
            category="dishonesty",
            severity="minor",
            source="other",
            summary=f"第{i}条记录",
            occurred_on=city.record.occurred_on,
            provider=city.market,
        )
        for i in range(2)
    ]
    tasks = []
    for record in records:
        city.record = record
        _to_sign(city)
    tasks = [t["id"] for t in client_for(city.approver).get("/api/v1/tasks/").json()["results"]]
    assert len(tasks) == 3
    responses = _race([lambda t=t: complete(city.approver, t, "approve") for t in tasks])
    assert [r.status_code for r in responses] == [200, 200, 200]
    serials = sorted(Document.objects.values_list("serial", flat=True))
    assert serials == [1, 2, 3]
