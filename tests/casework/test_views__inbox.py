"""The inbox page: search by case number or subject, sort on every column, counts on the tabs,
bulk claim / release with one confirmation and an outcome per task (on the probe process)."""

import re

import pytest
from django.urls import reverse

from workflows.casework.models import CaseTask
from workflows.organization.uscc import uscc_complete
from workflows.records.models import Subject

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _file(town, subject=None) -> dict:
    response = client_for(town.filer).post(
        "/api/v1/probes/",
        {"subject": (subject or town.subject).pk, "note": "probe note"},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def _numbers(page: str) -> list[str]:
    return re.findall(r'class="case-number"[^>]*>([^<]+)<', page)


def _inbox(client, **params) -> str:
    response = client.get(reverse("casework:inbox"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def three_cases(town):
    other = Subject.objects.create(
        kind="body",
        name="泰州市财政局票据中心",
        uscc=uscc_complete("113212000000000099"[:17]),
        department=town.finance,
    )
    return [_file(town), _file(town, other), _file(town)]


def test_search_by_case_number_or_subject(town, client, three_cases):
    client.force_login(town.reviewer)

    assert _numbers(_inbox(client, q="000002")) == ["TP-2026-000002"]
    assert _numbers(_inbox(client, q="票据中心")) == ["TP-2026-000002"]
    assert len(_numbers(_inbox(client, q="泰州市财政局"))) == 3
    assert _numbers(_inbox(client, q="no such case")) == []


def test_every_column_sorts_both_ways_and_says_so(town, client, three_cases):
    client.force_login(town.reviewer)

    assert _numbers(_inbox(client, sort="-number")) == [
        "TP-2026-000003",
        "TP-2026-000002",
        "TP-2026-000001",
    ]
    page = _inbox(client, sort="subject")
    assert _numbers(page)[-1] == "TP-2026-000002"  # 泰州市财政局 < 泰州市财政局票据中心
    assert 'aria-sort="ascending"' in page
    assert _numbers(_inbox(client, sort="-subject"))[0] == "TP-2026-000002"
    assert 'aria-sort="descending"' in _inbox(client, sort="-subject")
    for key in ("kind", "step", "group", "due", "-due"):
        assert len(_numbers(_inbox(client, sort=key))) == 3
    # every column header is a sort link
    page = _inbox(client)
    for key in ("number", "kind", "step", "subject", "group"):
        assert f"sort={key}" in page


def test_tabs_show_counts(town, client, three_cases):
    first = CaseTask.objects.get(case__number="TP-2026-000001")
    client_for(town.reviewer).post(f"/api/v1/tasks/{first.pk}/claim/")
    client.force_login(town.reviewer)

    page = _inbox(client)

    counts = re.findall(r'<span class="count">(\d+)</span>', page)
    assert counts == ["3", "1", "2", "0"]  # all open, mine, group queue, archive


def test_claim_buttons_name_their_case(town, client, three_cases):
    client.force_login(town.reviewer)
    page = _inbox(client)
    assert 'aria-label="签收 TP-2026-000001"' in page


def test_bulk_claim_asks_once_then_claims_and_reports_each_task(town, client, three_cases):
    tasks = list(CaseTask.objects.order_by("pk"))
    # the second is already taken by another reviewer
    client_for(town.reviewer2).post(f"/api/v1/tasks/{tasks[1].pk}/claim/")
    client.force_login(town.reviewer)
    data = {"op": "claim", "task": [t.pk for t in tasks]}

    confirm = client.post(reverse("casework:inbox_bulk"), data)

    assert confirm.status_code == 200
    assert 'name="confirmed" value="1"' in confirm.content.decode()
    assert not CaseTask.objects.filter(claimed_by=town.reviewer).exists()  # nothing yet

    done = client.post(reverse("casework:inbox_bulk"), {**data, "confirmed": "1"})

    assert done.status_code == 200
    outcomes = re.findall(r'class="outcome">([^<]+)<', done.content.decode())
    assert outcomes[0] == "已签收"
    assert outcomes[2] == "已签收"
    assert outcomes[1] != "已签收"
    assert set(CaseTask.objects.filter(claimed_by=town.reviewer).values_list("pk", flat=True)) == {
        tasks[0].pk,
        tasks[2].pk,
    }
    assert CaseTask.objects.get(pk=tasks[1].pk).claimed_by == town.reviewer2


def test_bulk_release_reports_tasks_not_yours(town, client, three_cases):
    tasks = list(CaseTask.objects.order_by("pk"))
    client_for(town.reviewer).post(f"/api/v1/tasks/{tasks[0].pk}/claim/")
    client.force_login(town.reviewer)

    done = client.post(
        reverse("casework:inbox_bulk"),
        {"op": "release", "task": [tasks[0].pk, tasks[1].pk], "confirmed": "1"},
    )

    outcomes = re.findall(r'class="outcome">([^<]+)<', done.content.decode())
    assert outcomes == ["已退回组内", "无权操作"]
    assert not CaseTask.objects.filter(claimed_by__isnull=False).exists()


def test_bulk_cannot_touch_a_task_the_user_cannot_see(town, client, three_cases):
    task = CaseTask.objects.order_by("pk").first()
    client.force_login(town.filer_housing)

    done = client.post(
        reverse("casework:inbox_bulk"), {"op": "claim", "task": [task.pk], "confirmed": "1"}
    )

    assert done.status_code == 200
    assert CaseTask.objects.get(pk=task.pk).claimed_by is None


def test_bulk_without_ticks_or_with_an_unknown_operation_changes_nothing(town, client, three_cases):
    client.force_login(town.reviewer)
    task = CaseTask.objects.order_by("pk").first()
    assert client.post(reverse("casework:inbox_bulk"), {"op": "claim"}).status_code == 302
    assert (
        client.post(
            reverse("casework:inbox_bulk"), {"op": "delete", "task": [task.pk], "confirmed": "1"}
        ).status_code
        == 302
    )
    assert not CaseTask.objects.filter(claimed_by__isnull=False).exists()
