"""Every supervision, publication and subject answer, with real rows in it, is what the OpenAPI
schema declares (the schema-driven fuzz run then checks the same operations with made-up input)."""

import datetime

import pytest
import requests
import schemathesis
from django.core.management import call_command
from schemathesis.core.transport import Response

from workflows.records.services import honours_ban_impose, record_transition

from .conftest import at, client_for, complete, file_appeal, make_record, only_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return schemathesis.openapi.from_dict(client.get("/api/v1/schema/?format=json").json())


def conforms(schema, template: str, response) -> None:
    """Raises (naming the field) when the answer is not as documented for its status."""
    answer = Response(
        status_code=response.status_code,
        headers={name.lower(): [value] for name, value in response.headers.items()},
        content=response.content,
        request=requests.Request("GET", f"http://testserver{template}").prepare(),
        elapsed=0.0,
        verify=False,
    )
    schema[template]["GET"].validate_response(answer)


@pytest.fixture
def busy_city(city, time_machine):
    """Overdue tasks with alerts, a case clock, an orphaned task, a late 双公示 publication, a
    disputed record, a repaired one (a deletion in the feed) and a banned subject."""
    from workflows.casework.models import Case, StepPolicy
    from workflows.casework.services import case_clock_start

    time_machine.move_to(at(9, 28))
    one = file_appeal(city, make_record(city))
    two = file_appeal(city, make_record(city, document_number="泰市监罚〔2026〕9号"))
    complete(city.reviewer, only_task(city.reviewer, "accept", one["id"])["id"], "accept")
    StepPolicy.objects.create(kind="appeal", step="case", limit_days=1)
    case_clock_start(case=Case.objects.get(pk=two["id"]))
    late = make_record(
        city, occurred_on=datetime.date(2026, 9, 1), document_number="泰市监罚〔2026〕11号"
    )
    repaired = make_record(city, document_number="泰市监罚〔2026〕12号")
    time_machine.move_to(at(10, 12))
    call_command("fire_timers", stdout=__import__("io").StringIO())
    record_transition(record=repaired, transition="repair", reason="已履行")
    honours_ban_impose(subject=city.subject, months=12, reason="逾期未整改")
    make_record(city, severity="serious", source="judgment", document_number="（2026）苏12民初9号")
    city.verifier_market.is_active = False
    city.verifier_market.save()
    return {"late": late, "repaired": repaired}


def test_the_boards_answers_are_as_documented(city, busy_city, schema):
    client = client_for(city.supervisor)
    response = client.get("/api/v1/supervision/overdue/")
    assert {r["type"] for r in response.json()["results"]} == {"task", "clock"}
    conforms(schema, "/api/v1/supervision/overdue/", response)
    conforms(
        schema,
        "/api/v1/supervision/overdue/",
        client.get("/api/v1/supervision/overdue/", {"format": "csv"}),
    )
    conforms(
        schema,
        "/api/v1/supervision/overdue/",
        client.get("/api/v1/supervision/overdue/", {"format": "xlsx"}),
    )
    conforms(
        schema,
        "/api/v1/supervision/overdue/",
        client.get("/api/v1/supervision/overdue/", {"level": "9"}),
    )
    orphaned = client.get("/api/v1/supervision/orphaned/")
    assert orphaned.json()["count"] == 1
    conforms(schema, "/api/v1/supervision/orphaned/", orphaned)
    publication = client.get("/api/v1/supervision/publication/", {"late": "true"})
    assert publication.json()["count"] >= 1
    conforms(schema, "/api/v1/supervision/publication/", publication)
    # a filer is refused in the documented error shape
    conforms(
        schema,
        "/api/v1/supervision/overdue/",
        client_for(city.filer_finance).get("/api/v1/supervision/overdue/"),
    )


def test_the_summary_and_the_reports_answers_are_as_documented(
    city, busy_city, schema, time_machine
):
    client = client_for(city.supervisor)
    summary = client.get("/api/v1/supervision/summary/", {"from": "2026-07-01", "to": "2026-12-31"})
    assert summary.json()["honours_bans"] == 1
    conforms(schema, "/api/v1/supervision/summary/", summary)
    conforms(
        schema,
        "/api/v1/supervision/summary/",
        client.get("/api/v1/supervision/summary/", {"from": "x"}),
    )
    template = "/api/v1/supervision/reports/{year}-h{half}.{fmt}"
    time_machine.move_to(at(7, 2).replace(year=2027))
    for fmt in ("pdf", "xlsx"):
        report = client.get(f"/api/v1/supervision/reports/2026-h2.{fmt}")
        assert report.status_code == 200
        conforms(schema, template, report)
    conforms(schema, template, client.get("/api/v1/supervision/reports/2027-h2.pdf"))


def test_the_feed_and_the_subjects_answers_are_as_documented(city, busy_city, schema, api_client):
    feed = api_client.get("/api/v1/public/records/", {"since": "2026-10-01T00:00:00+08:00"})
    rows = feed.json()["results"]
    assert any(r.get("deleted") for r in rows)
    conforms(schema, "/api/v1/public/records/", feed)
    whole = api_client.get("/api/v1/public/records/")
    assert any(r["mark"] for r in whole.json()["results"])
    conforms(schema, "/api/v1/public/records/", whole)
    conforms(
        schema,
        "/api/v1/public/records/",
        api_client.get("/api/v1/public/records/", {"format": "csv"}),
    )
    conforms(
        schema,
        "/api/v1/public/records/",
        api_client.get("/api/v1/public/records/", {"since": "yesterday"}),
    )
    client = client_for(city.filer_finance)
    check = client.get(f"/api/v1/subjects/{city.subject.pk}/honours-check/")
    assert [r["code"] for r in check.json()["reasons"]] == ["honours_ban", "serious_dishonesty"]
    conforms(schema, "/api/v1/subjects/{id}/honours-check/", check)
    conforms(
        schema,
        "/api/v1/subjects/{id}/report.pdf",
        client.get(f"/api/v1/subjects/{city.subject.pk}/report.pdf"),
    )
    conforms(
        schema, "/api/v1/subjects/{id}/report.pdf", client.get("/api/v1/subjects/999999/report.pdf")
    )


def test_a_shape_that_lies_is_caught(city, busy_city, schema):
    """The check can fail: a board row without its days overdue is not the documented shape."""
    response = client_for(city.supervisor).get("/api/v1/supervision/overdue/")
    body = response.json()
    del body["results"][0]["days_overdue"]
    response.content = __import__("json").dumps(body).encode()
    with pytest.raises(Exception, match="days_overdue"):
        conforms(schema, "/api/v1/supervision/overdue/", response)
