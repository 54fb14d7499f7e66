"""Each eligibility condition alone, at its boundary: the filing answers 400 naming it and the
earliest date, `GET /api/v1/records/<id>/repair-eligibility/` answers the same before filing."""

import datetime

import pytest

from workflows.casework.models import Case
from workflows.records.models import Subject
from workflows.records.services import record_edit, record_transition
from workflows.repair.eligibility import repair_eligibility

from .conftest import at, client_for, file_repair, make_record

pytestmark = pytest.mark.django_db


def _eligibility(user, record) -> dict:
    response = client_for(user).get(f"/api/v1/records/{record.pk}/repair-eligibility/")
    assert response.status_code == 200, response.content
    return response.json()


def _refused_with(response, codes, earliest):
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors["unmet"] == codes
    assert len(errors["record"]) == len(codes)
    assert errors.get("earliest") == ([earliest] if earliest else None)
    assert not Case.objects.filter(kind="repair").exists()


@pytest.mark.parametrize(
    ("severity", "start", "earliest"),
    [
        # general: 3 months from the publicity start
        ("general", datetime.date(2026, 8, 2), datetime.date(2026, 11, 2)),
        # serious: 1 year
        ("serious", datetime.date(2025, 11, 2), datetime.date(2026, 11, 2)),
    ],
)
def test_minimum_period_exactly_run_vs_one_day_less(city, time_machine, severity, start, earliest):
    record = make_record(city, severity=severity, publicity_start=start)
    time_machine.move_to(at(11, 1))  # one day less
    answer = _eligibility(city.filer, record)
    assert answer["eligible"] is False
    assert [u["code"] for u in answer["unmet"]] == ["minimum_period"]
    assert answer["earliest"] == earliest.isoformat()
    _refused_with(file_repair(city.filer, record), ["minimum_period"], earliest.isoformat())

    time_machine.move_to(at(11, 2))  # exactly the minimum
    assert _eligibility(city.filer, record) == {
        "eligible": True,
        "unmet": [],
        "earliest": "2026-11-02",
    }
    assert file_repair(city.filer, record).status_code == 201


def test_a_minor_record_is_repairable_as_soon_as_the_obligations_are_met(city, time_machine):
    time_machine.move_to(at(11, 2))
    record = make_record(
        city, severity="minor", publicity_start=datetime.date(2026, 11, 2), obligations_met=False
    )
    answer = _eligibility(city.filer, record)
    assert [u["code"] for u in answer["unmet"]] == ["obligations_not_met"]
    # attaching evidence today cures it
    assert answer["earliest"] == "2026-11-02"
    _refused_with(file_repair(city.filer, record), ["obligations_not_met"], "2026-11-02")
    record_edit(record=record, by=city.reviewer, reason="整改验收", obligations_met=True)
    assert _eligibility(city.filer, record)["eligible"] is True
    assert file_repair(city.filer, record).status_code == 201


def test_obligations_recorded_as_met_make_evidence_unnecessary(city, time_machine):
    """Stands for "a rectification accepted in the rectification process makes the record eligible
    without evidence": the rectification process (built in parallel) sets `obligations_met`
    through the records service; here the records service sets it directly."""
    time_machine.move_to(at(11, 2))
    record = make_record(city, obligations_met=False)
    without = file_repair(city.filer, record)
    _refused_with(without, ["obligations_not_met"], "2026-11-02")
    with_evidence = file_repair(city.filer, record, performance_evidence="罚款已缴清，附缴款凭证。")
    assert with_evidence.status_code == 201
    client_for(city.filer).post(
        f"/api/v1/cases/{with_evidence.json()['id']}/withdraw/", {"reason": "改由整改验收"}
    )
    record_edit(record=record, by=city.reviewer, reason="整改已验收", obligations_met=True)
    assert file_repair(city.filer, record).status_code == 201


def test_a_record_a_law_excludes_from_repair_has_no_earliest_date(city, time_machine):
    time_machine.move_to(at(11, 2))
    record = make_record(city, is_repairable=False)
    answer = _eligibility(city.filer, record)
    assert [u["code"] for u in answer["unmet"]] == ["not_repairable"]
    assert answer["earliest"] is None
    _refused_with(file_repair(city.filer, record), ["not_repairable"], None)


def test_only_an_active_record_can_be_repaired(city, time_machine):
    time_machine.move_to(at(11, 2))
    record = make_record(city)
    record_transition(record=record, transition="revoke", by=city.reviewer, reason="撤销")
    _refused_with(file_repair(city.filer, record), ["not_active"], None)


def test_only_a_dishonesty_record_can_be_repaired(city, time_machine):
    time_machine.move_to(at(11, 2))
    record = make_record(city, category="commendation", obligations_met=True)
    _refused_with(file_repair(city.filer, record), ["not_dishonesty"], None)


def test_only_the_subjects_own_department_applies(city, time_machine):
    time_machine.move_to(at(11, 2))
    record = make_record(city)
    # market provided the record, so it sees it, but the subject is finance's
    _refused_with(file_repair(city.filer_market, record), ["not_own_subject"], None)
    answer = _eligibility(city.filer_market, record)
    assert [u["code"] for u in answer["unmet"]] == ["not_own_subject"]
    stranger = Subject.objects.create(
        kind="body", name="泰州市市场监管局", uscc=city.market.uscc, department=city.market
    )
    record_of_stranger = make_record(city)
    record_of_stranger.subject = stranger
    record_of_stranger.provider = city.market
    record_of_stranger.save()
    hidden = client_for(city.filer).get(
        f"/api/v1/records/{record_of_stranger.pk}/repair-eligibility/"
    )
    assert hidden.status_code == 404
    assert file_repair(city.filer, record_of_stranger).status_code == 404


def test_a_record_under_objection_answers_409(city, time_machine):
    time_machine.move_to(at(11, 2))
    record = make_record(city)
    record = record_transition(
        record=record, transition="mark_disputed", by=city.reviewer, reason="异议"
    )
    response = file_repair(city.filer, record)
    assert response.status_code == 409
    assert not Case.objects.filter(kind="repair").exists()
    answer = _eligibility(city.filer, record)
    assert [u["code"] for u in answer["unmet"]] == ["disputed"]
    assert answer["earliest"] is None
    record_transition(record=record, transition="clear_dispute", by=city.reviewer, reason="驳回")
    assert file_repair(city.filer, record).status_code == 201


def test_a_second_application_while_one_is_open_is_refused(city, time_machine):
    time_machine.move_to(at(11, 2))
    record = make_record(city)
    assert file_repair(city.filer, record).status_code == 201
    again = file_repair(city.filer, record)
    assert again.status_code == 400
    assert again.json()["errors"]["unmet"] == ["repair_pending"]


def test_every_unmet_condition_is_listed_with_the_latest_date(city, time_machine):
    time_machine.move_to(at(11, 2))
    record = make_record(
        city, severity="serious", publicity_start=datetime.date(2026, 3, 1), obligations_met=False
    )
    result = repair_eligibility(record, by=city.filer)
    assert result.codes == ["minimum_period", "obligations_not_met"]
    assert result.earliest == datetime.date(2027, 3, 1)
    response = file_repair(city.filer, record)
    assert response.json()["errors"]["unmet"] == ["minimum_period", "obligations_not_met"]
    assert response.json()["errors"]["earliest"] == ["2027-03-01"]
