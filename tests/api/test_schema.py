"""The OpenAPI schema says what the API answers: every view's shape, its errors, one id per
operation; and real answers (a decided case, system history) conform to it."""

import pytest
import schemathesis
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.test_fuzz import _connection_kept_open
from tests.appeal.conftest import city  # noqa: F401  (the appeal journey's city)
from tests.appeal.helpers import client_for, complete, file_appeal, only_task
from workflows.api.tokens import token_issue
from workflows.casework.events import case_event_add
from workflows.casework.models import Case

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _schema() -> tuple[dict, list[str]]:
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    return schema, messages


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_schema_generation_warns_of_nothing():
    """What `manage.py spectacular --validate --fail-on-warn` checks, over every view."""
    schema, messages = _schema()
    validate_schema(schema)  # OpenAPI 3 conformance; raises on a fault
    assert messages == []


def test_every_operation_has_one_id_and_a_documented_answer():
    schema, _messages = _schema()
    ids = [operation["operationId"] for _path, _method, operation in _operations(schema)]
    assert len(ids) == len(set(ids))
    assert {"cases_list", "cases_retrieve", "tasks_list", "tasks_retrieve"} <= set(ids)
    assert {"cases_attachments_list", "cases_attachment_download"} <= set(ids)
    for path, method, operation in _operations(schema):
        success = {c: r for c, r in operation["responses"].items() if c.startswith("2")}
        assert success, f"{method} {path}"
        for code, response in success.items():
            if code != "204":
                assert response.get("content"), f"{method} {path} {code}: no response body"


def test_the_case_and_task_shapes_declare_their_fields():
    schema, _messages = _schema()
    components = schema["components"]["schemas"]
    case = components["Case"]
    assert set(case["required"]) >= {"id", "kind", "number", "state", "history", "decision"}
    history = components["HistoryEntry"]["properties"]
    assert history["by"]["type"] == "string"
    assert not history["by"].get("nullable")
    assert set(components["Task"]["properties"]) >= {"id", "case", "kind", "step", "actions"}
    # a kind's own fields, read off its model; private ones null for the provider's staff
    appeal = components["AppealCase"]["properties"]
    assert appeal["grounds"]["type"] == "string"
    assert appeal["contact_phone"]["nullable"] is True
    # the filing input, read off the kind's filing form
    filing = schema["paths"]["/api/v1/appeals/"]["post"]["requestBody"]["content"]
    assert "grounds" in components["AppealFiling"]["properties"]
    assert set(filing) == {"application/json", "multipart/form-data"}
    repair = schema["paths"]["/api/v1/repairs/"]["post"]["requestBody"]["content"]
    assert set(repair) == {"multipart/form-data"}  # the signed letter is a file


def _errors(schema, path, method) -> set[str]:
    responses = schema["paths"][path][method]["responses"]
    return {code for code in responses if code[0] in "45"}


def test_each_operation_documents_the_errors_it_can_answer():
    schema, _messages = _schema()
    complete_errors = _errors(schema, "/api/v1/tasks/{id}/complete/", "post")
    assert complete_errors == {"400", "401", "403", "404", "409", "413", "415", "500"}
    assert _errors(schema, "/api/v1/cases/", "get") == {"400", "401", "500"}
    # public: no login to fail, nothing to conflict with
    assert _errors(schema, "/api/v1/verify/{code}/", "get") == {"400", "404", "500"}
    upload = _errors(schema, "/api/v1/cases/{id}/attachments/", "post")
    assert {"413", "415", "409"} <= upload
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"errors", "detail"}
    for path, method, operation in _operations(schema):
        for code, response in operation["responses"].items():
            if code[0] in "45":
                media = response["content"]["application/json"]["schema"]
                assert media == {"$ref": "#/components/schemas/Error"}, f"{method} {path}"


@pytest.fixture
def decided_case(city):  # noqa: F811
    """An appeal through to its signed decision, with a history entry no user wrote."""
    case_id = file_appeal(city).json()["id"]
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    complete(
        city.verifier_market,
        only_task(city.verifier_market, "verify")["id"],
        "confirm_error",
        finding="经核实，该处罚决定已被撤销，记录有误。",
        proposed_outcome="correct",
        proposed_correction="该处罚已被撤销。",
    )
    complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="corrected",
        reasons="经核实，原处罚决定已被依法撤销。",
        corrected_summary="原处罚决定已被撤销，不再构成失信。",
    )
    response = complete(city.approver, only_task(city.approver, "sign")["id"], "approve")
    assert response.status_code == 200, response.content
    # what a timer or the alert sweep writes: an entry without a user
    case_event_add(case=Case.objects.get(pk=case_id), step="sign", action="remind")
    return response.json()


@pytest.mark.django_db
def test_history_by_is_system_when_no_user_acted(city, decided_case):  # noqa: F811
    reviewer = client_for(city.reviewer)
    case = reviewer.get(f"/api/v1/cases/{decided_case['id']}/").json()
    by = [(h["action"], h["by"]) for h in case["history"]]
    assert by[0] == ("file", "filer_finance")
    assert by[-1] == ("remind", "system")
    # the record was entered without a user (an import): its history says so the same way
    record = reviewer.get(f"/api/v1/records/{city.record.pk}/").json()
    assert record["history"][0]["by"] == "system"
    assert record["history"][-1]["by"] == "approver"


