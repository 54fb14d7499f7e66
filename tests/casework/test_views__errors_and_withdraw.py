"""Our own error pages in the site's layout and the user's language; "Work on it" only for those who
can act; withdrawal on the web asks for a reason and a confirmation (on the probe process)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from workflows.casework.models import Case, CaseEvent

from .conftest import client_for, task_of

pytestmark = pytest.mark.django_db


def _file(town) -> dict:
    response = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_filer_posting_a_reviewers_step_gets_our_403_in_chinese(town, client):
    _file(town)
    intake = task_of(town.reviewer, "intake")
    client.force_login(town.filer)

    response = client.post(reverse("casework:task", args=[intake["id"]]), {"action": "accept"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "LOG IN AS ANOTHER USER" not in page.upper()
    assert 'class="site-header"' in page  # the site's layout, with its navigation
    assert "无权办理" in page
    assert 'href="/"' in page


def test_the_403_page_follows_the_users_language(town, client):
    _file(town)
    intake = task_of(town.reviewer, "intake")
    client.force_login(town.filer)

    response = client.post(
        reverse("casework:task", args=[intake["id"]]),
        {"action": "accept"},
        headers={"accept-language": "en"},
    )

    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_a_case_of_another_department_is_our_404(town, client):
    case = _file(town)
    client.force_login(town.filer_housing)

    response = client.get(reverse("casework:case", args=[case["id"]]))

    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()
    assert "未找到" in response.content.decode()


@override_settings(DEBUG=False)
def test_the_500_page_is_ours(client):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert 'class="site-header"' in page
    assert "服务器" in page


def test_work_on_it_is_shown_only_to_those_who_can_act(town, client):
    case = _file(town)
    url = reverse("casework:case", args=[case["id"]])
    client.force_login(town.reviewer)
    assert "办理" in client.get(url).content.decode()
    client.force_login(town.filer)
    page = client.get(url).content.decode()
    assert ">办理<" not in page
    assert "查看" in page


def _withdraw(client, case, **data):
    return client.post(reverse("casework:case_withdraw", args=[case["id"]]), data)


def test_web_withdrawal_refuses_an_empty_reason_with_a_form_error(town, client):
    case = _file(town)
    client.force_login(town.filer)

    response = _withdraw(client, case, reason="   ", confirm="on")

    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_reason_error"' in page
    assert 'id="id_reason_error"' in page
    assert Case.objects.get(pk=case["id"]).state == "filed"
    assert not CaseEvent.objects.filter(case_id=case["id"], action="withdraw").exists()


def test_web_withdrawal_needs_the_confirmation(town, client):
    case = _file(town)
    client.force_login(town.filer)

    response = _withdraw(client, case, reason="已自行纠正")

    assert response.status_code == 400
    assert 'id="id_confirm_error"' in response.content.decode()
    assert Case.objects.get(pk=case["id"]).state == "filed"


def test_web_withdrawal_with_reason_and_confirmation_records_the_reason(town, client):
    case = _file(town)
    client.force_login(town.filer)

    response = _withdraw(client, case, reason="已自行纠正", confirm="on")

    assert response.status_code == 302
    assert Case.objects.get(pk=case["id"]).state == "withdrawn"
    event = CaseEvent.objects.get(case_id=case["id"], action="withdraw")
    assert event.comment == "已自行纠正"


def test_who_may_not_withdraw_gets_403_before_the_form_is_checked(town, client):
    case = _file(town)
    client.force_login(town.reviewer)

    assert _withdraw(client, case).status_code == 403
    assert Case.objects.get(pk=case["id"]).state == "filed"
