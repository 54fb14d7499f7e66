"""The inbox and the case page cost the same number of queries however many tasks and cases exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workflows.records.services import record_create

from .helpers import client_for, complete, file_appeal, only_task

pytestmark = pytest.mark.django_db


def _file_many(city, count):
    for i in range(count):
        city.record = record_create(
            subject=city.subject,
            category="dishonesty",
            severity="minor",
            source="other",
            summary=f"第{i}条记录",
            occurred_on=city.record.occurred_on,
            provider=city.market,
        )
        assert file_appeal(city).status_code == 201


def _queries(client, url):
    client.get(url)  # warm: the user's roles are read once per request user
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_inbox_queries_do_not_grow_with_tasks(city):
    client = client_for(city.reviewer)
    _file_many(city, 2)
    few = _queries(client, "/api/v1/tasks/")
    _file_many(city, 12)
    many = _queries(client, "/api/v1/tasks/")
    assert many == few


def test_case_list_queries_do_not_grow_with_cases(city):
    client = client_for(city.reviewer)
    _file_many(city, 2)
    few = _queries(client, "/api/v1/cases/")
    _file_many(city, 12)
    assert _queries(client, "/api/v1/cases/") == few


def test_case_page_queries_do_not_grow_with_history(city, django_assert_max_num_queries):
    case = file_appeal(city).json()
    client = client_for(city.reviewer)
    few = _queries(client, f"/api/v1/cases/{case['id']}/")
    task = only_task(city.reviewer, "accept")
    for _ in range(5):
        client.post(f"/api/v1/tasks/{task['id']}/claim/")
        client.post(f"/api/v1/tasks/{task['id']}/release/")
    complete(city.reviewer, task["id"], "accept")
    with django_assert_max_num_queries(few):
        client.get(f"/api/v1/cases/{case['id']}/")
