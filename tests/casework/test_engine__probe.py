"""The engine's contract, on a process declared only in the tests (tests/casework/probe): filing,
inbox, claim and release, a deadline that opens a human step, a joint step, a case clock, the
suspension of the clock, withdrawal, documents, API and pages — with no code outside the probe."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from workflows.casework.events import EventType
from workflows.casework.models import CaseClock, CaseEvent, CaseTask, Notification, TaskParticipant
from workflows.casework.timers import fire_timers

from .conftest import client_for, complete, inbox, task_of

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


def _file(town, **overrides):
    payload = {"subject": town.subject.pk, "note": "probe note", **overrides}
    return client_for(town.filer).post("/api/v1/probes/", payload, format="json")


def test_filing_numbers_the_case_and_opens_the_first_step(town):
    first, second = _file(town), _file(town)

    assert first.status_code == 201, first.content
    assert first.json()["number"] == "TP-2026-000001"
    assert second.json()["number"] == "TP-2026-000002"
    assert first.json()["kind"] == "probe"
    assert first.json()["state"] == "filed"
    assert first.json()["state_label"] == "Filed"
    assert first.json()["note"] == "probe note"
    assert [t["step"] for t in first.json()["open_tasks"]] == ["intake"]
    assert [t["case_number"] for t in inbox(town.reviewer)] == ["TP-2026-000001", "TP-2026-000002"]
    assert inbox(town.filer_housing) == []


def test_filing_is_the_first_history_row_keeping_the_text_the_process_names(town):
    """The probe names its `note` (ProcessSpec.filing_comment_fields) as the filing's comment."""
    case = _file(town, note="探针备注").json()

    row = CaseEvent.objects.get(case_id=case["id"])
    assert (row.step, row.action, row.event, row.by, row.comment) == (
        "file",
        "file",
        EventType.FILED,
        town.filer,
        "探针备注",
    )
    assert [(h["step"], h["comment"]) for h in case["history"]] == [("file", "探针备注")]
    # a step action with no text to keep keeps an empty comment
    accepted = complete(town.reviewer, task_of(town.reviewer, "intake")["id"], "accept")
    history = accepted.json()["history"]
    assert [(h["action"], h["comment"]) for h in history if h["step"] == "intake"] == [
        ("accept", "")
    ]


def test_filing_input_is_validated_by_the_kinds_form(town):
    response = _file(town, note="ab")
    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    assert client_for(town.reviewer).post("/api/v1/probes/", {}, format="json").status_code == 400


def test_other_departments_do_not_see_the_case(town):
    case = _file(town).json()
    assert client_for(town.filer_housing).get(f"/api/v1/probes/{case['id']}/").status_code == 404
    assert client_for(town.filer_housing).get(f"/api/v1/cases/{case['id']}/").status_code == 404
    assert client_for(town.filer).get(f"/api/v1/probes/{case['id']}/").status_code == 200


def test_claim_release_and_refusals(town):
    _file(town)
    task = task_of(town.reviewer, "intake")
    assert client_for(town.reviewer).post(f"/api/v1/tasks/{task['id']}/claim/").status_code == 200
    # claimed: gone from the other reviewer's queue, and completing it is refused
    assert inbox(town.reviewer2) == []
    assert complete(town.reviewer2, task["id"], "accept").status_code == 409
    assert complete(town.filer, task["id"], "accept").status_code == 403
    assert client_for(town.reviewer).post(f"/api/v1/tasks/{task['id']}/release/").status_code == 200
    assert [t["id"] for t in inbox(town.reviewer2)] == [task["id"]]
    assert complete(town.reviewer, task["id"], "accept").status_code == 200
    assert complete(town.reviewer, task["id"], "accept").status_code == 409


def _accepted(town, time_machine):
    time_machine.move_to(_at(11, 2))  # Monday 2 November 2026
    case = _file(town).json()
    assert (
        complete(town.reviewer, task_of(town.reviewer, "intake")["id"], "accept").status_code == 200
    )
    return case


def test_accepting_tells_the_filer_in_its_language(
    town, time_machine, django_capture_on_commit_callbacks
):
    town.filer.language = "en"
    town.filer.save()
    with django_capture_on_commit_callbacks(execute=True):
        case = _accepted(town, time_machine)
    note = Notification.objects.get(recipient=town.filer)
    assert note.subject == f"Case {case['number']} is accepted"
    assert [m.to for m in mail.outbox] == [[town.filer.email]]


