"""The casework pages: inbox, task page, case page, downloads and notifications."""

from datetime import timedelta

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.appeal import conftest as appeal_fixtures
from tests.appeal.helpers import another_record
from workflows.appeal import services as appeal_services
from workflows.appeal.models import Appeal, AppealState
from workflows.casework import services
from workflows.casework.events import case_event_add
from workflows.casework.models import CaseTask, Notification
from workflows.casework.selectors import inbox_for
from workflows.casework.services import NOT_IN_GROUP, TASK_NOT_OPEN
from workflows.casework.steps import COMMENT_REQUIRED_WITH_OTHER
from workflows.casework.views import ALL_READ, TASK_CLAIMED
from workflows.organization.models import Department
from workflows.organization.uscc import uscc_complete

pytestmark = pytest.mark.django_db

# the appeal tests' small city (departments, users with roles, a finance subject's record)
city = appeal_fixtures.city
fresh_record = appeal_fixtures.fresh_record

GROUNDS = "该处罚决定已经被行政复议机关撤销，记录应当予以撤销，特此提出异议。"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def file_appeal(city, record=None):
    return appeal_services.appeal_file(
        by=city.filer_finance,
        record_id=(record or city.record).pk,
        grounds=GROUNDS,
        requested_outcome="revoke",
    )


def open_task(case, step):
    return CaseTask.objects.get(case=case, step=step, is_open=True)


