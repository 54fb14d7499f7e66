"""A rectification in real Chromium: the credit office issues it, the subject's department explains."""

import re

import pytest
from django.urls import reverse

from tests.browser.test_appeal_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, log_in
from tests.rectification import conftest as rectification_fixtures
from workflows.rectification.models import Rectification

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

city = rectification_fixtures.city


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_reviewer_issues_and_the_department_explains_in_the_browser(browser, live_server, city):
    base_url = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    # the credit office's reviewer issues the rectification notice on the body's record
    log_in(page, base_url, "reviewer")
    page.goto(f"{base_url}{reverse('rectification:issue')}")
    page.select_option("#id_record", str(city.record.pk))
    page.fill("#id_required_measures", "履行（2026）苏12民初9号民事判决确定的付款义务并书面报告。")
    page.fill("#id_deadline_days", "20")
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_url(re.compile(r".*/cases/\d+/$"))
    case = Rectification.objects.get()
    assert page.locator("h1").inner_text().strip() == case.number
    page.click(".site-tools button[type=submit]")  # log out
    page.wait_for_url(re.compile(r".*/login/$"))

    # the subject's department finds the explain step in its inbox and submits its explanation
    log_in(page, base_url, "filer_finance")
    row = page.locator("tbody tr", has_text=case.number)
    assert row.count() == 1
    row.locator("a.button", has_text=re.compile("Open|办理|打开")).first.click()
    page.wait_for_url(re.compile(r".*/tasks/\d+/$"))
    page.fill("#panel-submit textarea", "因资金拨付流程延误未按期付款，已制定还款计划。")
    page.click("#panel-submit button[type=submit]")
    page.wait_for_url(re.compile(rf".*{reverse('casework:case', args=[case.pk])}$"))
    page.screenshot(path=SCREENSHOTS / "rectification_case_page.png", full_page=True)

    open_tasks = page.locator("section.panel", has_text=re.compile("Open tasks|待办"))
    assert "rectify" in [t.step for t in case.case_tasks.filter(is_open=True)]
    assert open_tasks.locator("tbody tr").count() >= 1
    case.refresh_from_db()
    assert case.causes.startswith("因资金拨付流程延误")
