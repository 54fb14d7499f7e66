"""One error shape under /api/: every 4xx and 5xx is {"errors": ...}, and bad input never 500s."""

import json

import pytest
from django.test import Client

from tests.appeal.conftest import city  # noqa: F401  (the appeal journey's city)
from tests.appeal.helpers import client_for, file_appeal, only_task

pytestmark = pytest.mark.django_db


def _errors(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["errors"], dict)
    assert body["errors"]
    return body["errors"]


@pytest.fixture
def reviewer(city):  # noqa: F811
    return client_for(city.reviewer)


@pytest.fixture
def accept_id(city):  # noqa: F811
    assert file_appeal(city).status_code == 201
    return only_task(city.reviewer, "accept")["id"]


def test_unmatched_api_path_is_json_404(reviewer):
    _errors(reviewer.get("/api/v1/no-such-thing/"), 404)


def test_wrong_method_is_json_405(reviewer):
    _errors(reviewer.delete("/api/v1/cases/"), 405)


def test_body_one_past_the_limit_is_json_413(reviewer, accept_id, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    url = f"/api/v1/tasks/{accept_id}/complete/"
    padding = 1024 - len(json.dumps({"action": "x", "comment": ""}))
    at_limit = json.dumps({"action": "x", "comment": "c" * padding})
    assert len(at_limit) == 1024
    _errors(reviewer.post(url, at_limit, content_type="application/json"), 400)
    past = json.dumps({"action": "x", "comment": "c" * (padding + 1)})
    _errors(reviewer.post(url, past, content_type="application/json"), 413)


def test_thirty_megabyte_body_is_json_413(reviewer, accept_id):
    body = b'{"action": "' + b"x" * (30 * 1024 * 1024) + b'"}'
    response = reviewer.post(
        f"/api/v1/tasks/{accept_id}/complete/", body, content_type="application/json"
    )
    _errors(response, 413)
    assert only_task_still_open(reviewer, accept_id)


def test_unsupported_media_type_is_json_415(reviewer, accept_id):
    response = reviewer.post(
        f"/api/v1/tasks/{accept_id}/complete/", "<x/>", content_type="application/xml"
    )
    _errors(response, 415)


def test_a_server_error_is_json_500(city, monkeypatch):  # noqa: F811
    from workflows.casework import api

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "cases_visible_to", boom)
    client = Client(raise_request_exception=False)
    client.force_login(city.reviewer)
    errors = _errors(client.get("/api/v1/cases/"), 500)
    assert "boom" not in json.dumps(errors)


@pytest.mark.parametrize("body", ["[]", "1", '"accept"', "null"])
def test_a_json_body_that_is_not_an_object_is_400(reviewer, accept_id, body):
    response = reviewer.post(
        f"/api/v1/tasks/{accept_id}/complete/", body, content_type="application/json"
    )
    _errors(response, 400)
    assert only_task_still_open(reviewer, accept_id)


def only_task_still_open(client, task_id) -> bool:
    return client.get(f"/api/v1/tasks/{task_id}/").json()["actions"] != []


def test_nul_bytes_in_a_body_are_400_and_change_nothing(city, accept_id):  # noqa: F811
    filer = client_for(city.filer_finance)
    case_id = filer.get("/api/v1/cases/").json()["results"][0]["id"]
    response = filer.post(
        f"/api/v1/cases/{case_id}/withdraw/", {"reason": "a\u0000b"}, format="json"
    )
    _errors(response, 400)
    assert filer.get(f"/api/v1/cases/{case_id}/").json()["state"] == "filed"
    form = filer.post(f"/api/v1/cases/{case_id}/withdraw/", {"reason": "a\u0000b"})
    _errors(form, 400)


def test_nul_bytes_in_the_query_are_400(reviewer):
    _errors(reviewer.get("/api/v1/cases/", {"state": "a\u0000b"}), 400)


@pytest.mark.parametrize(
    "query", [{"page_size": "²"}, {"page": "²"}, {"subject": "²"}, {"department": "1e20"}]
)
def test_unicode_digits_and_odd_numbers_in_the_query_are_400(reviewer, query):
    _errors(reviewer.get("/api/v1/cases/", query), 400)


def test_unicode_digits_as_extension_days_are_400(city, accept_id):  # noqa: F811
    response = client_for(city.supervisor).post(
        f"/api/v1/tasks/{accept_id}/extend/", {"days": "²", "reason": "需要"}, format="json"
    )
    _errors(response, 400)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tasks/99999999999999999999/",
        "/api/v1/cases/99999999999999999999/",
        "/api/v1/appeals/99999999999999999999/",
        "/api/v1/records/99999999999999999999/",
    ],
)
def test_ids_past_64_bits_are_404(reviewer, path):
    _errors(reviewer.get(path), 404)


def test_a_subject_filter_past_64_bits_is_400(reviewer):
    _errors(reviewer.get("/api/v1/cases/", {"subject": "9" * 25}), 400)


@pytest.mark.parametrize("name", ["kind", "state"])
def test_an_empty_filter_is_400(reviewer, name):
    errors = _errors(reviewer.get("/api/v1/cases/", {name: ""}), 400)
    assert name in errors


def test_empty_kind_in_the_inbox_is_400(reviewer):
    assert "kind" in _errors(reviewer.get("/api/v1/tasks/", {"kind": ""}), 400)


def test_a_form_encoded_complete_works(city, accept_id):  # noqa: F811
    response = client_for(city.reviewer).post(
        f"/api/v1/tasks/{accept_id}/complete/", {"action": "accept"}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] != "filed"
    urlencoded = client_for(city.reviewer).post(
        "/api/v1/tasks/1/complete/",
        "action=accept",
        content_type="application/x-www-form-urlencoded",
    )
    assert urlencoded.status_code in (404, 409)


def test_the_schema_documents_the_error_responses(reviewer):
    schema = reviewer.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/tasks/{id}/complete/"]["post"]
    for status in ("400", "404", "409", "500"):
        assert operation["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
