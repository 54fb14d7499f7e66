"""Credit repair through the API as the users would: approved, refused (and reapplying), returned,
not accepted; the signed commitment letter is required."""

import datetime

import pytest

from workflows.casework.models import Attachment, Case, CaseClock
from workflows.records.models import CreditRecord

from .conftest import at, client_for, complete, file_repair, make_record, task_of

pytestmark = pytest.mark.django_db

REASONS = "经审核，失信行为已纠正，罚款已缴清，最短公示期已满，建议予以修复。"


def _detail(user, case_id) -> dict:
    response = client_for(user).get(f"/api/v1/repairs/{case_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def _to_sign(city, time_machine, record):
    time_machine.move_to(at(11, 2))
    filed = file_repair(city.filer, record)
    assert filed.status_code == 201, filed.content
    assert (
        complete(city.reviewer, task_of(city.reviewer, "accept")["id"], "accept").status_code == 200
    )
    review = task_of(city.verifier_market, "review")
    done = complete(city.verifier_market, review["id"], "recommend_repair", reasons=REASONS)
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "signing"
    return filed.json()


def test_approved_repair_repairs_the_record_and_ends_its_publicity_that_day(city, time_machine):
    record = make_record(city)
    case = _to_sign(city, time_machine, record)
    assert case["kind"] == "repair"
    assert case["number"].startswith("XF-2026-")
    assert case["state"] == "filed"
    # the signed letter is the case's attachment
    letter = Attachment.objects.get(pk=case["commitment_id"])
    assert letter.case_id == case["id"]
    assert letter.content_type == "application/pdf"

    time_machine.move_to(at(11, 4))
    signed = complete(city.approver, task_of(city.approver, "sign")["id"], "approve")
    assert signed.status_code == 200, signed.content
    body = signed.json()
    assert body["state"] == "repaired"
    assert _detail(city.filer, case["id"])["outcome"] == "repaired"
    assert body["open_tasks"] == []
    assert "修决" in body["decision"]["number"]
    record = CreditRecord.objects.get(pk=record.pk)
    assert record.state == "repaired"
    assert record.publicity_end == datetime.date(2026, 11, 4)
    history = client_for(city.filer).get(f"/api/v1/records/{record.pk}/").json()["history"]
    assert [h["case"] for h in history if h["to"] == "repaired"] == [case["id"]]
    assert not CaseClock.objects.filter(case_id=case["id"], is_open=True).exists()
    pdf = client_for(city.filer).get(f"/api/v1/cases/{case['id']}/decision.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_refused_repair_leaves_the_record_and_reapplying_waits_30_days(city, time_machine):
    record = make_record(city)
    case = _to_sign(city, time_machine, record)
    time_machine.move_to(at(11, 4))
    refused = complete(
        city.approver,
        task_of(city.approver, "sign")["id"],
        "refuse",
        reasons="整改尚未经主管部门验收。",
    )
    assert refused.status_code == 200, refused.content
    assert refused.json()["state"] == "refused"
    assert "修不" in refused.json()["decision"]["number"]
    assert CreditRecord.objects.get(pk=record.pk).state == "active"

    # 29 days later: refused, naming the day it becomes possible
    time_machine.move_to(at(12, 3))
    early = file_repair(city.filer, record)
    assert early.status_code == 400
    errors = early.json()["errors"]
    assert errors["unmet"] == ["refused_recently"]
    assert errors["earliest"] == ["2026-12-04"]
    assert Case.objects.filter(kind="repair").count() == 1
    # the 30th day: accepted for filing
    time_machine.move_to(at(12, 4))
    again = file_repair(city.filer, record)
    assert again.status_code == 201, again.content
    assert again.json()["id"] != case["id"]


def test_refusal_without_reasons_is_refused(city, time_machine):
    _to_sign(city, time_machine, make_record(city))
    sign = task_of(city.approver, "sign")
    bad = complete(city.approver, sign["id"], "refuse")
    assert bad.status_code == 400
    assert "reasons" in bad.json()["errors"]


def test_returned_repair_goes_back_to_the_provider_and_can_then_be_signed(city, time_machine):
    record = make_record(city)
    case = _to_sign(city, time_machine, record)
    returned = complete(
        city.approver,
        task_of(city.approver, "sign")["id"],
        "return",
        comment="请补充缴款凭证核验情况",
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["state"] == "reviewing"
    assert _detail(city.filer, case["id"])["return_comment"] == "请补充缴款凭证核验情况"
    review = task_of(city.verifier_market, "review")
    assert (
        complete(
            city.verifier_market, review["id"], "recommend_repair", reasons=REASONS
        ).status_code
        == 200
    )
    signed = complete(city.approver, task_of(city.approver, "sign")["id"], "approve")
    assert signed.json()["state"] == "repaired"
    steps = [(h["step"], h["action"]) for h in signed.json()["history"] if h["action"] != "clock"]
    assert ("sign", "return") in steps
    assert CreditRecord.objects.get(pk=record.pk).state == "repaired"
    assert case["id"] == signed.json()["id"]


def test_not_accepted_not_eligible_yet_names_the_earliest_date(city, time_machine):
    # evidence stands in for the obligations, so the filing passes; the reviewer finds it is too
    # early after all (the record's obligations are not recorded as met)
    record = make_record(city, obligations_met=False)
    time_machine.move_to(at(11, 2))
    filed = file_repair(city.filer, record, performance_evidence="罚款已缴清，附缴款凭证。")
    assert filed.status_code == 201, filed.content
    answer = complete(
        city.reviewer,
        task_of(city.reviewer, "accept")["id"],
        "not_accept",
        reason="not_eligible_yet",
    )
    assert answer.status_code == 200, answer.content
    body = _detail(city.filer, answer.json()["id"])
    assert body["state"] == "not_accepted"
    assert body["not_accepted_reason"] == "not_eligible_yet"
    assert body["earliest_on"] == "2026-11-02"
    assert body["open_tasks"] == []
    assert CreditRecord.objects.get(pk=record.pk).state == "active"


def test_filing_without_the_signed_commitment_is_refused_and_stores_nothing(city, time_machine):
    time_machine.move_to(at(11, 2))
    response = file_repair(city.filer, make_record(city), commitment=False)
    assert response.status_code == 400
    assert "commitment" in response.json()["errors"]
    assert not Case.objects.filter(kind="repair").exists()
    assert not Attachment.objects.exists()


def test_a_commitment_that_is_not_a_document_is_refused(city, time_machine):
    from django.core.files.uploadedfile import SimpleUploadedFile

    time_machine.move_to(at(11, 2))
    response = client_for(city.filer).post(
        "/api/v1/repairs/",
        {
            "record": make_record(city).pk,
            "commitment": SimpleUploadedFile("x.pdf", b"just text", "application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 415
    assert not Case.objects.filter(kind="repair").exists()


def test_the_commitment_letter_is_generated_for_the_subject_to_sign(city):
    record = make_record(city)
    response = client_for(city.filer).get(f"/api/v1/records/{record.pk}/repair-commitment.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    other = make_record(city)
    from workflows.records.models import Subject

    stranger = Subject.objects.create(
        kind="body", name="泰州市市场监管局", uscc=city.market.uscc, department=city.market
    )
    CreditRecord.objects.filter(pk=other.pk).update(subject=stranger, provider=city.market)
    assert (
        client_for(city.filer).get(f"/api/v1/records/{other.pk}/repair-commitment.pdf").status_code
        == 404
    )
