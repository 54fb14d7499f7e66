"""Two app servers and two timer dispatchers over one PostgreSQL.

Each "server" is a thread with its own database connection going through the HTTP API (as two
gunicorn processes would); each dispatcher is a thread running `fire_timers` in a loop. A stream
of appeals goes through both servers; both race on the same tasks. Asserted: every alert fired
once, case numbers and document numbers without a gap, and no lost or doubled update.
"""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from tests.appeal.helpers import client_for, complete, inbox
from workflows.casework.models import Case, CaseEvent, Notification
from workflows.casework.timers import fire_timers
from workflows.documents.models import Document
from workflows.records.services import record_create

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
CASES = 6
GROUNDS = "该处罚决定已于2026年5月被复议机关撤销，记录所依据的事实不复存在，请予撤销。"


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


def _at(day, hour=10):
    return datetime.datetime(2026, 11, day, hour, 0, tzinfo=SHANGHAI)


def _in_parallel(calls):
    """Run each call in its own thread (own connection), all released at once; their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 -- reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def _server(requests):
    """One app server: the requests one after another on its own connection."""
    return lambda: [request() for request in requests]


def _file(filer, record):
    return client_for(filer).post(
        "/api/v1/appeals/",
        {
            "record": record.pk,
            "grounds": GROUNDS,
            "requested_outcome": "correct",
            "proposed_correction": "该处罚已被撤销。",
            "contact_phone": "0523-86888888",
        },
        format="json",
    )


def test_two_servers_and_two_dispatchers_over_one_database(city, time_machine):
    records = [city.record] + [
        record_create(
            subject=city.subject,
            category="dishonesty",
            severity="minor",
            source="other",
            summary=f"第{i}条失信记录",
            occurred_on=city.record.occurred_on,
            provider=city.market,
        )
        for i in range(CASES - 1)
    ]
    # Friday 6 November: the cases come in, half through each server, at once
    time_machine.move_to(_at(6))
    halves = [records[0::2], records[1::2]]
    filed = _in_parallel(
        [_server([lambda r=r: _file(city.filer_finance, r) for r in half]) for half in halves]
    )
    responses = [response for server in filed for response in server]
    assert [r.status_code for r in responses] == [201] * CASES, [r.content for r in responses]
    numbers = sorted(r.json()["number"] for r in responses)
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == list(range(1, CASES + 1))
    assert Case.objects.count() == CASES

    # Wednesday 11 November: every accept task is overdue; two dispatchers sweep in loops
    time_machine.move_to(_at(11))
    fired = _in_parallel([lambda: [fire_timers() for _ in range(3)] for _ in range(2)])
    assert sum(sum(loop) for loop in fired) == CASES
    tasks = [t["id"] for t in inbox(city.reviewer) if t["step"] == "accept"]
    assert len(tasks) == CASES
    keys = list(Notification.objects.exclude(key="").values_list("key", flat=True))
    assert sorted(keys) == sorted(f"escalate1:{t}" for t in tasks)

    # both servers accept every task at the same time: one wins each, nothing is done twice
    results = _in_parallel(
        [
            _server([lambda t=t: complete(city.reviewer, t, "accept") for t in tasks])
            for _ in range(2)
        ]
    )
    per_task = list(zip(*results, strict=True))
    assert all(sorted(r.status_code for r in pair) == [200, 409] for pair in per_task), [
        [r.status_code for r in pair] for pair in per_task
    ]
    for case in Case.objects.all():
        assert CaseEvent.objects.filter(case_id=case.pk, action="accept").count() == 1

    for task in [t["id"] for t in inbox(city.verifier_market) if t["step"] == "verify"]:
        response = complete(
            city.verifier_market,
            task,
            "confirm_error",
            finding="记录有误",
            proposed_outcome="revoke",
        )
        assert response.status_code == 200, response.content
    for task in [t["id"] for t in inbox(city.reviewer) if t["step"] == "decide"]:
        response = complete(
            city.reviewer, task, "draft", outcome="revoked", reasons="原处罚决定已撤销"
        )
        assert response.status_code == 200, response.content

    # the approver signs through both servers at once; the dispatchers keep sweeping meanwhile
    signs = [t["id"] for t in inbox(city.approver) if t["step"] == "sign"]
    assert len(signs) == CASES
    _in_parallel(
        [
            _server([lambda t=t: complete(city.approver, t, "approve") for t in signs[0::2]]),
            _server([lambda t=t: complete(city.approver, t, "approve") for t in signs[1::2]]),
            lambda: [fire_timers() for _ in range(3)],
            lambda: [fire_timers() for _ in range(3)],
        ]
    )
    assert Document.objects.count() == CASES
    assert sorted(Document.objects.values_list("serial", flat=True)) == list(range(1, CASES + 1))
    for case in Case.objects.all():
        assert CaseEvent.objects.filter(case_id=case.pk, action="approve").count() == 1
    # no alert was sent twice over the whole run (alerts carry a key; plain notices do not)
    keys = list(Notification.objects.exclude(key="").values_list("key", flat=True))
    assert len(keys) == len(set(keys))
