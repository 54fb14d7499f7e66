"""A day's work in real Chromium, at desktop width and at 390 px: the approver reads the decision as
the PDF it will become and signs; a reviewer previews an attachment inline; a supervisor hands
several tasks to another reviewer with one confirmation; a saved filter brings a search back."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.appeal.helpers import client_for, complete, file_appeal, only_task
from workflows.casework.models import CaseEvent, CaseTask
from workflows.documents.models import Document

from .test_accessibility import _serious
from .test_appeal_browser import SCREENSHOTS, browser, city, log_in  # noqa: F401 -- fixtures
from .test_ui_narrow import _no_sideways_scroll, _three_appeals

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _at_sign(city) -> dict:  # noqa: F811
    appeal = file_appeal(city).json()
    client_for(city.filer_finance).post(
        f"/api/v1/cases/{appeal['id']}/attachments/",
        {"file": SimpleUploadedFile("复议决定书.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    )
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    complete(
        city.verifier_market,
        only_task(city.verifier_market, "verify")["id"],
        "confirm_error",
        finding="经核实，该处罚决定已被复议机关撤销，记录有误。",
        proposed_outcome="revoke",
    )
    complete(
        city.reviewer,
        only_task(city.reviewer, "decide")["id"],
        "draft",
        outcome="revoked",
        reasons="该处罚决定已被复议机关撤销，记录所依据的事实不复存在。",
    )
    return appeal


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
def test_the_approver_reads_the_draft_decision_then_signs(browser, live_server, city, viewport):  # noqa: F811
    appeal = _at_sign(city)
    page = browser.new_page(viewport=viewport)
    log_in(page, live_server.url, "approver")

    # the task page's frame loads the draft as it opens
    with page.expect_response(lambda r: r.url.endswith("/draft.pdf")) as drafted:
        page.locator("tbody tr", has_text=appeal["number"]).locator("a.button").click()
    page.wait_for_url(re.compile(r".*/tasks/\d+/$"))
    sign = CaseTask.objects.get(step="sign")
    draft_url = reverse("casework:task_draft", args=[sign.pk])
    assert drafted.value.url == f"{live_server.url}{draft_url}"
    assert drafted.value.status == 200
    assert drafted.value.headers["content-type"] == "application/pdf"
    assert drafted.value.headers["content-disposition"].startswith("inline")

    # the draft is on the page, above the form that signs it, as the PDF itself
    frame = page.locator("iframe.draft-preview")
    assert frame.get_attribute("src").startswith(draft_url)
    assert frame.get_attribute("title") == f"Draft document of case {appeal['number']}"
    assert frame.bounding_box()["y"] < page.locator("#panel-approve").bounding_box()["y"]
    assert frame.bounding_box()["width"] <= viewport["width"]
    assert any(f.url.startswith(f"{live_server.url}{draft_url}") for f in page.frames)
    assert page.request.get(f"{live_server.url}{draft_url}").body().startswith(b"%PDF")
    link = page.locator("a.draft-link")
    assert link.get_attribute("href") == draft_url
    assert link.get_attribute("target") == "_blank"
    _no_sideways_scroll(page)
    assert _serious(page) == []
    page.screenshot(path=SCREENSHOTS / f"sign_draft_{viewport['width']}.png", full_page=True)
    assert not Document.objects.exists()  # reading the draft issued nothing

    page.click("#panel-approve button[type=submit]")
    page.wait_for_url(re.compile(rf".*{reverse('casework:case', args=[appeal['id']])}$"))
    decision = Document.objects.get(doc_type="appeal_decision")
    assert decision.serial == 1
    assert decision.number in page.locator(".panel--documents").inner_text()


def test_a_reviewer_previews_an_attachment_inline(browser, live_server, city):  # noqa: F811
    appeal = _at_sign(city)
    page = browser.new_page(viewport=DESKTOP)
    log_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}{reverse('casework:case', args=[appeal['id']])}")

    preview = page.locator("#attachments a", has_text=re.compile("Preview|预览")).first
    assert preview.get_attribute("href").endswith("?inline=1")
    response = page.request.get(f"{live_server.url}{preview.get_attribute('href')}")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    with page.expect_popup() as popup:
        preview.click()
    assert popup.value.url.endswith("?inline=1")


@pytest.fixture
def reviewer2(city, django_user_model):  # noqa: F811
    user = django_user_model.objects.create_user(
        username="reviewer2", password="demo", department=city.office, first_name="二号审核"
    )
    user.groups.add(Group.objects.get(name="reviewer"))
    return user


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
def test_a_supervisor_reassigns_three_tasks_at_once(
    browser,  # noqa: F811
    live_server,
    city,  # noqa: F811
    reviewer2,
    viewport,
):
    appeals = _three_appeals(city)
    page = browser.new_page(viewport=viewport)
    log_in(page, live_server.url, "supervisor")

    page.locator(".tabs a[href='?tab=team']").click()
    page.wait_for_url(re.compile(r".*tab=team.*"))
    _no_sideways_scroll(page)
    for appeal in appeals:
        page.locator(f"input[aria-label$='{appeal.number}']").check()
    page.click(".bulk-bar button[value=reassign]")
    page.wait_for_url(re.compile(r".*/tasks/bulk/$"))
    _no_sideways_scroll(page)
    page.select_option("#id_assignee", str(reviewer2.pk))
    page.locator("form button[type=submit]", has_text="3").click()

    outcomes = page.locator("td.outcome").all_inner_texts()
    assert outcomes == ["reassigned to 二号审核"] * 3
    _no_sideways_scroll(page)
    accept_tasks = CaseTask.objects.filter(step="accept")
    assert {t.claimed_by_id for t in accept_tasks} == {reviewer2.pk}
    assert CaseEvent.objects.filter(action="reassign", by=city.supervisor).count() == 3


def test_a_saved_filter_brings_the_search_back(browser, live_server, city):  # noqa: F811
    appeals = _three_appeals(city)
    page = browser.new_page(viewport=DESKTOP)
    log_in(page, live_server.url, "reviewer")

    page.fill("#inbox-q", appeals[2].number)
    page.press("#inbox-q", "Enter")
    page.wait_for_url(re.compile(r".*q=.*"))
    page.fill("#saved-filter-name", "第三件")
    page.click(".save-filter button[type=submit]")
    page.wait_for_url(re.compile(r".*q=.*"))
    assert page.locator(".saved-filters a[aria-current]").inner_text() == "第三件"

    page.goto(f"{live_server.url}{reverse('casework:inbox')}")
    assert len(page.locator("tbody a.case-number").all_inner_texts()) == 3
    page.locator(".saved-filters a", has_text="第三件").click()
    page.wait_for_url(re.compile(r".*q=.*"))
    assert page.locator("tbody a.case-number").all_inner_texts() == [appeals[2].number]
    assert page.input_value("#inbox-q") == appeals[2].number

    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)


def test_a_notice_made_of_the_entries_is_previewed_before_sending(browser, live_server, city):  # noqa: F811
    appeal = file_appeal(city).json()
    page = browser.new_page(viewport=DESKTOP)
    log_in(page, live_server.url, "reviewer")
    page.locator("tbody tr", has_text=appeal["number"]).locator("a.button").click()
    page.wait_for_url(re.compile(r".*/tasks/\d+/$"))

    page.click("label[for=tab-not_accept]")
    page.select_option("#id_not_accept_reason", "other")
    page.fill("#id_not_accept_comment", "已另案处理")
    # a new tab answers the form sent to the draft
    drafted_in_a_new_tab = page.context.expect_event(
        "response", lambda r: r.url.endswith("/draft.pdf") and r.request.method == "POST"
    )
    with drafted_in_a_new_tab as drafted, page.expect_popup():
        page.click("#panel-not_accept button.draft-with-entries")
    assert drafted.value.request.method == "POST"
    assert drafted.value.status == 200
    assert drafted.value.headers["content-type"] == "application/pdf"
    # previewing sent nothing: the step is still open, and the entries are still in the form
    assert CaseTask.objects.get(step="accept").is_open
    assert page.input_value("#id_not_accept_comment") == "已另案处理"
    assert _serious(page) == []
