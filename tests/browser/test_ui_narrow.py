"""The pages at a 390 px phone width in real Chromium: nothing scrolls sideways (tables become cards,
the diagram scrolls in its own box); the inbox search finds a case by its number."""

import re

import pytest
from django.urls import reverse

from tests.appeal.helpers import file_appeal
from workflows.appeal.models import Appeal
from workflows.records.services import record_create

from .test_appeal_browser import browser, city, log_in  # noqa: F401 -- fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    assert width <= inner, f"{page.url}: scrollWidth {width} > innerWidth {inner}: {wide}"


def _three_appeals(city) -> list[Appeal]:  # noqa: F811
    records = [city.record] + [
        record_create(
            subject=city.subject,
            category="dishonesty",
            severity="general",
            source="penalty",
            summary=f"第{n}项失信记录：未按期履行行政处罚决定。",
            occurred_on=city.record.occurred_on,
            provider=city.market,
            document_number=f"泰市监罚〔2026〕{n}号",
        )
        for n in (11, 12)
    ]
    for record in records:
        response = file_appeal(city, record=record.pk)
        assert response.status_code == 201, response.content
    return list(Appeal.objects.order_by("pk"))


def test_no_page_scrolls_sideways_at_390_px(browser, live_server, city):  # noqa: F811
    appeals = _three_appeals(city)
    page = browser.new_page(viewport=PHONE)
    log_in(page, live_server.url, "reviewer")

    pages = [
        reverse("casework:inbox"),
        reverse("casework:cases"),
        reverse("casework:case", args=[appeals[0].pk]),
        reverse("records:list"),
        reverse("records:detail", args=[city.record.pk]),
        reverse("subjects:list"),
        reverse("subjects:detail", args=[city.subject.pk]),
        reverse("casework:notifications"),
    ]
    page.goto(f"{live_server.url}{reverse('casework:inbox')}")
    task_link = page.locator("tbody tr a[href*='/tasks/']").first.get_attribute("href")
    pages.append(task_link)
    for url in pages:
        page.goto(f"{live_server.url}{url}")
        _no_sideways_scroll(page)

    # on a phone the case page shows the documents (the decision) before the open tasks
    page.goto(f"{live_server.url}{reverse('casework:case', args=[appeals[0].pk])}")
    documents = page.locator(".panel--documents").bounding_box()
    first_panel = page.locator(".case-page .panel").first.bounding_box()
    assert documents["y"] <= first_panel["y"]
    # the diagram scrolls inside its own box, its labels at a readable size
    chart = page.locator(".process-chart")
    assert chart.evaluate("e => e.scrollWidth > e.clientWidth")


def test_reviewer_finds_a_case_by_number_and_bulk_claims(browser, live_server, city):  # noqa: F811
    appeals = _three_appeals(city)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "reviewer")

    page.fill("#inbox-q", appeals[1].number)
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r".*q=.*"))
    numbers = page.locator("tbody a.case-number").all_inner_texts()
    assert numbers == [appeals[1].number]

    # a filter applies as soon as it is chosen, keeping the search
    page.select_option("#kind-filter", "appeal")
    page.wait_for_url(re.compile(r".*kind=appeal.*"))
    assert "q=" in page.url
    assert page.locator("tbody a.case-number").all_inner_texts() == [appeals[1].number]

    page.goto(f"{live_server.url}{reverse('casework:inbox')}")
    for checkbox in page.locator("input[name=task]").all():
        checkbox.check()
    page.click(".bulk-bar button[value=claim]")
    page.locator("form button[type=submit]", has_text="3").click()
    assert page.locator("td.outcome").count() == 3
    _no_sideways_scroll(page)
