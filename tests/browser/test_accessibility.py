"""axe-core (vendored: tests/browser/vendor/axe.min.js, axe-core 4.10.3, MPL-2.0, a test asset that
is never served) finds no serious or critical violation on the pages people work in, at desktop
width and at 390 px."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.appeal.helpers import file_appeal

from .test_appeal_browser import browser, city, log_in  # noqa: F401 -- fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


def _serious(page) -> list[str]:
    page.evaluate(AXE)  # evaluated by the test harness, outside the page's CSP
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url} {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]
)
def test_no_serious_or_critical_violations(browser, live_server, city, viewport):  # noqa: F811
    appeal = file_appeal(city).json()
    base = live_server.url
    page = browser.new_page(viewport=viewport)
    found = []

    page.goto(f"{base}{reverse('login')}")
    found += _serious(page)

    log_in(page, base, "reviewer")
    found += _serious(page)  # inbox
    task = page.locator("tbody tr a[href*='/tasks/']").first.get_attribute("href")
    for url in (
        task,
        reverse("casework:case", args=[appeal["id"]]),
        reverse("records:list"),
        reverse("records:detail", args=[city.record.pk]),
        reverse("subjects:list"),
        reverse("subjects:detail", args=[city.subject.pk]),
    ):
        page.goto(f"{base}{url}")
        found += _serious(page)

    page.context.clear_cookies()
    log_in(page, base, "filer_finance")
    for url in (
        reverse("appeal:file"),
        reverse("repair:file"),
        reverse("casework:case", args=[appeal["id"]]),
    ):
        page.goto(f"{base}{url}")
        found += _serious(page)

    assert found == []
    # the check can fail: an image without a text alternative is a critical violation
    page.evaluate(
        "document.body.append(Object.assign(document.createElement('img'), {src: '/x.png'}))"
    )
    assert any("image-alt" in v for v in _serious(page))
