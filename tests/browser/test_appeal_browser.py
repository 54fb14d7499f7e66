"""An objection appeal in real Chromium: the filer files it, the reviewer accepts it from the inbox."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from tests.appeal import conftest as appeal_fixtures
from workflows.appeal.models import Appeal

# Playwright's sync API runs an event loop in this thread; the ORM calls here are the test's own
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# screenshots for a person to look at after the run
SCREENSHOTS = Path(tempfile.gettempdir())
GROUNDS = "该处罚决定已经被行政复议机关撤销，记录应当予以撤销，特此提出异议。"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

city = appeal_fixtures.city


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def log_in(page, base_url, username):
    page.goto(f"{base_url}{reverse('login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/tasks/$"))


def test_filer_files_and_reviewer_accepts_in_the_browser(browser, live_server, city):
    base_url = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    # the filer files an objection on its subject's record
    log_in(page, base_url, "filer_finance")
    page.goto(f"{base_url}{reverse('appeal:file')}")
    page.select_option("#id_record", str(city.record.pk))
    page.fill("#id_grounds", GROUNDS)
    page.select_option("#id_requested_outcome", "revoke")
    page.fill("#id_contact_phone", "0523-86881234")
    page.click("text=File the objection")
    page.wait_for_url(re.compile(r".*/cases/\d+/$"))
    appeal = Appeal.objects.get()
    assert re.fullmatch(r"YY-\d{4}-\d{6}", appeal.number)
    assert page.locator("h1").inner_text().strip() == appeal.number
    page.click(".site-tools button[type=submit]")  # log out
    page.wait_for_url(re.compile(r".*/login/$"))

    # the reviewer finds it in the inbox and accepts it
    log_in(page, base_url, "reviewer")
    page.screenshot(path=SCREENSHOTS / "appeal_inbox.png", full_page=True)
    row = page.locator("tbody tr", has_text=appeal.number)
    assert row.count() == 1
    row.locator("a.button", has_text="Open").click()
    page.wait_for_url(re.compile(r".*/tasks/\d+/$"))
    assert page.locator("#tab-accept").is_checked()
    page.click("label[for=tab-not_accept]")
    assert page.locator("#panel-not_accept").is_visible()
    assert not page.locator("#panel-accept").is_visible()
    page.screenshot(path=SCREENSHOTS / "appeal_task_page.png", full_page=True)
    page.click("label[for=tab-accept]")
    page.click("#panel-accept button[type=submit]")
    page.wait_for_url(re.compile(rf".*{reverse('casework:case', args=[appeal.pk])}$"))

    # the case page now shows the verify step open, with the provider's verifiers
    open_tasks = page.locator("section.panel", has_text="Open tasks")
    assert open_tasks.locator("tbody tr").count() == 1
    assert "Verify" in open_tasks.locator("tbody tr").inner_text()
    assert city.market.name in open_tasks.locator("tbody tr").inner_text()
    assert page.locator(".process-chart svg g#verify").get_attribute("class") == "new"
    assert page.locator(".message--success").count() == 1
    page.screenshot(path=SCREENSHOTS / "appeal_case_page.png", full_page=True)
    assert Appeal.objects.get(pk=appeal.pk).state == "verifying"