@pytest.fixture
def outsider(django_user_model):
    housing = Department.objects.create(
        code="housing", name="市住建局", uscc=uscc_complete(f"11321200{9:09d}")
    )
    user = django_user_model.objects.create_user(
        username="filer_housing", password="demo", department=housing
    )
    user.groups.add(Group.objects.get_or_create(name="filer")[0])
    return user


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("name", ["casework:inbox", "casework:cases", "casework:notifications"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_open_a_case_or_task(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")

    for url in (
        reverse("casework:case", args=[appeal.pk]),
        reverse("casework:task", args=[task.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_department_cannot_see_another_departments_case(client, city, outsider):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(outsider)

    assert client.get(reverse("casework:case", args=[appeal.pk])).status_code == 404
    assert client.get(reverse("casework:task", args=[task.pk])).status_code == 404
    assert appeal.number not in client.get(reverse("casework:cases")).content.decode()


def test_completing_another_groups_task_via_the_form_is_forbidden(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(city.verifier_market)  # sees the case (its record), not the group

    page = client.get(reverse("casework:task", args=[task.pk]))
    response = client.post(reverse("casework:task", args=[task.pk]), {"action": "accept"})

    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()
    assert response.status_code == 403
    assert Appeal.objects.get(pk=appeal.pk).state == "filed"
    assert str(NOT_IN_GROUP)  # the service's refusal, see casework.services


def test_validation_error_shows_the_message_and_changes_nothing(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(city.reviewer)

    response = client.post(
        reverse("casework:task", args=[task.pk]), {"action": "not_accept", "reason": "other"}
    )

    assert response.status_code == 400
    assert str(COMMENT_REQUIRED_WITH_OTHER) in response.content.decode()
    assert Appeal.objects.get(pk=appeal.pk).state == "filed"
    assert CaseTask.objects.get(pk=task.pk).is_open


def test_field_errors_are_chinese_by_default_and_english_in_english(client, city, settings):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(city.reviewer)
    url = reverse("casework:task", args=[task.pk])

    chinese = client.post(url, {"action": "request_material", "missing": ""})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.post(url, {"action": "request_material", "missing": ""})

    with translation.override("zh-hans"):
        required_zh = str(forms.Field.default_error_messages["required"])
    assert required_zh != "This field is required."
    assert required_zh in chinese.content.decode()
    assert "This field is required." in english.content.decode()
    assert not Appeal.objects.get(pk=appeal.pk).is_suspended


def test_a_task_completed_meanwhile_shows_it_has_moved_on(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    services.task_complete(case_task=task, by=city.reviewer, action="accept", data={})
    client.force_login(city.reviewer)

    response = client.post(
        reverse("casework:task", args=[task.pk]), {"action": "accept"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("casework:case", args=[appeal.pk])
    assert str(TASK_NOT_OPEN) in response.content.decode()


# ---------------------------------------------------------------- inbox


def test_inbox_lists_the_groups_task_with_claim_button(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(city.reviewer)

    page = client.get(reverse("casework:inbox")).content.decode()

    assert appeal.number in page
    assert reverse("casework:case", args=[appeal.pk]) in page
    assert reverse("casework:task_claim", args=[task.pk]) in page
    assert city.subject.name in page


def test_claiming_moves_the_task_from_the_group_queue_to_my_tasks(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(city.reviewer)

    response = client.post(reverse("casework:task_claim", args=[task.pk]), follow=True)
    mine = client.get(reverse("casework:inbox"), {"tab": "mine"}).content.decode()
    queue = client.get(reverse("casework:inbox"), {"tab": "queue"}).content.decode()

    assert str(TASK_CLAIMED) in response.content.decode()
    assert appeal.number in mine
    assert appeal.number not in queue

    client.post(reverse("casework:task_release", args=[task.pk]))
    assert appeal.number in client.get(reverse("casework:inbox"), {"tab": "queue"}).content.decode()


def test_inbox_filters_overdue_and_sorts_by_due_time(client, city):
    first = file_appeal(city)
    second = file_appeal(city, another_record(city, 1))
    CaseTask.objects.filter(case=first).update(due_at=timezone.now() - timedelta(days=2))
    CaseTask.objects.filter(case=second).update(due_at=timezone.now() + timedelta(days=2))
    client.force_login(city.reviewer)

    overdue = client.get(reverse("casework:inbox"), {"overdue": "1"}).content.decode()
    ascending = client.get(reverse("casework:inbox"), {"sort": "due"}).content.decode()
    descending = client.get(reverse("casework:inbox"), {"sort": "-due"}).content.decode()

    assert first.number in overdue
    assert second.number not in overdue
    assert "tag--overdue" in overdue
    assert ascending.index(first.number) < ascending.index(second.number)
    assert descending.index(second.number) < descending.index(first.number)


def test_inbox_filters_by_kind(client, city):
    appeal = file_appeal(city)
    client.force_login(city.reviewer)

    appeals = client.get(reverse("casework:inbox"), {"kind": "appeal"}).content.decode()
    repairs = client.get(reverse("casework:inbox"), {"kind": "repair"}).content.decode()

    assert appeal.number in appeals
    assert appeal.number not in repairs


def test_archive_lists_the_tasks_i_completed(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(city.reviewer)
    client.post(reverse("casework:task", args=[task.pk]), {"action": "accept"})

    archive = client.get(reverse("casework:inbox"), {"tab": "archive"}).content.decode()

    assert appeal.number in archive


def test_inbox_query_count_does_not_grow_with_tasks(client, city, django_assert_max_num_queries):
    file_appeal(city)
    file_appeal(city, another_record(city, 0))
    client.force_login(city.reviewer)
    client.get(reverse("casework:inbox"))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as two:
        assert client.get(reverse("casework:inbox")).status_code == 200

    for n in range(1, 19):
        file_appeal(city, another_record(city, n))
    assert inbox_for(city.reviewer).count() == 20

    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(reverse("casework:inbox"))
    page = response.content.decode()
    for case_task in inbox_for(city.reviewer):
        assert reverse("casework:task_claim", args=[case_task.pk]) in page


# ---------------------------------------------------------------- case page


def test_case_page_shows_the_case_record_grounds_tasks_and_chart(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(city.filer_finance)

    page = client.get(reverse("casework:case", args=[appeal.pk])).content.decode()

    assert appeal.number in page
    assert city.record.summary in page
    assert GROUNDS in page
    assert city.market.name in page
    assert reverse("casework:task", args=[task.pk]) in page
    assert "<svg" in page
    assert 'id="accept"' in page  # the open step in the chart
    assert reverse("casework:case_withdraw", args=[appeal.pk]) in page


def test_case_page_query_count_does_not_grow_with_history_and_attachments(
    client, city, django_assert_max_num_queries
):
    appeal = file_appeal(city)
    client.force_login(city.reviewer)
    client.get(reverse("casework:case", args=[appeal.pk]))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("casework:case", args=[appeal.pk])).status_code == 200

    for _ in range(15):
        case_event_add(case=appeal, step="accept", action="claim", by=city.reviewer)
    for n in range(5):
        services.attachment_add(
            case=appeal,
            by=city.filer_finance,
            upload=SimpleUploadedFile(f"证据{n}.pdf", PDF_BYTES + bytes([n]), "application/pdf"),
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("casework:case", args=[appeal.pk]))
    page = response.content.decode()
    for attachment in appeal.attachments.all():
        assert reverse("casework:attachment", args=[appeal.pk, attachment.pk]) in page


def test_attachment_upload_and_download_for_those_who_see_the_case(client, city, outsider):
    appeal = file_appeal(city)
    client.force_login(city.filer_finance)

    response = client.post(
        reverse("casework:attachment_upload", args=[appeal.pk]),
        {"files": [SimpleUploadedFile("说明.pdf", PDF_BYTES, "application/pdf")]},
    )
    attachment = appeal.attachments.get()
    url = reverse("casework:attachment", args=[appeal.pk, attachment.pk])
    download = client.get(url)
    client.force_login(outsider)
    refused = client.get(url)

    assert response.status_code == 302
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert refused.status_code == 404


def test_an_upload_of_the_wrong_type_is_refused_on_the_page(client, city):
    appeal = file_appeal(city)
    client.force_login(city.filer_finance)

    response = client.post(
        reverse("casework:attachment_upload", args=[appeal.pk]),
        {"files": [SimpleUploadedFile("run.exe", b"MZ\x90\x00" + b"\x00" * 100)]},
    )

    assert response.status_code == 400
    assert "run.exe" in response.content.decode()
    assert not appeal.attachments.exists()


def test_filer_withdraws_the_case(client, city, fresh_record):
    appeal = file_appeal(city)
    client.force_login(city.filer_finance)

    client.post(
        reverse("casework:case_withdraw", args=[appeal.pk]),
        {"reason": "已自行纠正", "confirm": "on"},
    )

    assert Appeal.objects.get(pk=appeal.pk).state == "withdrawn"
    assert fresh_record(city.record).state == "active"


def test_reviewer_cannot_withdraw(client, city):
    appeal = file_appeal(city)
    client.force_login(city.reviewer)

    response = client.post(reverse("casework:case_withdraw", args=[appeal.pk]))

    assert response.status_code == 403
    assert Appeal.objects.get(pk=appeal.pk).state == "filed"


def test_filer_resumes_a_suspended_case(client, city):
    appeal = file_appeal(city)
    client.force_login(city.reviewer)
    client.post(
        reverse("casework:task", args=[open_task(appeal, "accept").pk]),
        {"action": "request_material", "missing": "请补充行政复议决定书"},
    )
    assert Appeal.objects.get(pk=appeal.pk).is_suspended

    reviewer_try = client.post(reverse("casework:case_resume", args=[appeal.pk]))
    client.force_login(city.filer_finance)
    page = client.get(reverse("casework:case", args=[appeal.pk])).content.decode()
    client.post(reverse("casework:case_resume", args=[appeal.pk]), {"comment": "已上传"})

    assert reviewer_try.status_code == 403
    assert reverse("casework:case_resume", args=[appeal.pk]) in page
    assert not Appeal.objects.get(pk=appeal.pk).is_suspended


def test_leader_reassigns_and_approver_extends(client, city, django_user_model):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    due_before = task.due_at
    client.force_login(city.approver)

    client.post(reverse("casework:task_reassign", args=[task.pk]), {"assignee": city.reviewer.pk})
    client.post(reverse("casework:task_extend", args=[task.pk]), {"days": 2, "reason": "案情复杂"})

    task = CaseTask.objects.select_related("task").get(pk=task.pk)
    assert task.task.owner_id == city.reviewer.pk
    assert task.extended_days == 2
    assert task.due_at > due_before


def test_reassign_to_someone_outside_the_group_is_refused_on_the_form(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(city.approver)

    response = client.post(
        reverse("casework:task_reassign", args=[task.pk]), {"assignee": city.filer_finance.pk}
    )

    assert response.status_code == 400
    assert CaseTask.objects.select_related("task").get(pk=task.pk).task.owner_id is None


def test_cases_list_filters_by_state_and_overdue(client, city):
    first = file_appeal(city)
    second = file_appeal(city, another_record(city, 1))
    services.task_complete(
        case_task=open_task(second, "accept"), by=city.reviewer, action="accept", data={}
    )
    CaseTask.objects.filter(case=first).update(due_at=timezone.now() - timedelta(days=1))
    client.force_login(city.supervisor)

    filed = client.get(reverse("casework:cases"), {"state": "filed"}).content.decode()
    overdue = client.get(reverse("casework:cases"), {"overdue": "1"}).content.decode()

    assert first.number in filed
    assert str(AppealState.FILED.label) in filed
    assert second.number not in filed
    assert first.number in overdue
    assert second.number not in overdue


# ---------------------------------------------------------------- notifications


def test_notifications_newest_first_and_mark_all_read(client, city):
    Notification.objects.create(recipient=city.filer_finance, subject="较早的通知")
    Notification.objects.create(recipient=city.filer_finance, subject="最新的通知")
    Notification.objects.create(recipient=city.reviewer, subject="别人的通知")
    client.force_login(city.filer_finance)

    page = client.get(reverse("casework:notifications")).content.decode()
    response = client.post(reverse("casework:notifications_read"), follow=True)

    assert page.index("最新的通知") < page.index("较早的通知")
    assert "别人的通知" not in page
    assert str(ALL_READ) in response.content.decode()
    assert not Notification.objects.filter(recipient=city.filer_finance, read_at=None).exists()
    assert Notification.objects.filter(recipient=city.reviewer, read_at=None).exists()
