"""The summary's counts at their boundaries: weeks overdue, rectifications overdue, honours bans
and repairs per department."""

import io

import pytest
from django.core.management import call_command

from workflows.records.services import honours_ban_impose, record_repair

from .conftest import at, client_for, complete, file_appeal, make_record, only_task

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/supervision/summary/"


def _summary(user, start, end):
    response = client_for(user).get(SUMMARY, {"from": start, "to": end})
    assert response.status_code == 200, response.content
    return response.json()


def _department(figures, name):
    return next(d for d in figures["departments"] if d["department_name"] == name)


@pytest.fixture
def waiting(city, time_machine):
    """Filed Mon 2 Mar 2026 and never accepted: acceptance (2 working days) ran out at the end
    of Wed 4 Mar, i.e. at 00:00 on Thu 5 Mar, in the week of Mon 2 Mar."""
    time_machine.move_to(at(3, 2))
    case = file_appeal(city, make_record(city))
    time_machine.move_to(at(7, 2))
    return case


def test_weeks_list_every_monday_of_the_period_and_what_went_overdue(city, waiting):
    weeks = _summary(city.supervisor, "2026-01-01", "2026-06-30")["weeks"]
    # Thu 1 Jan is in the week of Mon 29 Dec; Tue 30 Jun in that of Mon 29 Jun
    assert (len(weeks), weeks[0]["week"], weeks[-1]["week"]) == (27, "2025-12-29", "2026-06-29")
    assert [w for w in weeks if w["overdue"]] == [{"week": "2026-03-02", "overdue": 1}]
    # the department that must work the task counts it: not the market's leader
    leader = _summary(city.leader_market, "2026-01-01", "2026-06-30")["weeks"]
    assert sum(w["overdue"] for w in leader) == 0


def test_a_due_time_at_midnight_belongs_to_the_day_it_starts(city, waiting):
    # the period up to Wed 4 Mar ends at the very moment the task ran out: not in it
    assert (
        sum(w["overdue"] for w in _summary(city.supervisor, "2026-03-02", "2026-03-04")["weeks"])
        == 0
    )
    assert (
        sum(w["overdue"] for w in _summary(city.supervisor, "2026-03-05", "2026-03-05")["weeks"])
        == 1
    )


def test_a_task_done_late_went_overdue_one_done_in_time_did_not(city, waiting, time_machine):
    # accepted on Mon 9 Mar, late: it still went overdue in the week of 2 Mar; another appeal
    # filed and accepted that day was accepted in time
    time_machine.move_to(at(3, 9))
    complete(city.reviewer, only_task(city.reviewer, "accept", waiting["id"])["id"], "accept")
    in_time = file_appeal(city, make_record(city, document_number="泰市监罚〔2026〕9号"))
    complete(city.reviewer, only_task(city.reviewer, "accept", in_time["id"])["id"], "accept")
    time_machine.move_to(at(7, 2))
    weeks = _summary(city.supervisor, "2026-01-01", "2026-06-30")["weeks"]
    # both verifications (10 working days from Mon 9 Mar) are still open; they ran out at the
    # end of Mon 23 Mar
    assert [w for w in weeks if w["overdue"]] == [
        {"week": "2026-03-02", "overdue": 1},
        {"week": "2026-03-23", "overdue": 2},
    ]
    # what is due after now has not gone overdue yet
    time_machine.move_to(at(3, 23, 23))
    weeks = _summary(city.supervisor, "2026-01-01", "2026-06-30")["weeks"]
    assert sum(w["overdue"] for w in weeks) == 1


