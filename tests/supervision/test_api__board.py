"""The supervisor's board: exactly the overdue items, working days overdue, holders, alerts, scope."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from .conftest import at, client_for, complete, file_appeal, make_record, only_task

pytestmark = pytest.mark.django_db

BOARD = "/api/v1/supervision/overdue/"


def _fire():
    call_command("fire_timers", stdout=io.StringIO())


@pytest.fixture
def scenario(city, time_machine):
    """Mon 28 Sep 2026 (before the National Day holiday, 1-7 Oct; Sat 10 Oct is a working day):
    appeal one is accepted at once (verification by the market department, 10 working days:
    due 16 Oct); appeal two waits for acceptance (2 working days: due at the end of 30 Sep)."""
    time_machine.move_to(at(9, 28))
    one = file_appeal(city, make_record(city))
    two = file_appeal(city, make_record(city, document_number="泰市监罚〔2026〕9号"))
    complete(city.reviewer, only_task(city.reviewer, "accept", one["id"])["id"], "accept")
    # the alerts of appeal two's acceptance: reminder, then the leader, then the supervisor
    time_machine.move_to(at(9, 30, 9, 30))
    _fire()
    time_machine.move_to(at(10, 8))
    _fire()
    time_machine.move_to(at(10, 12))
    _fire()
    return one, two


def _rows(user, **params):
    response = client_for(user).get(BOARD, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_board_lists_exactly_the_overdue_items_with_working_days_and_holder(city, scenario):
    one, two = scenario
    rows = _rows(city.supervisor)
    assert [(r["number"], r["step"]) for r in rows] == [(two["number"], "accept")]
    row = rows[0]
    # due at the end of 30 Sep; 8, 9, 10 (the adjusted Saturday) and 12 Oct are working days
    assert row["days_overdue"] == 4
    assert row["kind"] == "appeal"
    assert row["case"] == two["id"]
    assert row["department"] == city.office.pk
    assert row["holder"] is None
    assert row["group"] == "reviewer"
    assert row["members"] == ["reviewer"]
    assert row["due_at"] == "2026-10-01T00:00:00+08:00"
    assert row["escalation_level"] == 2
    # when each went out, to the minute (the clock ticks on while the test runs)
    assert [(a["level"], a["at"][:16] + a["at"][-6:]) for a in row["alerts"]] == [
        (0, "2026-09-30T09:30+08:00"),
        (1, "2026-10-08T10:00+08:00"),
        (2, "2026-10-12T10:00+08:00"),
    ]


def test_a_claimed_task_shows_its_claimant(city, scenario):
    _one, two = scenario
    task = only_task(city.reviewer, "accept", two["id"])
    assert client_for(city.reviewer).post(f"/api/v1/tasks/{task['id']}/claim/").status_code == 200
    row = _rows(city.supervisor)[0]
    assert row["holder"] == "reviewer"
    assert row["members"] == ["reviewer"]


def test_due_soon_lists_what_runs_out_within_the_working_days_asked(city, scenario):
    one, _two = scenario
    # verification is due at the end of Fri 16 Oct: four working days after Mon 12 Oct
    assert _rows(city.supervisor, due_within=3) == []
    rows = _rows(city.supervisor, due_within=4)
    assert [(r["number"], r["step"], r["days_overdue"]) for r in rows] == [
        (one["number"], "verify", 0)
    ]


def test_filters(city, scenario, time_machine):
    one, two = scenario
    time_machine.move_to(at(10, 20))
    assert {r["number"] for r in _rows(city.supervisor)} == {one["number"], two["number"]}
    assert [r["number"] for r in _rows(city.supervisor, department=city.market.pk)] == [
        one["number"]
    ]
    assert [r["number"] for r in _rows(city.supervisor, step="accept")] == [two["number"]]
    assert [r["number"] for r in _rows(city.supervisor, level=2)] == [two["number"]]
    assert _rows(city.supervisor, kind="appeal", level=1) == []
    ordered = _rows(city.supervisor, ordering="days_overdue")
    assert [(r["step"], r["days_overdue"]) for r in ordered] == [("verify", 2), ("accept", 10)]


def test_bad_filters_are_400_naming_the_field(city):
    client = client_for(city.supervisor)
    for params, field in (
        ({"level": "3"}, "level"),
        ({"kind": "nonsense"}, "kind"),
        ({"due_within": "0"}, "due_within"),
        ({"department": "x"}, "department"),
        ({"format": "pdf"}, "format"),
    ):
        response = client.get(BOARD, params)
        assert response.status_code == 400, params
        assert field in response.json()["errors"]


def test_a_department_leader_sees_only_its_department(city, scenario, time_machine):
    one, _two = scenario
    time_machine.move_to(at(10, 20))
    rows = _rows(city.leader_market)
    assert [(r["number"], r["step"], r["days_overdue"]) for r in rows] == [
        (one["number"], "verify", 2)
    ]
    assert rows[0]["members"] == ["verifier_market"]
    # asking for another department gives nothing, not its rows
    assert _rows(city.leader_market, department=city.office.pk) == []
    assert _rows(city.leader_finance) == []


def test_filers_and_anonymous_callers_are_refused(city, api_client):
    assert client_for(city.filer_finance).get(BOARD).status_code == 403
    assert client_for(city.verifier_market).get(BOARD).status_code == 403
    assert client_for(city.filer_finance).get("/api/v1/supervision/orphaned/").status_code == 403
    assert api_client.get(BOARD).status_code == 401


def test_csv_and_xlsx_export_the_filtered_view(city, scenario, time_machine):
    one, two = scenario
    time_machine.move_to(at(10, 20))
    client = client_for(city.supervisor)
    response = client.get(BOARD, {"format": "csv", "department": city.market.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert one["number"] in lines[1]
    assert two["number"] not in response.content.decode()

    response = client.get(BOARD, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 3
    numbers = {row[0] for row in values[1:]}
    assert numbers == {one["number"], two["number"]}
    days = {row[0]: row[8] for row in values[1:]}
    assert days == {one["number"]: 2, two["number"]: 10}


def test_orphaned_lists_tasks_whose_group_has_no_active_holder(city, scenario):
    one, two = scenario
    assert client_for(city.supervisor).get("/api/v1/supervision/orphaned/").json()["count"] == 0
    city.verifier_market.is_active = False
    city.verifier_market.save()
    rows = client_for(city.supervisor).get("/api/v1/supervision/orphaned/").json()["results"]
    assert [(r["number"], r["step"]) for r in rows] == [(one["number"], "verify")]
    leader_rows = client_for(city.leader_market).get("/api/v1/supervision/orphaned/").json()
    assert leader_rows["count"] == 1
    assert client_for(city.leader_finance).get("/api/v1/supervision/orphaned/").json()["count"] == 0


def test_the_board_page(city, scenario, client):
    _one, two = scenario
    client.force_login(city.supervisor)
    response = client.get("/supervision/")
    assert response.status_code == 200
    page = response.content.decode()
    assert two["number"] in page
    # steps, roles and due times as people read them, not the flow's codes (受理, 审核人员)
    row = page[page.index(two["number"]) : page.index("</tr>", page.index(two["number"]))]
    assert ">受理</td>" in row
    assert "审核人员: reviewer" in row
    assert ">accept<" not in row
    assert "24:00" in row
    # the step filter offers the steps by their names
    assert '<option value="accept">受理</option>' in page
    client.force_login(city.filer_finance)
    assert client.get("/supervision/").status_code == 403


@pytest.fixture
def with_a_case_clock(city, scenario, time_machine):
    """Appeal one also runs a whole-case clock of one working day, started on Mon 28 Sep: due
    at the end of Tue 29 Sep, before both tasks."""
    from workflows.casework.models import Case, StepPolicy
    from workflows.casework.services import case_clock_start

    one, two = scenario
    time_machine.move_to(at(9, 28, 11))
    StepPolicy.objects.create(kind="appeal", step="case", limit_days=1)
    case_clock_start(case=Case.objects.get(pk=one["id"]))
    time_machine.move_to(at(10, 20))
    return one, two


def test_pages_are_cut_in_the_database_in_order_across_tasks_and_clocks(city, with_a_case_clock):
    one, two = with_a_case_clock
    seen = []
    for page in (1, 2, 3):
        response = client_for(city.supervisor).get(BOARD, {"page_size": 1, "page": page})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == 3
        assert (body["next"] is None) == (page == 3)
        seen += body["results"]
    # the clock belongs to the filing department; working days overdue on Tue 20 Oct
    assert [
        (r["type"], r["number"], r["step"], r["department"], r["days_overdue"]) for r in seen
    ] == [
        ("clock", one["number"], "case", city.finance.pk, 11),
        ("task", two["number"], "accept", city.office.pk, 10),
        ("task", one["number"], "verify", city.market.pk, 2),
    ]
    # one past the last page is refused, not an empty page
    response = client_for(city.supervisor).get(BOARD, {"page_size": 1, "page": 4})
    assert response.status_code == 400
    assert "page" in response.json()["errors"]


def test_every_ordering_sorts_the_whole_view_before_the_page_is_cut(city, with_a_case_clock):
    by_due = [r["days_overdue"] for r in _rows(city.supervisor)]
    assert by_due == [11, 10, 2]
    assert [r["days_overdue"] for r in _rows(city.supervisor, ordering="-days_overdue")] == by_due
    assert [r["days_overdue"] for r in _rows(city.supervisor, ordering="days_overdue")] == [
        2,
        10,
        11,
    ]
    assert [r["days_overdue"] for r in _rows(city.supervisor, ordering="-due_at")] == [2, 10, 11]
    assert [r["escalation_level"] for r in _rows(city.supervisor, ordering="-level")][0] == 2
    for ordering, key in (("department", "department_name"), ("kind", "kind"), ("step", "step")):
        whole = _rows(city.supervisor, ordering=ordering)
        paged = [
            _rows(city.supervisor, ordering=ordering, page_size=1, page=n)[0] for n in (1, 2, 3)
        ]
        assert [r["id"] for r in paged] == [r["id"] for r in whole]
        keys = [r[key] for r in whole]
        # rows of one value stay together, whatever the database's collation
        assert len(set(keys)) == len([k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k])
    assert [r["step"] for r in _rows(city.supervisor, ordering="step")] == sorted(
        ["case", "accept", "verify"]
    )


def test_the_case_clock_filters_by_its_own_department_and_name(city, with_a_case_clock):
    one, _two = with_a_case_clock
    rows = _rows(city.supervisor, department=city.finance.pk)
    assert [(r["type"], r["number"]) for r in rows] == [("clock", one["number"])]
    assert [r["type"] for r in _rows(city.supervisor, step="case")] == ["clock"]
    assert [r["type"] for r in _rows(city.leader_finance)] == ["clock"]