def test_the_per_case_deadline_opens_a_human_step_once_and_the_step_stays_open(town, time_machine):
    _accepted(town, time_machine)
    work = task_of(town.filer, "work")
    # the case's own deadline: 14 calendar days from acceptance, to 24:00
    assert work["due_at"] == "2026-11-17T00:00:00+08:00"

    time_machine.move_to(_at(11, 16, 23))
    fire_timers()
    assert [t["step"] for t in inbox(town.supervisor)] == []

    time_machine.move_to(_at(11, 17, 1))
    fire_timers()
    fire_timers()
    assert [t["step"] for t in inbox(town.supervisor)] == ["chase"]
    # a late report still counts: the step is open and completes
    assert complete(town.filer, work["id"], "done").status_code == 200
    assert [t["step"] for t in inbox(town.supervisor)] == ["chase"]


def test_a_deadline_met_opens_nothing(town, time_machine):
    _accepted(town, time_machine)
    assert complete(town.filer, task_of(town.filer, "work")["id"], "done").status_code == 200
    time_machine.move_to(_at(12, 1))
    fire_timers()
    assert "chase" not in [t["step"] for t in inbox(town.supervisor)]


def _to_consult(town, time_machine):
    case = _accepted(town, time_machine)
    complete(town.filer, task_of(town.filer, "work")["id"], "done")
    return case


def test_joint_step_closes_when_every_participant_has_answered(town, time_machine):
    case = _to_consult(town, time_machine)
    reviewer_task = task_of(town.reviewer, "consult")
    inspector_task = task_of(town.inspector, "consult")
    assert reviewer_task["id"] == inspector_task["id"]
    assert inbox(town.approver) == []
    assert complete(town.approver, reviewer_task["id"], "opinion").status_code == 403

    answer = complete(
        town.reviewer, reviewer_task["id"], "opinion", outcome="agree", reasons="同意"
    )
    assert answer.status_code == 200
    assert [t["step"] for t in answer.json()["open_tasks"]] == ["consult"]
    # answered: gone from the reviewer's inbox, and a second opinion is refused
    assert inbox(town.reviewer) == []
    again = complete(town.reviewer, reviewer_task["id"], "opinion", outcome="agree", reasons="再次")
    assert again.status_code in (403, 409)

    last = complete(
        town.inspector,
        inspector_task["id"],
        "opinion",
        outcome="agree",
        reasons="同意",
        grounds=["law", "facts"],
    )
    assert last.status_code == 200
    assert [t["step"] for t in last.json()["open_tasks"]] == ["decide"]
    opinions = [h for h in last.json()["history"] if h["action"] == "opinion"]
    assert [h["by"] for h in opinions] == ["reviewer", "inspector"]
    # stored as opinions (not step actions), each with what its author answered
    stored = CaseEvent.objects.filter(case_id=case["id"], step="consult").order_by("pk")
    assert [(e.event, e.params) for e in stored] == [
        (EventType.OPINION, {"outcome": "agree", "reasons": "同意", "grounds": []}),
        (EventType.OPINION, {"outcome": "agree", "reasons": "同意", "grounds": ["law", "facts"]}),
    ]
    answered = TaskParticipant.objects.filter(case_task__case_id=case["id"]).order_by("pk")
    assert [p.opinion["grounds"] for p in answered] == [[], ["law", "facts"]]
    assert case["id"] == last.json()["id"]


def _answered(case_id) -> list[tuple]:
    return [
        (p.department.code, p.role, p.answered_by.username if p.answered_by else None)
        for p in TaskParticipant.objects.filter(case_task__case_id=case_id).order_by("pk")
    ]


def test_an_opinion_answers_the_participant_of_the_answerers_own_department(town, time_machine):
    """Two departments asked in the same role: each answer is its own department's."""
    case = _to_consult(town, time_machine)
    TaskParticipant.objects.filter(department=town.inspection).update(role="reviewer")
    town.inspector.groups.add(Group.objects.get(name="reviewer"))
    consult = task_of(town.inspector, "consult")

    answer = complete(town.inspector, consult["id"], "opinion", outcome="agree", reasons="同意")

    assert answer.status_code == 200, answer.content
    assert _answered(case["id"]) == [
        ("credit-office", "reviewer", None),
        ("inspection", "reviewer", "inspector"),
    ]


