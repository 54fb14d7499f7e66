"""Small helpers of the appeal API tests."""

from datetime import date

from rest_framework.test import APIClient

from workflows.records.services import record_create

GROUNDS = "该处罚决定已于2026年5月被复议机关撤销，记录所依据的事实不复存在，请予撤销。"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def file_appeal(city, **overrides):
    payload = {
        "record": city.record.pk,
        "grounds": GROUNDS,
        "requested_outcome": "correct",
        "proposed_correction": "该处罚已被撤销。",
        "contact_phone": "0523-86888888",
        **overrides,
    }
    return client_for(city.filer_finance).post("/api/v1/appeals/", payload, format="json")


def inbox(user, **params):
    response = client_for(user).get("/api/v1/tasks/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def only_task(user, step):
    tasks = [t for t in inbox(user) if t["step"] == step]
    assert len(tasks) == 1, tasks
    return tasks[0]


def complete(user, task_id, action, **fields):
    return client_for(user).post(
        f"/api/v1/tasks/{task_id}/complete/", {"action": action, **fields}, format="json"
    )


def verifier_confirms_error(city, finding="经核实，记录有误。"):
    """The market verifier confirms the record is wrong and proposes to revoke it."""
    return complete(
        city.verifier_market,
        only_task(city.verifier_market, "verify")["id"],
        "confirm_error",
        finding=finding,
        proposed_outcome="revoke",
    )


def appeal_at_sign(
    city, reasons="该处罚决定已被复议机关撤销，记录所依据的事实不复存在。", **filing
) -> dict:
    """File an appeal (`filing`: fields overriding file_appeal's) and take it through accept,
    verify (an error confirmed) and decide (the record revoked): the approver's sign task."""
    assert file_appeal(city, **filing).status_code == 201
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    verifier_confirms_error(city, finding="经核实，该处罚决定已被撤销，记录有误。")
    complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="revoked",
        reasons=reasons,
    )
    return only_task(city.approver, "sign")


def another_record(city, n):
    return record_create(
        subject=city.subject,
        category="dishonesty",
        severity="general",
        source="penalty",
        summary=f"第{n}条测试记录：未按期履行合同义务。",
        occurred_on=date(2026, 3, 2),
        provider=city.market,
        document_number=f"泰市监罚〔2026〕{100 + n}号",
    )
