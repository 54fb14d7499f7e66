"""A schema-driven fuzz run over every API operation: no 5xx, no answer outside the schema.

Fixed seed (derandomize), so a run is reproducible; `make fuzz` runs more examples per operation
(FUZZ_EXAMPLES; 8 in the ordinary suite).
"""

import os
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.appeal.conftest import city  # noqa: F401  (the appeal journey's city)
from tests.appeal.helpers import file_appeal
from workflows.api.tokens import token_issue

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
# what the issue asks: no 5xx, only documented statuses and content types, bodies as documented
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
pytestmark = [pytest.mark.django_db, pytest.mark.integration]  # make test's second pass


CALLS = {"count": 0}
# (method, path) -> the statuses answered: proof the examples reached the views, not only 401/404
STATUSES: dict[tuple[str, str], set[int]] = {}


def _fuzz(operation, headers: dict, mode: GenerationMode, ids: dict | None) -> str | None:
    """Run one operation's examples; the first failure's description, or None."""

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=ids))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        CALLS["count"] += 1
        response = case.call(headers=headers)
        STATUSES.setdefault((operation.method.upper(), operation.path), set()).add(
            response.status_code
        )
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing about the operation can be made invalid
        return None
    # schemathesis's FailureGroup is a BaseExceptionGroup, not an Exception
    except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  (collected: all reported)
        where = f"{mode.value} {operation.method.upper()} {operation.path} {ids or ''}"
        return f"{where}: {str(exc)[:1500]}"
    return None


@contextmanager
def _connection_kept_open():
    """Calling the WSGI app directly would close the test's database connection after every
    request (PostgreSQL then fails the next one); Django's test client does the same, and
    reconnects the handler after each of its requests, so this wraps the fuzz run only."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


def test_every_operation_answers_within_its_schema(city):  # noqa: F811
    from config.wsgi import application

    case = file_appeal(city).json()
    # ids that exist, so the examples reach the views' input handling, not only their 404s
    existing = {
        "/cases/": {"id": case["id"]},
        "/appeals/": {"id": case["id"]},
        "/tasks/": {"id": case["open_tasks"][0]["id"]},
        "/records/": {"id": city.record.pk},
        "/subjects/": {"id": city.subject.pk},
    }
    with _connection_kept_open():
        failures, operations = _fuzz_all(application, city.reviewer, city.supervisor, existing)
    assert operations >= 30
    assert CALLS["count"] >= operations * 2
    assert failures == [], "\n\n".join(failures)
    # every list, and every read of an object pinned above, was answered 200 at least once
    pinned = {f"/api/v1{prefix}{{id}}/" for prefix in existing}
    expected = {
        path for method, path in STATUSES if method == "GET" and ("{" not in path or path in pinned)
    }
    expected |= {"/api/v1/cases/{id}/documents/", "/api/v1/cases/{id}/attachments/"}
    unanswered = sorted(path for path in expected if 200 not in STATUSES[("GET", path)])
    assert unanswered == [], STATUSES


def _fuzz_all(application, user, supervisor, existing: dict) -> tuple[list[str], int]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        # positive: valid input must be answered as documented; negative: invalid input (wrong
        # types, non-object bodies, odd strings) must be refused with a documented 4xx
        pinned = next(
            (ids for prefix, ids in existing.items() if f"/api/v1{prefix}{{id}}" in operation.path),
            None,
        )
        for mode in GenerationMode:
            for ids in (None, pinned) if pinned else (None,):
                # a token per run: the revoke operation's examples end the caller's tokens
                # the supervision board is the supervisor's; everything else the reviewer's
                caller = supervisor if "/supervision/" in operation.path else user
                key, _token = token_issue(user=caller)
                failure = _fuzz(operation, {"Authorization": f"Token {key}"}, mode, ids)
                if failure:
                    failures.append(failure)
    return failures, operations