@pytest.mark.django_db
def test_answers_about_a_decided_case_conform_to_the_schema(city, decided_case):  # noqa: F811
    from config.wsgi import application

    case_id = decided_case["id"]
    decision = decided_case["decision"]
    key, _token = token_issue(user=city.reviewer)
    calls = [
        ("/api/v1/cases/{id}/", {"id": case_id}),
        ("/api/v1/appeals/{id}/", {"id": case_id}),
        ("/api/v1/cases/", {}),
        ("/api/v1/appeals/", {}),
        ("/api/v1/cases/{id}/documents/", {"id": case_id}),
        ("/api/v1/cases/{id}/decision.pdf", {"id": case_id}),
        ("/api/v1/cases/{id}/attachments/", {"id": case_id}),
        ("/api/v1/verify/{code}/", {"code": decision["verify_code"]}),
        ("/api/v1/records/{id}/", {"id": city.record.pk}),
        ("/api/v1/records/", {}),
        ("/api/v1/tasks/", {}),
    ]
    with _connection_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
        for path, ids in calls:
            case = schema[path]["GET"].Case(path_parameters=ids)
            response = case.call(headers={"Authorization": f"Token {key}"})
            assert response.status_code == 200, (path, response.text[:300])
            case.validate_response(response, checks=CHECKS)


EMPTY_FILTERS = [
    ("/api/v1/cases/", "state"),
    ("/api/v1/cases/", "kind"),
    ("/api/v1/cases/", "subject"),
    ("/api/v1/cases/", "department"),
    ("/api/v1/cases/", "overdue"),
    ("/api/v1/appeals/", "state"),
    ("/api/v1/appeals/", "overdue"),
    ("/api/v1/tasks/", "kind"),
    ("/api/v1/tasks/", "overdue"),
    ("/api/v1/records/", "state"),
    ("/api/v1/records/", "subject"),
    ("/api/v1/records/", "category"),
    ("/api/v1/records/", "severity"),
    ("/api/v1/subjects/", "kind"),
    ("/api/v1/subjects/", "department"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), EMPTY_FILTERS)
def test_an_empty_filter_answers_400_naming_it(city, path, name):  # noqa: F811
    response = client_for(city.reviewer).get(path, {name: ""})
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [name]


VALID_FILTERS = [
    ("/api/v1/cases/", {"state": "filed", "kind": "appeal", "overdue": "false"}),
    ("/api/v1/appeals/", {"state": "filed"}),
    ("/api/v1/tasks/", {"kind": "appeal", "overdue": "false"}),
    ("/api/v1/records/", {"state": "disputed"}),
    ("/api/v1/subjects/", {"kind": "body"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "params"), VALID_FILTERS)
def test_the_same_filters_with_a_value_filter(city, path, params):  # noqa: F811
    assert file_appeal(city).status_code == 201
    response = client_for(city.reviewer).get(path, params)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1


@pytest.mark.django_db
def test_an_unknown_state_answers_400_naming_the_states(city):  # noqa: F811
    client = client_for(city.reviewer)
    errors = client.get("/api/v1/appeals/", {"state": "drafting"}).json()["errors"]
    assert "filed" in errors["state"][0]
    # a state of another kind is unknown to that kind's list, known to all cases
    assert client.get("/api/v1/appeals/", {"state": "rectifying"}).status_code == 400
    assert client.get("/api/v1/cases/", {"state": "rectifying"}).status_code == 200


@pytest.fixture
def demo(db):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {u.username: u for u in get_user_model().objects.all()}


def test_the_demo_city_answers_within_the_schema(demo):
    """Every kind's cases at every step of the demo, as the whole city sees them and as a record
    provider's verifier does (private fields null), their documents, the inboxes and registry."""
    from config.wsgi import application
    from workflows.casework import registry
    from workflows.documents.models import Document

    calls: list[tuple[str, str, dict]] = [
        ("reviewer", "/api/v1/cases/", {}),
        ("reviewer", "/api/v1/records/", {}),
        ("reviewer", "/api/v1/subjects/", {}),
    ]
    for username in ("reviewer", "approver", "supervisor", "filer_finance", "verifier_market"):
        calls.append((username, "/api/v1/tasks/", {}))
    for spec in registry.processes():
        collection = f"/api/v1/{spec.api_path}/"
        calls.append(("reviewer", collection, {}))
        for case in Case.objects.filter(kind=spec.kind).select_related("record"):
            ids = {"id": case.pk}
            calls += [
                ("reviewer", collection + "{id}/", ids),
                ("reviewer", "/api/v1/cases/{id}/documents/", ids),
            ]
            if case.record_id:
                provider = f"verifier_{case.record.provider.code}"
                if provider in demo:
                    calls.append((provider, collection + "{id}/", ids))
    documents = list(Document.objects.values_list("verify_code", flat=True)[:10])
    calls += [("reviewer", "/api/v1/verify/{code}/", {"code": code}) for code in documents]

    answered = 0
    with _connection_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
        for username, path, ids in calls:
            key, _token = token_issue(user=demo[username])
            query = {} if "{" in path else {"page_size": 200}
            case = schema[path]["GET"].Case(path_parameters=ids, query=query)
            response = case.call(headers={"Authorization": f"Token {key}"})
            case.validate_response(response, checks=CHECKS)
            answered += response.status_code == 200
    assert answered == len(calls)
    assert sum(username.startswith("verifier_") for username, _path, _ids in calls) >= 4
