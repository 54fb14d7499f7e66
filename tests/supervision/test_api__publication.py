"""The 信用泰州 feed (no login, incremental with deletions) and 双公示 tracking."""

import datetime

import pytest

from workflows.records.models import CreditRecord
from workflows.records.services import record_transition

from .conftest import at, client_for, file_appeal, make_record

pytestmark = pytest.mark.django_db

FEED = "/api/v1/public/records/"
FIELDS = {
    "id",
    "subject_name",
    "uscc",
    "category",
    "severity",
    "summary",
    "document_number",
    "occurred_on",
    "publicity_start",
    "publicity_end",
    "provider_name",
    "mark",
    "published_at",
    "publication_due",
}


def _pull(api_client, **params):
    response = api_client.get(FEED, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_feed_needs_no_login_and_publishes_only_the_published_fields(city, api_client):
    published = make_record(city)
    CreditRecord.objects.filter(pk=published.pk).update(dispute_note="内部备注：请勿公开")
    make_record(city, severity="minor", document_number="泰市监罚〔2026〕10号")
    make_record(city, subject=city.person, source="discipline", document_number="泰纪〔2026〕1号")
    rows = _pull(api_client)
    assert [r["id"] for r in rows] == [published.pk]
    row = rows[0]
    assert set(row) == FIELDS
    assert row["subject_name"] == "泰州市财政局"
    assert row["uscc"] == city.finance.uscc
    assert row["provider_name"] == "市市场监管局"
    assert row["mark"] is None
    assert "内部备注" not in str(row)


def test_a_disputed_record_carries_the_mark(city, api_client):
    record = make_record(city)
    file_appeal(city, record)
    rows = _pull(api_client)
    assert [(r["id"], r["mark"]) for r in rows] == [(record.pk, "异议处理中")]


def test_a_repaired_record_leaves_the_next_incremental_pull_as_a_deletion(
    city, api_client, time_machine
):
    time_machine.move_to(at(7, 1))
    repaired = make_record(city)
    kept = make_record(city, document_number="泰市监罚〔2026〕11号")
    first = _pull(api_client)
    assert {r["id"] for r in first} == {repaired.pk, kept.pk}

    time_machine.move_to(at(7, 2))
    since = "2026-07-01T12:00:00+08:00"
    assert _pull(api_client, since=since) == []
    record_transition(record=repaired, transition="repair", reason="信用修复")
    newly = make_record(city, document_number="泰市监罚〔2026〕12号")
    rows = _pull(api_client, since=since)
    deletions = [r for r in rows if r.get("deleted")]
    assert [set(r) for r in deletions] == [{"id", "deleted", "at"}]
    assert deletions[0]["id"] == repaired.pk
    assert deletions[0]["at"].startswith("2026-07-02T10:00")
    assert [r["id"] for r in rows if not r.get("deleted")] == [newly.pk]
    # the full feed no longer has it
    assert {r["id"] for r in _pull(api_client)} == {kept.pk, newly.pk}


def test_bad_since_is_400(api_client):
    for since in ("yesterday", "2026-07-01T12:00:00"):
        response = api_client.get(FEED, {"since": since})
        assert response.status_code == 400
        assert "since" in response.json()["errors"]


def test_the_feed_as_csv(city, api_client):
    record = make_record(city)
    response = api_client.get(FEED, {"format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header, line = text.strip().splitlines()
    assert header.split(",")[:3] == ["id", "subject_name", "uscc"]
    assert line.startswith(f"{record.pk},泰州市财政局,{city.finance.uscc}")


def test_a_decision_published_on_its_eighth_working_day_is_late(city, api_client, time_machine):
    # decided Mon 28 Sep 2026: 7 working days (the National Day holiday not counted) end 13 Oct
    decided = datetime.date(2026, 9, 28)
    time_machine.move_to(at(10, 13, 17))
    on_time = make_record(city, occurred_on=decided, publicity_start=datetime.date(2026, 10, 13))
    time_machine.move_to(at(10, 14, 9))
    late = make_record(
        city,
        occurred_on=decided,
        publicity_start=datetime.date(2026, 10, 14),
        document_number="泰市监罚〔2026〕13号",
    )
    feed = {r["id"]: r for r in _pull(api_client)}
    assert feed[on_time.pk]["publication_due"] == "2026-10-13"
    assert feed[late.pk]["publication_due"] == "2026-10-13"
    assert feed[late.pk]["published_at"].startswith("2026-10-14T09:00")

    response = client_for(city.supervisor).get("/api/v1/supervision/publication/")
    flags = {r["record"]: (r["late"], r["working_days_late"]) for r in response.json()["results"]}
    assert flags == {on_time.pk: (False, 0), late.pk: (True, 1)}
    late_only = client_for(city.supervisor).get(
        "/api/v1/supervision/publication/", {"late": "true"}
    )
    assert [r["record"] for r in late_only.json()["results"]] == [late.pk]


def test_records_outside_double_publicity_have_no_publication_due(city, api_client):
    make_record(city, source="judgment", document_number="（2026）苏12民初9号")
    assert _pull(api_client)[0]["publication_due"] is None


def test_lateness_turns_at_local_midnight_after_the_due_day(city, time_machine):
    decided = datetime.date(2026, 9, 28)  # due 13 Oct
    time_machine.move_to(at(10, 13, 23, 59))
    last_minute = make_record(city, occurred_on=decided)
    time_machine.move_to(at(10, 14, 0, 1))
    first_minute = make_record(city, occurred_on=decided, document_number="泰市监罚〔2026〕14号")
    rows = client_for(city.supervisor).get("/api/v1/supervision/publication/").json()["results"]
    assert {r["record"]: r["late"] for r in rows} == {last_minute.pk: False, first_minute.pk: True}


def test_the_board_page_shows_the_latest_ten_late_publications_and_how_many(
    city, client, time_machine
):
    time_machine.move_to(at(10, 20))
    late = [
        make_record(
            city, occurred_on=datetime.date(2026, 9, 1), document_number=f"泰罚〔2026〕{n}号"
        )
        for n in range(11)
    ]
    client.force_login(city.supervisor)
    html = client.get("/supervision/").content.decode()
    assert "泰罚〔2026〕10号" in html  # the latest
    assert "泰罚〔2026〕0号" not in html  # the eleventh shows through the API only
    assert "最近10项，共11项" in html
    response = client_for(city.supervisor).get(
        "/api/v1/supervision/publication/", {"late": "true", "page_size": 10, "page": 2}
    )
    assert [r["record"] for r in response.json()["results"]] == [late[0].pk]


def test_an_incremental_pull_pages_through_changes_then_deletions(city, api_client, time_machine):
    time_machine.move_to(at(7, 1))
    repaired = make_record(city)
    time_machine.move_to(at(7, 2))
    since = "2026-07-01T12:00:00+08:00"
    record_transition(record=repaired, transition="repair", reason="信用修复")
    newer = [make_record(city, document_number=f"泰市监罚〔2026〕{n}号") for n in (21, 22)]
    pages = [
        api_client.get(FEED, {"since": since, "page_size": 1, "page": n}).json() for n in (1, 2, 3)
    ]
    assert [p["count"] for p in pages] == [3, 3, 3]
    assert [p["results"][0]["id"] for p in pages] == [newer[0].pk, newer[1].pk, repaired.pk]
    assert pages[2]["results"][0]["deleted"] is True
    assert set(pages[0]["results"][0]) == FIELDS
