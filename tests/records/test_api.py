"""/api/v1/subjects/ and /api/v1/records/ as docs/api.md fixes them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CreditRecordFactory, SubjectFactory
from workflows.organization.uscc import (
    USCC_BAD_CHARACTER,
    USCC_BAD_CHECK,
    USCC_WRONG_LENGTH,
    uscc_complete,
)
from workflows.records.api import (
    ONLY_CREDIT_OFFICE_CREATES_RECORDS,
    ONLY_CREDIT_OFFICE_CREATES_SUBJECTS,
)
from workflows.records.models import CreditRecord, Subject
from workflows.records.services import record_transition

pytestmark = pytest.mark.django_db

RECORDS = "/api/v1/records/"
SUBJECTS = "/api/v1/subjects/"
RECORD_FIELDS = {
    "id",
    "subject",
    "category",
    "severity",
    "source",
    "summary",
    "occurred_on",
    "publicity_start",
    "publicity_end",
    "state",
    "provider",
    "history",
}


def _client(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_the_paths_are_named():
    assert reverse("api-record-list") == RECORDS
    assert reverse("api-subject-list") == SUBJECTS


@pytest.mark.parametrize("path", [SUBJECTS, RECORDS, f"{SUBJECTS}1/", f"{RECORDS}1/"])
def test_unauthenticated_requests_are_refused_with_401(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 401
    assert "errors" in response.json()


def test_a_record_has_the_fields_of_the_contract(api_client, finance_filer, finance):
    record = CreditRecordFactory(subject=SubjectFactory(department=finance))
    record_transition(record=record, transition="mark_disputed", by=finance_filer)

    body = _client(api_client, finance_filer).get(f"{RECORDS}{record.pk}/").json()

    assert set(body) >= RECORD_FIELDS
    assert body["state"] == "disputed"
    assert body["subject"] == record.subject_id
    assert body["provider"] == finance.pk
    assert body["publicity_end"] == record.publicity_end.isoformat()
    assert [(h["from"], h["to"]) for h in body["history"]] == [
        ("", "active"),
        ("active", "disputed"),
    ]
    assert body["history"][1]["by"] == "filer_finance"
    assert set(body["history"][0]) >= {"at", "from", "to", "by", "case"}
    assert body["history"][0]["at"].endswith("+08:00")


def test_another_departments_record_is_404(api_client, finance_filer, housing):
    record = CreditRecordFactory(subject=SubjectFactory(department=housing))

    response = _client(api_client, finance_filer).get(f"{RECORDS}{record.pk}/")

    assert response.status_code == 404


def test_another_departments_subject_is_404(api_client, finance_filer, housing):
    subject = SubjectFactory(department=housing)

    response = _client(api_client, finance_filer).get(f"{SUBJECTS}{subject.pk}/")

    assert response.status_code == 404


def test_the_list_shows_only_visible_records_and_filters(
    api_client, finance_filer, finance, housing
):
    own = CreditRecordFactory(subject=SubjectFactory(department=finance))
    disputed = record_transition(
        record=CreditRecordFactory(subject=SubjectFactory(department=finance)),
        transition="mark_disputed",
    )
    CreditRecordFactory(subject=SubjectFactory(department=housing))
    client = _client(api_client, finance_filer)

    everything = client.get(RECORDS).json()
    only_disputed = client.get(RECORDS, {"state": "disputed"}).json()
    by_subject = client.get(RECORDS, {"subject": own.subject_id}).json()

    assert everything["count"] == 2
    assert {"count", "next", "previous", "results"} <= set(everything)
    assert [r["id"] for r in only_disputed["results"]] == [disputed.pk]
    assert [r["id"] for r in by_subject["results"]] == [own.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "nonsense"}, "state"),
        ({"subject": "abc"}, "subject"),
        ({"category": "praise"}, "category"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "x"}, "page"),
    ],
)
def test_bad_query_parameters_answer_400(api_client, reviewer, params, field):
    response = _client(api_client, reviewer).get(RECORDS, params)

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_list_does_not_query_per_record(api_client, reviewer):
    CreditRecordFactory.create_batch(2)
    client = _client(api_client, reviewer)
    client.get(RECORDS)  # the user's roles are read once and cached
    with CaptureQueriesContext(connection) as few:
        client.get(RECORDS)
    CreditRecordFactory.create_batch(8)

    with CaptureQueriesContext(connection) as many:
        response = client.get(RECORDS)

    assert response.json()["count"] == 10
    assert len(many) == len(few)


def test_subjects_are_scoped(api_client, finance_filer, finance, housing):
    own = SubjectFactory(department=finance)
    SubjectFactory(department=housing)

    body = _client(api_client, finance_filer).get(SUBJECTS).json()

    assert [s["id"] for s in body["results"]] == [own.pk]
    assert set(body["results"][0]) >= {"id", "kind", "name", "uscc", "department"}


def test_the_credit_office_registers_a_subject(api_client, reviewer, finance):
    uscc = uscc_complete("11321200014000999")

    response = _client(api_client, reviewer).post(
        SUBJECTS,
        {"kind": "body", "name": "泰州市财政局票据中心", "uscc": uscc, "department": finance.pk},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["uscc"] == uscc
    assert Subject.objects.filter(uscc=uscc, department=finance).exists()


def test_a_department_cannot_register_subjects(api_client, finance_filer, finance):
    response = _client(api_client, finance_filer).post(
        SUBJECTS,
        {"kind": "person", "name": "张伟", "department": finance.pk},
        format="json",
    )

    assert response.status_code == 403
    assert response.json()["detail"] == str(ONLY_CREDIT_OFFICE_CREATES_SUBJECTS)
    assert not Subject.objects.exists()


@pytest.mark.parametrize(
    ("uscc", "fault"),
    [
        ("1132120001400004", "length"),
        ("11321200014000O41X", "character"),
        ("91110000100001780A", "check"),
    ],
)
def test_an_invalid_uscc_answers_400_naming_the_fault(api_client, reviewer, finance, uscc, fault):
    message = {
        "length": USCC_WRONG_LENGTH % {"length": 16},
        "character": USCC_BAD_CHARACTER % {"char": "O", "position": 15},
        "check": USCC_BAD_CHECK % {"given": "A", "expected": "1"},
    }[fault]

    response = _client(api_client, reviewer).post(
        SUBJECTS,
        {"kind": "body", "name": "某单位", "uscc": uscc, "department": finance.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["uscc"] == [message]
    assert not Subject.objects.exists()


def test_the_credit_office_enters_an_active_record(api_client, reviewer, finance):
    subject = SubjectFactory(department=finance)

    response = _client(api_client, reviewer).post(
        RECORDS,
        {
            "subject": subject.pk,
            "category": "dishonesty",
            "severity": "general",
            "source": "penalty",
            "summary": "未按期公开预算。",
            "occurred_on": "2026-02-01",
            "publicity_start": "2026-02-10",
            "provider": finance.pk,
            "document_number": "泰财罚〔2026〕9号",
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "active"
    assert body["publicity_end"] == "2027-02-10"
    assert [(h["from"], h["to"], h["by"]) for h in body["history"]] == [("", "active", "reviewer")]


def test_a_record_without_a_provider_comes_from_the_callers_department(
    api_client, reviewer, credit_office
):
    subject = SubjectFactory()

    response = _client(api_client, reviewer).post(
        RECORDS,
        {
            "subject": subject.pk,
            "category": "commendation",
            "source": "other",
            "summary": "通报表扬。",
            "occurred_on": datetime.date.today().isoformat(),
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["provider"] == credit_office.pk


def test_a_department_cannot_enter_records(api_client, finance_filer, finance):
    subject = SubjectFactory(department=finance)

    response = _client(api_client, finance_filer).post(
        RECORDS,
        {
            "subject": subject.pk,
            "category": "dishonesty",
            "severity": "general",
            "source": "penalty",
            "summary": "x",
            "occurred_on": "2026-02-01",
        },
        format="json",
    )

    assert response.status_code == 403
    assert response.json()["detail"] == str(ONLY_CREDIT_OFFICE_CREATES_RECORDS)
    assert not CreditRecord.objects.exists()


def test_an_invalid_record_answers_400_by_field(api_client, reviewer, finance):
    subject = SubjectFactory(department=finance)

    response = _client(api_client, reviewer).post(
        RECORDS,
        {
            "subject": subject.pk,
            "category": "dishonesty",
            "severity": "huge",
            "source": "penalty",
            "summary": "x",
            "occurred_on": "2026-02-30",
        },
        format="json",
    )

    assert response.status_code == 400
    assert {"severity", "occurred_on"} <= set(response.json()["errors"])


def test_the_schema_describes_the_registry():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    from workflows.records import api

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=api.urlpatterns).get_schema(request=None, public=True)

    assert not GENERATOR_STATS, "drf-spectacular warned or failed on the registry API"

    assert {"/subjects/", "/subjects/{id}/", "/records/", "/records/{id}/"} <= set(schema["paths"])
    record = schema["components"]["schemas"]["Record"]["properties"]
    assert set(record) >= RECORD_FIELDS
    event = schema["components"]["schemas"]["RecordEvent"]["properties"]
    assert {"at", "from", "to", "by", "case"} <= set(event)
