"""Applying (domain.md §6.3): within 15 calendar days of learning of the matter, or with a reason
for lateness that the preliminary review sees; the subject and record must be the department's own."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from workflows.casework.models import Case

from .conftest import client_for, complete, task_of

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = "/api/v1/tolerance-determinations/"


def _payload(city, **overrides):
    return {
        "subject": city.subject.pk,
        "matter": "简化评审程序被问责",
        "conditions": ["public_interest"],
        "statement": "经集体研究，未谋私利。",
        "learned_on": "2026-10-16",
        **overrides,
    }


def _file(city, user=None, **overrides):
    return client_for(user or city.filer).post(URL, _payload(city, **overrides), format="json")


@pytest.fixture
def on_2_november(time_machine):
    # learned on Friday 16 October: 15 days end on Saturday 31 October, a day off, so the last
    # day moves to Monday 2 November (Civil Code art. 203)
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI))


def test_on_the_last_day_moved_to_a_working_day_it_is_in_time(city, on_2_november):
    answer = _file(city)
    assert answer.status_code == 201, answer.content
    assert answer.json()["number"].startswith("RC-2026-")
    assert answer.json()["late_reason"] == ""
    assert answer.json()["conditions"] == ["public_interest"]


def test_one_day_later_without_a_reason_is_refused_and_nothing_is_filed(city, on_2_november):
    answer = _file(city, learned_on="2026-10-15")
    assert answer.status_code == 400
    assert "late_reason" in answer.json()["errors"]
    assert "2026-10-30" in answer.json()["errors"]["late_reason"][0]
    assert not Case.objects.exists()


def test_late_with_a_reason_the_preliminary_review_sees_it(city, on_2_november, client):
    answer = _file(city, learned_on="2026-10-15", late_reason="防汛值守未能及时申请")
    assert answer.status_code == 201, answer.content
    case = answer.json()
    review = task_of(city.leader, "preliminary_review")
    shape = client_for(city.leader).get(f"{URL}{case['id']}/")
    assert shape.status_code == 200
    assert shape.json()["late_reason"] == "防汛值守未能及时申请"
    client.force_login(city.leader)
    page = client.get(reverse("casework:task", args=[review["id"]]))
    assert page.status_code == 200
    assert "防汛值守未能及时申请" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"conditions": []}, "conditions"),
        ({"conditions": ["bravery"]}, "conditions"),
        ({"learned_on": "2026-11-03"}, "learned_on"),
        ({"statement": ""}, "statement"),
    ],
)
def test_bad_input_is_refused_by_field(city, on_2_november, overrides, field):
    answer = _file(city, **overrides)
    assert answer.status_code == 400
    assert field in answer.json()["errors"]
    assert not Case.objects.exists()


def test_only_the_departments_own_subject_and_a_dishonesty_record_of_it(city, on_2_november):
    other = _file(city, user=city.filer_housing)
    assert other.status_code == 400
    assert "subject" in other.json()["errors"]
    from workflows.records.models import CreditRecord

    foreign = CreditRecord.objects.create(
        subject=city.subject.__class__.objects.create(
            kind="person", name="张三", department=city.housing
        ),
        category="dishonesty",
        severity="minor",
        source="other",
        summary="x",
        occurred_on=datetime.date(2026, 1, 1),
        publicity_start=datetime.date(2026, 1, 1),
        provider=city.housing,
    )
    wrong_record = _file(city, record=foreign.pk)
    assert wrong_record.status_code == 400
    assert "record" in wrong_record.json()["errors"]
    assert not Case.objects.exists()


def test_withdrawal_until_publicity_then_refused(city, on_2_november):
    case = _file(city).json()
    url = f"/api/v1/cases/{case['id']}/withdraw/"
    assert client_for(city.leader).post(url, {"reason": "x"}, format="json").status_code == 403
    answer = client_for(city.filer).post(url, {"reason": "撤回"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["state"] == "withdrawn"


def test_the_filing_page_files_an_application(city, on_2_november, client):
    client.force_login(city.filer)
    assert client.get(reverse("tolerance:file")).status_code == 200
    data = _payload(city, record=city.record.pk)
    page = client.post(reverse("tolerance:file"), data)
    assert page.status_code == 302, page.content.decode()[:2000]
    case = Case.objects.get()
    assert case.record_id == city.record.pk
    late = client.post(reverse("tolerance:file"), _payload(city, learned_on="2026-10-01"))
    assert late.status_code == 400
    assert Case.objects.count() == 1
    client.force_login(city.reviewer)
    assert client.get(reverse("tolerance:file")).status_code == 403


def test_the_report_needs_a_finding_on_every_claimed_condition(city, on_2_november):
    case = _file(city, conditions=["public_interest", "harm_remedied"]).json()
    complete(city.leader, task_of(city.leader, "preliminary_review")["id"], "forward")
    investigate = task_of(city.inspector, "investigate")
    met = {"finding": "met", "evidence": "材料"}
    missing = complete(
        city.inspector, investigate["id"], "report", findings={"public_interest": met}
    )
    assert missing.status_code == 400
    assert "harm_remedied" in missing.json()["errors"]["findings"][0]
    bad = complete(
        city.inspector,
        investigate["id"],
        "report",
        findings={"public_interest": met, "harm_remedied": {"finding": "maybe", "evidence": "x"}},
    )
    assert bad.status_code == 400
    extra = complete(
        city.inspector,
        investigate["id"],
        "report",
        findings={"public_interest": met, "harm_remedied": met, "pioneering": met},
    )
    assert extra.status_code == 400
    as_list = [
        {"condition": "public_interest", **met},
        {"condition": "harm_remedied", "finding": "partly", "evidence": "部分挽回"},
    ]
    ok = complete(city.inspector, investigate["id"], "report", findings=as_list)
    assert ok.status_code == 200, ok.content
    assert ok.json()["state"] == "consulting"
    detail = client_for(city.filer).get(f"{URL}{case['id']}/").json()
    assert detail["findings"]["harm_remedied"] == {"finding": "partly", "evidence": "部分挽回"}