@pytest.fixture
def rectification_overdue(city, time_machine):
    """The credit office orders finance's body to rectify on Mon 2 Nov 2026 (20 working days:
    due at 00:00 on Tue 1 Dec); the deadline passes, the timers open the overdue handling at
    01:00 and the supervisor bans the body from honours for 12 months."""
    time_machine.move_to(at(11, 2))
    record = make_record(city, source="judgment", document_number="（2026）苏12民初9号")
    response = client_for(city.reviewer).post(
        "/api/v1/rectifications/",
        {
            "record": record.pk,
            "required_measures": "一、履行判决确定的义务；二、健全合同管理制度。",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    case = response.json()
    complete(
        city.filer_finance,
        only_task(city.filer_finance, "explain", case["id"])["id"],
        "submit",
        causes="合同管理制度不健全。",
    )
    time_machine.move_to(at(12, 1, 1))
    call_command("fire_timers", stdout=io.StringIO())
    complete(
        city.supervisor,
        only_task(city.supervisor, "handle_overdue", case["id"])["id"],
        "handle",
        ban_honours=True,
        ban_months=12,
    )
    return case


def test_rectifications_overdue_and_honours_bans_count_for_the_subjects_department(
    city, rectification_overdue
):
    on_the_day = _summary(city.supervisor, "2026-12-01", "2026-12-01")
    finance = _department(on_the_day, "市财政局")
    assert (finance["rectifications_overdue"], finance["honours_bans"]) == (1, 1)
    # the credit office filed the case but does not own the failure
    office = _department(on_the_day, "市信用办")
    assert (office["rectifications_overdue"], office["honours_bans"]) == (0, 0)
    assert (on_the_day["rectifications_overdue"], on_the_day["honours_bans"]) == (1, 1)
    assert on_the_day["totals"]["rectifications_overdue"] == 1
    # the day before: neither had happened
    before = _summary(city.supervisor, "2026-11-02", "2026-11-30")
    assert (before["rectifications_overdue"], before["honours_bans"]) == (0, 0)
    # finance's leader sees its own; the market's leader nothing
    assert _summary(city.leader_finance, "2026-12-01", "2026-12-31")["honours_bans"] == 1
    market = _summary(city.leader_market, "2026-12-01", "2026-12-31")
    assert (market["rectifications_overdue"], market["honours_bans"]) == (0, 0)


def test_a_ban_counts_in_the_half_year_it_starts(city, time_machine):
    time_machine.move_to(at(6, 30, 23))
    honours_ban_impose(subject=city.subject, months=12, reason="逾期未整改")
    assert _summary(city.supervisor, "2026-01-01", "2026-06-30")["honours_bans"] == 1
    assert _summary(city.supervisor, "2026-07-01", "2026-12-31")["honours_bans"] == 0


def test_repairs_count_for_the_department_that_provided_the_record(city, time_machine):
    time_machine.move_to(at(5, 6))
    record = make_record(city)  # provided by the market regulator
    time_machine.move_to(at(6, 30, 23, 59))
    record_repair(record=record, reason="已履行")
    first = _summary(city.supervisor, "2026-01-01", "2026-06-30")
    assert first["repairs"] == 1
    assert _department(first, "市市场监管局")["repairs"] == 1
    assert _department(first, "市财政局")["repairs"] == 0
    assert _summary(city.supervisor, "2026-07-01", "2026-12-31")["repairs"] == 0


PAGE = "/supervision/summary/"


def test_the_summary_page_draws_both_charts_beside_their_tables(city, waiting, client):
    client.force_login(city.supervisor)
    response = client.get(PAGE, {"from": "2026-01-01", "to": "2026-06-30"})
    assert response.status_code == 200
    html = response.content.decode()
    # two charts, each an image with a title and a description a screen reader reads
    assert html.count('role="img"') == 2
    assert html.count("<title id=") == 2
    assert html.count("<desc id=") == 2
    assert "各部门按期办结率" in html
    assert "超期情况按周分布" in html
    # nothing decided yet: each department says so in the chart's description, not 0 %
    assert "市财政局：本期无办结" in html
    # the week that went overdue, in the chart and in the table beside it
    assert "2026-03-02当周：超期1项" in html
    assert '<td>2026-03-02</td><td class="number">1</td>' in html
    for name in ("市信用办", "市财政局", "市市场监管局"):
        assert f'<th scope="row">{name}</th>' in html


def test_the_summary_page_defaults_to_this_half_year_and_explains_a_bad_period(city, client):
    client.force_login(city.supervisor)
    assert client.get(PAGE).status_code == 200
    response = client.get(PAGE, {"from": "2026-07-01", "to": "2026-06-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'role="img"' not in html


def test_the_summary_page_is_scoped_like_the_api(city, waiting, client):
    client.force_login(city.leader_market)
    html = client.get(PAGE, {"from": "2026-01-01", "to": "2026-06-30"}).content.decode()
    assert '<th scope="row">市市场监管局</th>' in html
    assert "市财政局" not in html
    client.force_login(city.filer_finance)
    assert client.get(PAGE).status_code == 403