def test_an_opinion_answers_the_participant_of_the_answerers_own_role(
    town, time_machine, django_user_model
):
    """One department asked in two roles: each answer is its own role's."""
    case = _to_consult(town, time_machine)
    TaskParticipant.objects.filter(role="inspector").update(department=town.office)
    office_inspector = django_user_model.objects.create_user(
        username="office_inspector", password="demo", department=town.office
    )
    office_inspector.groups.add(Group.objects.get(name="inspector"))
    consult = task_of(office_inspector, "consult")

    answer = complete(office_inspector, consult["id"], "opinion", outcome="agree", reasons="同意")

    assert answer.status_code == 200, answer.content
    assert _answered(case["id"]) == [
        ("credit-office", "reviewer", None),
        ("credit-office", "inspector", "office_inspector"),
    ]


def test_joint_step_escalation_names_who_has_not_answered(town, time_machine):
    _to_consult(town, time_machine)
    consult = task_of(town.reviewer, "consult")
    complete(town.reviewer, consult["id"], "opinion", outcome="agree", reasons="同意")
    time_machine.move_to(_at(12, 1))
    fire_timers()
    escalation = Notification.objects.get(key=f"escalate1:{consult['id']}")
    # the department and the role that still owes its opinion, the role by its label
    assert "市纪委监委 纪检监察人员" in escalation.body
    assert "市信用办" not in escalation.body.split("：")[-1]


def test_a_participant_in_a_group_that_is_no_role_is_named_by_the_groups_name(town, time_machine):
    _to_consult(town, time_machine)
    consult = task_of(town.reviewer, "consult")
    complete(town.reviewer, consult["id"], "opinion", outcome="agree", reasons="同意")
    # a process may ask any group for an opinion, not only the roles the UI names
    TaskParticipant.objects.filter(answered_at__isnull=True).update(role="expert_panel")
    time_machine.move_to(_at(12, 1))
    fire_timers()
    escalation = Notification.objects.get(key=f"escalate1:{consult['id']}")
    assert "市纪委监委 expert_panel" in escalation.body


def test_case_clock_escalates_once_when_the_whole_case_runs_late(town, time_machine):
    case = _accepted(town, time_machine)
    clock = CaseClock.objects.get(case_id=case["id"])
    # the StepPolicy has no row for "case": the default of 5 working days after Monday 2 November
    assert clock.due_at == datetime.datetime(2026, 11, 10, 0, 0, tzinfo=SHANGHAI)
    time_machine.move_to(_at(11, 10, 2))
    fire_timers()
    fire_timers()
    clock.refresh_from_db()
    assert clock.escalation_level == 1
    assert Notification.objects.filter(key=f"escalate1:clock{clock.pk}").count() == 1
    assert Notification.objects.get(key=f"escalate1:clock{clock.pk}").recipient == town.approver


def test_the_case_clocks_reminder_goes_to_whoever_holds_that_cases_steps_only(town, time_machine):
    case = _accepted(town, time_machine)  # its work step is the finance filer's
    _file(town)  # another case, waiting at intake for the credit office's reviewers
    clock = CaseClock.objects.get(case_id=case["id"])
    time_machine.move_to(_at(11, 9, 10))  # 10:00 on the clock's last day
    fire_timers()
    reminded = Notification.objects.filter(key=f"remind:clock{clock.pk}")
    assert sorted(n.recipient.username for n in reminded) == ["filer_finance"]


def test_the_case_clock_goes_to_the_supervisor_after_its_own_policys_days(town, time_machine):
    """The whole-case clock's row (step "case") says when the supervisor hears of it, not a step's."""
    from workflows.casework.models import StepPolicy

    StepPolicy.objects.create(kind="probe", step="case", limit_days=5, supervisor_after_days=3)
    case = _accepted(town, time_machine)
    clock = CaseClock.objects.get(case_id=case["id"])
    time_machine.move_to(_at(11, 10, 2))  # past 24:00 of Monday 9 November, the due day
    fire_timers()
    clock.refresh_from_db()
    assert clock.escalation_level == 1
    # three working days after the due day: 24:00 of Thursday 12 November
    assert clock.next_alert_at == datetime.datetime(2026, 11, 13, 0, 0, tzinfo=SHANGHAI)

    time_machine.move_to(datetime.datetime(2026, 11, 12, 23, 59, tzinfo=SHANGHAI))
    fire_timers()
    clock.refresh_from_db()
    assert clock.escalation_level == 1
    time_machine.move_to(datetime.datetime(2026, 11, 13, 0, 0, 1, tzinfo=SHANGHAI))
    fire_timers()
    clock.refresh_from_db()
    assert clock.escalation_level == 2
    assert Notification.objects.filter(key=f"escalate2:clock{clock.pk}", recipient=town.supervisor)


