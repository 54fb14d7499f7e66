"""The document a step will issue, read as a draft PDF on the task page before the step is completed
(on the probe process, whose decide step declares its decision as a StepDraft): inline, marked 草稿,
without a number, and nothing written — no document, no serial, no audit entry, no history."""

import dataclasses
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from workflows.audit.models import AuditEntry
from workflows.casework import registry, steps
from workflows.casework.drafts import StepDraft
from workflows.casework.models import CaseEvent, CaseTask, Notification
from workflows.documents.models import Document, DocumentSequence

from .conftest import client_for, complete, task_of

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _at_decide(town) -> dict:
    """A probe case whose decide step (the approver's) is open."""
    case = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "探针说明甲乙"}, format="json"
    )
    assert case.status_code == 201, case.content
    complete(town.reviewer, task_of(town.reviewer, "intake")["id"], "accept")
    complete(town.filer, task_of(town.filer, "work")["id"], "done")
    consult = task_of(town.reviewer, "consult")
    complete(town.reviewer, consult["id"], "opinion", outcome="agree", reasons="同意")
    complete(town.inspector, consult["id"], "opinion", outcome="agree", reasons="同意")
    return task_of(town.approver, "decide")


def _written() -> tuple:
    return (
        Document.objects.count(),
        list(DocumentSequence.objects.values_list("issuer_code", "last_serial")),
        AuditEntry.objects.count(),
        CaseEvent.objects.count(),
        Notification.objects.count(),
    )


def test_the_approver_reads_the_draft_inline_and_nothing_is_written(town, client):
    decide = _at_decide(town)
    client.force_login(town.approver)
    url = reverse("casework:task_draft", args=[decide["id"]])
    before = _written()

    page = client.get(reverse("casework:task", args=[decide["id"]])).content.decode()
    response = client.get(url)

    assert f'<iframe class="draft-preview" src="{url}#' in page
    assert f'href="{url}" target="_blank"' in page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "no-store"
    # the task page frames it; no other site may
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    text = _text(response.content)
    assert "草稿" in text
    assert "探针决定书" in text
    assert "探针说明甲乙" in text
    assert "探针依据" in text  # the legal basis from the clause library, as issued
    year = timezone.localdate().year
    assert f"泰信探决〔{year}〕号" in text  # the serial is left blank
    assert "验证码" not in text
    assert _written() == before

    # signing issues the first number: the draft took none
    decided = complete(town.approver, decide["id"], "decide")
    assert decided.json()["decision"]["number"] == f"泰信探决〔{year}〕1号"
    document = Document.objects.get()
    assert "草稿" not in _text(bytes(document.pdf))  # nor its note


def test_who_reads_the_draft(town, client):
    decide = _at_decide(town)
    url = reverse("casework:task_draft", args=[decide["id"]])
    task_page = reverse("casework:task", args=[decide["id"]])

    # the supervisor answers for every step; the office's approvers work this one
    for user in (town.approver, town.supervisor):
        client.force_login(user)
        assert client.get(url).status_code == 200, user
    # the filer sees its case, but not the draft before it is signed; a reviewer neither
    for user in (town.filer, town.reviewer):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
        assert "<iframe" not in client.get(task_page).content.decode()
    # another department does not even see the case
    client.force_login(town.filer_housing)
    assert client.get(url).status_code == 404


def test_no_draft_where_the_step_issues_nothing_or_is_done(town, client):
    decide = _at_decide(town)
    consult = CaseTask.objects.get(step="consult")
    client.force_login(town.supervisor)
    # the consult step declares no draft
    assert client.get(reverse("casework:task_draft", args=[consult.pk])).status_code == 404
    page = client.get(reverse("casework:task", args=[consult.pk])).content.decode()
    assert "<iframe" not in page
    # once signed, the issued document is on the case; the draft is gone
    complete(town.approver, decide["id"], "decide")
    assert client.get(reverse("casework:task_draft", args=[decide["id"]])).status_code == 404
    page = client.get(reverse("casework:task", args=[decide["id"]])).content.decode()
    assert "<iframe" not in page


def test_a_draft_that_tries_to_issue_is_rolled_back(town, client, monkeypatch):
    """Whatever a process's draft function does, the engine keeps nothing of it."""
    decide = _at_decide(town)

    def issuing_draft(case, action=None, data=None) -> bytes:
        document = steps.document_issue_for_case(
            case=case,
            doc_type="probe_decision",
            title="探针决定书",
            issuer="探决",
            template="probe/decision.html",
            context={"note": case.note},
        )
        return bytes(document.pdf)

    spec = registry.process_for("probe")
    monkeypatch.setitem(
        registry._processes,
        "probe",
        dataclasses.replace(spec, drafts=(StepDraft("decide", issuing_draft),)),
    )
    before = _written()
    client.force_login(town.approver)

    response = client.get(reverse("casework:task_draft", args=[decide["id"]]))

    assert response.status_code == 200
    assert _written() == before


def _intake(town) -> CaseTask:
    client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "探针说明甲乙"}, format="json"
    )
    return CaseTask.objects.get(step="intake")


def test_a_document_made_of_the_entries_is_previewed_with_them(town, client):
    """The intake's refusal notice is made of what is typed: no frame before the form is filled;
    the not-accept form's "Preview" sends its entries to the draft, and nothing is written."""
    intake = _intake(town)
    url = reverse("casework:task_draft", args=[intake.pk])
    client.force_login(town.reviewer)
    before = _written()

    page = client.get(reverse("casework:task", args=[intake.pk])).content.decode()
    drafted = client.post(url, {"action": "not_accept", "reason": "other", "comment": "重复申报"})

    assert "<iframe" not in page
    not_accept = page[page.index('id="panel-not_accept"') :]
    not_accept = not_accept[: not_accept.index("</form>")]
    assert f'formaction="{url}" formtarget="_blank"' in not_accept
    accept = page[page.index('id="panel-accept"') : page.index('id="panel-request_material"')]
    assert "formaction" not in accept
    assert client.get(url).status_code == 404  # nothing to frame before the entries
    assert drafted.status_code == 200
    assert drafted["Content-Type"] == "application/pdf"
    assert "不予受理：重复申报" in _text(drafted.content)
    assert _written() == before
    assert CaseTask.objects.get(pk=intake.pk).is_open


def test_entries_the_form_refuses_are_named_and_other_actions_have_no_preview(town, client):
    intake = _intake(town)
    url = reverse("casework:task_draft", args=[intake.pk])
    client.force_login(town.reviewer)

    refused = client.post(url, {"action": "not_accept", "comment": "没有选择理由"})
    other_action = client.post(url, {"action": "accept"})
    unknown = client.post(url, {"action": "delete"})

    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("text/html")
    assert "该字段是必填项" in refused.content.decode()
    assert other_action.status_code == 404
    assert unknown.status_code == 404
    client.force_login(town.filer)  # sees the case, does not work the step
    denied = client.post(url, {"action": "not_accept", "reason": "other", "comment": "x"})
    assert denied.status_code == 403
