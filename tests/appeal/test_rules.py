"""The appeal rules of domain.md §6.1: material requested once, who verifies, overriding the
verifier's finding, what a correction may amend, and the draft prefilled from the proposal."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from workflows.appeal.models import Appeal
from workflows.appeal.services import (
    CORRECTION_ONLY_WITH_CORRECTED,
    OVERRIDE_REASONS_REQUIRED,
    PUBLICITY_END_BEFORE_START,
)
from workflows.casework.events import EventType
from workflows.casework.models import CaseEvent
from workflows.documents.models import Document
from workflows.documents.services import document_bytes
from workflows.records.models import CreditRecord
from workflows.records.services import record_create

from .conftest import _user
from .helpers import client_for, complete, file_appeal, inbox, only_task

pytestmark = pytest.mark.django_db

OVERRIDE = "提供单位的核实意见未考虑复议决定已撤销原处罚这一事实，故不予采纳。"


def _message(message, **params) -> str:
    with translation.override("zh-hans"):
        return str(message) % params if params else str(message)


def _pdf_text(case_id: int) -> str:
    document = Document.objects.get(case_id=case_id, doc_type="appeal_decision")
    reader = PdfReader(io.BytesIO(document_bytes(document)))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    return re.sub(r"—\d+—", "", text)


def _verifier_credit(city, django_user_model):
    return _user(
        django_user_model, "verifier_credit", city.office, "verifier", leader=city.approver
    )


def _record_provided_by(city, provider):
    return record_create(
        subject=city.subject,
        category="dishonesty",
        severity="general",
        source="other",
        summary="未按承诺时限办结政务服务事项，被投诉查实。",
        occurred_on=datetime.date(2026, 3, 2),
        provider=provider,
        document_number="泰信〔2026〕11号",
    )


def _to_decide(city, verification="confirm_correct", **fields):
    case = file_appeal(city).json()
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    response = complete(
        city.verifier_market,
        only_task(city.verifier_market, "verify")["id"],
        verification,
        finding="经核实，原处罚决定事实清楚，记录无误。",
        **fields,
    )
    assert response.status_code == 200, response.content
    return case


# ---------------------------------------------------------------- material requested once


def test_a_second_request_for_material_is_refused_and_changes_nothing(city):
    case = file_appeal(city).json()
    task = only_task(city.reviewer, "accept")
    first = complete(city.reviewer, task["id"], "request_material", missing="请补充复议决定书。")
    assert first.status_code == 200, first.content
    resumed = client_for(city.filer_finance).post(
        f"/api/v1/cases/{case['id']}/resume/", {"comment": "已上传"}, format="json"
    )
    assert resumed.status_code == 200, resumed.content

    second = complete(city.reviewer, task["id"], "request_material", missing="请再补充判决书。")

    assert second.status_code == 400
    assert "missing" in second.json()["errors"]
    appeal = Appeal.objects.get(pk=case["id"])
    assert appeal.missing_material == "请补充复议决定书。"
    assert appeal.is_suspended is False


# ---------------------------------------------------------------- who verifies


def test_a_record_the_credit_office_provided_is_verified_by_its_own_verifier(
    city, django_user_model
):
    verifier_credit = _verifier_credit(city, django_user_model)
    record = _record_provided_by(city, city.office)
    case = file_appeal(city, record=record.pk).json()

    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")

    task = only_task(verifier_credit, "verify")
    assert task["case"] == case["id"]
    assert not [t for t in inbox(city.verifier_market) if t["step"] == "verify"]
    response = complete(verifier_credit, task["id"], "confirm_correct", finding="记录无误。")
    assert response.status_code == 200, response.content


def test_a_filing_departments_own_record_is_verified_by_the_credit_office(city, django_user_model):
    verifier_credit = _verifier_credit(city, django_user_model)
    # the finance bureau provided the record and files the objection to it: it cannot verify
    record = _record_provided_by(city, city.finance)
    file_appeal(city, record=record.pk)

    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")

    assert not [t for t in inbox(city.verifier_finance) if t["step"] == "verify"]
    task = only_task(verifier_credit, "verify")
    assert (
        complete(verifier_credit, task["id"], "cannot_confirm", finding="无法核实。").status_code
        == 200
    )


def test_a_record_of_another_department_is_verified_by_that_department(city):
    file_appeal(city)
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")

    assert only_task(city.verifier_market, "verify")


# ---------------------------------------------------------------- overriding the finding


@pytest.mark.parametrize("override", ["", "理由太短，不足二十个字。"])
def test_an_outcome_against_the_finding_needs_reasons(city, override):
    _to_decide(city)
    task = only_task(city.reviewer, "decide")

    response = complete(
        city.reviewer,
        task["id"],
        "draft",
        outcome="revoked",
        reasons="经审查，记录应予撤销。",
        override_reasons=override,
    )

    assert len(override) < 20
    assert response.status_code == 400
    assert "override_reasons" in response.json()["errors"]
    assert only_task(city.reviewer, "decide")["id"] == task["id"]
    assert Appeal.objects.get(process__task__id=task["id"]).outcome == ""


@pytest.mark.parametrize(
    ("override", "accepted"),
    [
        ("核实意见未考虑复议决定已撤销原处罚事实", False),  # 19 characters
        ("核实意见未考虑复议决定已撤销原处罚的事实", True),  # 20
        ("  核实意见未考虑复议决定已撤销原处罚事实  ", False),  # 19, padded
    ],
)
def test_the_reasons_against_the_finding_need_20_characters(city, override, accepted):
    case = _to_decide(city)
    task = only_task(city.reviewer, "decide")

    response = complete(
        city.reviewer,
        task["id"],
        "draft",
        outcome="corrected",
        reasons="经审查，记录应予更正。",
        corrected_summary="更正后的内容。",
        override_reasons=override,
    )

    appeal = client_for(city.reviewer).get(f"/api/v1/appeals/{case['id']}/").json()
    if accepted:
        assert response.status_code == 200, response.content
        assert (appeal["state"], appeal["override_reasons"]) == ("signing", override)
    else:
        assert response.status_code == 400
        assert response.json()["errors"]["override_reasons"] == [
            _message(OVERRIDE_REASONS_REQUIRED, min=20)
        ]
        assert (appeal["state"], appeal["outcome"]) == ("deciding", "")


def test_cannot_confirm_leaves_every_outcome_open_without_reasons(city):
    case = _to_decide(city, verification="cannot_confirm")

    response = complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="revoked",
        reasons="提供单位无法核实，记录依据不足，应予撤销。",
    )

    assert response.status_code == 200, response.content
    appeal = client_for(city.reviewer).get(f"/api/v1/appeals/{case['id']}/").json()
    assert (appeal["state"], appeal["outcome"], appeal["override_reasons"]) == (
        "signing",
        "revoked",
        "",
    )


def test_an_outcome_following_the_finding_needs_no_reasons_and_amends_nothing(city):
    case = _to_decide(city)

    response = complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="dismissed",
        reasons="经核实，记录无误，维持原记录。",
        corrected_summary="未选更正时填写的内容不予保存。",
    )

    assert response.status_code == 200, response.content
    appeal = client_for(city.reviewer).get(f"/api/v1/appeals/{case['id']}/").json()
    kept = ("state", "outcome", "reasons", "override_reasons", "corrected_summary")
    assert {name: appeal[name] for name in kept} == {
        "state": "signing",
        "outcome": "dismissed",
        "reasons": "经核实，记录无误，维持原记录。",
        "override_reasons": "",
        "corrected_summary": "",
    }
    assert (appeal["corrected_severity"], appeal["corrected_publicity_end"]) == ("", None)


def test_the_override_is_shown_to_the_approver_and_stated_in_the_decision(city, client):
    case = _to_decide(city)
    assert len(OVERRIDE) >= 20
    response = complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="revoked",
        reasons="经审查，原处罚决定已被复议机关撤销。",
        override_reasons=OVERRIDE,
    )
    assert response.status_code == 200, response.content

    sign = only_task(city.approver, "sign")
    client.force_login(city.approver)
    page = client.get(reverse("casework:task", args=[sign["id"]]))
    assert OVERRIDE in page.content.decode()
    assert complete(city.approver, sign["id"], "approve").status_code == 200
    text = _pdf_text(case["id"])
    assert "本机关未采纳核实意见的理由" in text
    assert OVERRIDE in text


# ---------------------------------------------------------------- what a correction amends


def test_a_correction_may_amend_severity_and_publicity_end(city):
    case = _to_decide(
        city,
        verification="confirm_error",
        proposed_outcome="correct",
        proposed_correction="处罚已被撤销，仅作警示。",
    )
    new_end = city.record.publicity_start + datetime.timedelta(days=90)

    response = complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="corrected",
        reasons="经核实，记录程度认定过重。",
        corrected_summary="处罚已被撤销，仅作警示。",
        corrected_severity="minor",
        corrected_publicity_end=new_end.isoformat(),
    )
    assert response.status_code == 200, response.content
    # the step's history row keeps what was typed, a date as its ISO text
    drafted = CaseEvent.objects.get(case_id=case["id"], step="decide")
    assert (drafted.event, drafted.params["corrected_publicity_end"]) == (
        EventType.STEP_ACTION,
        new_end.isoformat(),
    )
    assert drafted.params["corrected_severity"] == "minor"
    assert drafted.params["override_reasons"] == ""
    assert (
        complete(city.approver, only_task(city.approver, "sign")["id"], "approve").status_code
        == 200
    )

    new = CreditRecord.objects.get(previous_version=city.record)
    assert (new.summary, new.severity, new.publicity_end) == (
        "处罚已被撤销，仅作警示。",
        "minor",
        new_end,
    )
    text = _pdf_text(case["id"])
    assert "失信程度更正为“轻微”" in text
    assert f"公示期截止日更正为{new_end.year}年{new_end.month}月{new_end.day}日" in text


def test_a_publicity_end_before_the_start_is_refused(city):
    _to_decide(city, verification="confirm_error", proposed_outcome="revoke")

    response = complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="corrected",
        reasons="经核实，应予更正。",
        corrected_summary="更正后的内容。",
        corrected_publicity_end=(
            city.record.publicity_start - datetime.timedelta(days=1)
        ).isoformat(),
    )

    assert response.status_code == 400
    assert response.json()["errors"]["corrected_publicity_end"] == [
        _message(PUBLICITY_END_BEFORE_START)
    ]


def test_a_publicity_end_on_the_start_is_accepted(city):
    case = _to_decide(city, verification="confirm_error", proposed_outcome="revoke")

    response = complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="corrected",
        reasons="经核实，应予更正。",
        corrected_summary="更正后的内容。",
        corrected_publicity_end=city.record.publicity_start.isoformat(),
    )

    assert response.status_code == 200, response.content
    appeal = client_for(city.reviewer).get(f"/api/v1/appeals/{case['id']}/").json()
    assert appeal["corrected_publicity_end"] == city.record.publicity_start.isoformat()


@pytest.mark.parametrize(
    ("field", "value", "unset"),
    [("corrected_severity", "minor", ""), ("corrected_publicity_end", "2027-01-31", None)],
)
def test_only_a_correction_amends_the_severity_or_the_publicity_end(city, field, value, unset):
    case = _to_decide(city)

    response = complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="dismissed",
        reasons="经核实，记录无误。",
        **{field: value},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [_message(CORRECTION_ONLY_WITH_CORRECTED)]}
    appeal = client_for(city.reviewer).get(f"/api/v1/appeals/{case['id']}/").json()
    assert (appeal["state"], appeal["outcome"], appeal[field]) == ("deciding", "", unset)


# ---------------------------------------------------------------- the draft starts from the proposal


def test_the_draft_form_is_prefilled_from_the_verifiers_proposal(city, client):
    _to_decide(
        city,
        verification="confirm_error",
        proposed_outcome="correct",
        proposed_correction="处罚已被复议机关撤销。",
    )
    client.force_login(city.reviewer)

    page = client.get(reverse("casework:task", args=[only_task(city.reviewer, "decide")["id"]]))

    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<option value="corrected" selected>', html)
    assert "处罚已被复议机关撤销。</textarea>" in html