def test_request_material_once_suspends_and_the_filers_task_resumes(town, time_machine):
    time_machine.move_to(_at(11, 2))
    case = _file(town).json()
    intake = task_of(town.reviewer, "intake")
    asked = complete(town.reviewer, intake["id"], "request_material", missing="营业执照复印件")
    assert asked.status_code == 200
    assert asked.json()["suspended"] is True
    supply = task_of(town.filer, "supply_material")
    assert CaseTask.objects.get(pk=intake["id"]).next_alert_at is None

    again = complete(town.reviewer, intake["id"], "request_material", missing="再补充")
    assert again.status_code == 400
    assert "missing" in again.json()["errors"]

    time_machine.move_to(_at(11, 5))  # three working days later
    supplied = complete(town.filer, supply["id"], "supply", comment="已补充")
    assert supplied.status_code == 200
    assert supplied.json()["suspended"] is False
    # the 2 working days of intake now end 3 working days later: Thursday 5 → Tuesday 10 November... +3
    moved = CaseTask.objects.get(pk=intake["id"])
    assert moved.suspended_days == 3
    assert moved.due_at == datetime.datetime(2026, 11, 13, 0, 0, tzinfo=SHANGHAI)
    assert [t["step"] for t in inbox(town.filer)] == []
    assert case["id"] == supplied.json()["id"]


def test_withdrawal_by_the_filer_only_closes_everything_and_tells_the_holder(town, time_machine):
    case = _accepted(town, time_machine)
    url = f"/api/v1/cases/{case['id']}/withdraw/"
    assert client_for(town.reviewer).post(url, {"reason": "x"}, format="json").status_code == 403
    assert client_for(town.filer_housing).post(url, {}, format="json").status_code == 404
    done = client_for(town.filer).post(url, {"reason": "不再需要"}, format="json")
    assert done.status_code == 200
    assert done.json()["state"] == "withdrawn"
    assert done.json()["open_tasks"] == []
    assert not CaseClock.objects.filter(case_id=case["id"], is_open=True).exists()
    again = client_for(town.filer).post(url, {}, format="json")
    assert again.status_code == 409
    assert Notification.objects.filter(key=f"withdrawn:{case['id']}", recipient=town.filer).exists()


def test_decision_is_a_numbered_document_and_the_pages_render(town, time_machine, client):
    case = _to_consult(town, time_machine)
    consult = task_of(town.reviewer, "consult")
    complete(town.reviewer, consult["id"], "opinion", outcome="agree", reasons="同意")
    complete(town.inspector, consult["id"], "opinion", outcome="agree", reasons="同意")
    decided = complete(town.approver, task_of(town.approver, "decide")["id"], "decide")
    assert decided.status_code == 200
    decision = decided.json()["decision"]
    assert decision["number"] == "泰信探决〔2026〕1号"
    assert [t["step"] for t in decided.json()["open_tasks"]] == ["publicize"]
    pdf = client_for(town.filer).get(decision["pdf"])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")

    client.force_login(town.filer)
    page = client.get(reverse("casework:case", args=[case["id"]]))
    assert page.status_code == 200
    assert case["number"] in page.content.decode()
    client.force_login(town.reviewer)
    assert client.get(reverse("casework:inbox"), {"kind": "probe"}).status_code == 200


def test_a_step_nobody_can_take_goes_to_the_credit_office_and_alerts_the_supervisor(town):
    from workflows.casework.models import TaskParticipant

    town.inspector.is_active = False
    town.inspector.save()
    _file(town)
    complete(town.reviewer, task_of(town.reviewer, "intake")["id"], "accept")
    complete(town.filer, task_of(town.filer, "work")["id"], "done")

    # the joint step's inspector has no active holder: its place goes to the credit office
    participants = TaskParticipant.objects.order_by("pk")
    assert [(p.role, p.department.code) for p in participants] == [
        ("reviewer", "credit-office"),
        ("inspector", "credit-office"),
    ]
    # a plain step: the filer's department loses its only filer before the step opens
    _file(town)
    town.filer.is_active = False
    town.filer.save()
    complete(town.reviewer, task_of(town.reviewer, "intake")["id"], "accept")
    work = CaseTask.objects.get(step="work", is_open=True, case__number="TP-2026-000002")
    assert work.department == town.office
    assert work.rerouted_from == town.finance
    alert = Notification.objects.get(key=f"rerouted:{work.pk}")
    assert alert.recipient == town.supervisor


def _decided(town, time_machine):
    case = _to_consult(town, time_machine)
    consult = task_of(town.reviewer, "consult")
    complete(town.reviewer, consult["id"], "opinion", outcome="agree", reasons="同意")
    complete(town.inspector, consult["id"], "opinion", outcome="agree", reasons="同意")
    complete(town.approver, task_of(town.approver, "decide")["id"], "decide")
    return case


def test_a_period_ends_by_itself_and_the_process_finishes(town, time_machine):
    from viewflow.workflow.status import PROCESS

    from workflows.casework.models import Case

    case = _decided(town, time_machine)
    period = task_of(town.reviewer, "publicize")
    time_machine.move_to(_at(12, 31))
    fire_timers()
    assert not CaseTask.objects.get(pk=period["id"]).is_open
    assert Case.objects.get(pk=case["id"]).process.status == PROCESS.DONE
    assert inbox(town.reviewer) == []


def test_an_objection_during_the_period_sends_the_case_back(town, time_machine):
    _decided(town, time_machine)
    period = task_of(town.reviewer, "publicize")
    back = complete(town.reviewer, period["id"], "object", comment="有异议")
    assert back.status_code == 200
    assert [t["step"] for t in back.json()["open_tasks"]] == ["consult"]
    # the period's end no longer does anything
    time_machine.move_to(_at(12, 31))
    fire_timers()
    assert [t["step"] for t in inbox(town.inspector)] == ["consult"]


def test_a_process_adds_its_own_panel_to_the_task_page(town, client):
    _file(town)
    intake = task_of(town.reviewer, "intake")
    client.force_login(town.reviewer)
    page = client.get(reverse("casework:task", args=[intake["id"]]))
    assert page.status_code == 200
    assert "intake panel of the probe" in page.content.decode()


def test_suspension_tells_whoever_holds_a_step_but_not_the_one_suspending(town):
    from workflows.casework.models import Case
    from workflows.casework.services import case_suspend

    case = _file(town).json()
    intake = task_of(town.reviewer, "intake")
    client_for(town.reviewer).post(f"/api/v1/tasks/{intake['id']}/claim/")
    case_suspend(case=Case.objects.get(pk=case["id"]), by=town.supervisor, reason="材料补齐")

    told = Notification.objects.filter(case_id=case["id"], subject__contains="suspended")
    told = told | Notification.objects.filter(case_id=case["id"], subject__contains="中止")
    assert [n.recipient.username for n in told.distinct()] == ["reviewer"]


def test_the_case_page_counts_down_in_working_days(town, time_machine, client):
    from django.urls import reverse

    case = _accepted(town, time_machine)  # Monday 2 November; the work step is due 16 November
    client.force_login(town.filer)
    page = client.get(reverse("casework:case", args=[case["id"]])).content.decode()
    assert "剩余10个工作日" in page
    time_machine.move_to(_at(11, 16, 9))
    page = client.get(reverse("casework:case", args=[case["id"]])).content.decode()
    assert "今日24:00到期" in page
    time_machine.move_to(_at(11, 17, 9))
    # two weeks on, the session has expired: sign in again, or this reads the login page
    client.force_login(town.filer)
    response = client.get(reverse("casework:case", args=[case["id"]]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "TP-2026-000001" in page
    assert "今日24:00到期" not in page
    assert "剩余" not in page


def test_an_unknown_action_is_refused_naming_the_steps_actions(town):
    _file(town)
    intake = task_of(town.reviewer, "intake")
    response = client_for(town.reviewer).post(
        f"/api/v1/tasks/{intake['id']}/complete/", {"action": "approve"}, format="json"
    )
    assert response.status_code == 400
    [message] = response.json()["errors"]["action"]
    assert "approve" in message
    assert ", ".join(CaseTask.objects.get(pk=intake["id"]).task.flow_task.actions) in message


def test_the_whole_case_clock_starting_is_in_the_history_with_its_due_time(town, time_machine):
    case = _accepted(town, time_machine)
    [started] = CaseEvent.objects.filter(case_id=case["id"], action="clock")
    clock = CaseClock.objects.get(case_id=case["id"])
    assert (started.step, started.event, started.params) == (
        clock.name,
        EventType.CLOCK_STARTED,
        {"due_at": "2026-11-10T00:00:00+08:00"},  # 24:00 of its last day, in Shanghai
    )
