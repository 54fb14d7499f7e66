"""Document numbers: format, per issuer and year, gap-free under rollback and concurrency."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from tests.documents.conftest import issue
from workflows.documents.models import Document
from workflows.documents.services import document_number_format

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def test_number_has_four_digit_year_in_brackets_and_unpadded_serial():
    assert (
        document_number_format(issuer_code="泰信异决", year=2026, serial=12)
        == "泰信异决〔2026〕12号"
    )


@pytest.mark.django_db
def test_serials_count_per_issuer_and_per_year():
    first = issue(issued_at=datetime.datetime(2026, 3, 1, 10, tzinfo=SHANGHAI))
    second = issue(issued_at=datetime.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI))
    other_issuer = issue(
        issuer_code="泰信异通",
        doc_type="appeal_not_accepted",
        issued_at=datetime.datetime(2026, 3, 3, 10, tzinfo=SHANGHAI),
    )
    next_year = issue(issued_at=datetime.datetime(2027, 1, 4, 10, tzinfo=SHANGHAI))

    assert first.number == "泰信异决〔2026〕1号"
    assert second.number == "泰信异决〔2026〕2号"
    assert other_issuer.number == "泰信异通〔2026〕1号"
    assert next_year.number == "泰信异决〔2027〕1号"


@pytest.mark.django_db
def test_year_is_the_shanghai_year_of_issue():
    # 2026-12-31 20:00 UTC is already 2027-01-01 in Taizhou
    document = issue(issued_at=datetime.datetime(2026, 12, 31, 20, tzinfo=datetime.UTC))

    assert document.number == "泰信异决〔2027〕1号"


def issue_in_failing_transaction(**overrides) -> None:
    """The signing step issues its decision, then fails, so the whole transaction rolls back."""
    with transaction.atomic():
        issue(**overrides)
        raise RuntimeError("the signing step failed after the decision was rendered")


@pytest.mark.django_db
def test_rolled_back_issue_does_not_consume_a_number():
    with pytest.raises(RuntimeError):
        issue_in_failing_transaction()

    assert not Document.objects.exists()
    assert issue().serial == 1


@pytest.mark.django_db
def test_next_number_after_a_rollback_is_the_one_that_was_released():
    given_year = datetime.datetime(2026, 6, 1, 9, tzinfo=SHANGHAI)
    issue(issued_at=given_year)

    with pytest.raises(RuntimeError):
        issue_in_failing_transaction(issued_at=given_year)
    after = issue(issued_at=given_year)

    assert after.number == "泰信异决〔2026〕2号"
    assert list(Document.objects.values_list("serial", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_verify_codes_are_unguessable_url_safe_and_distinct():
    codes = {issue().verify_code for _ in range(3)}

    assert len(codes) == 3
    for code in codes:
        assert len(code) == 16
        assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_for_one_issuer_take_serials_one_to_n_without_gaps():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    workers = 6
    start = threading.Barrier(workers)
    serials: list[int] = []
    errors: list[BaseException] = []
    issued_at = datetime.datetime(2026, 5, 12, 10, tzinfo=SHANGHAI)

    def work(case_id: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                serials.append(issue(case_id=case_id, issued_at=issued_at).serial)
        except BaseException as exc:  # handed to the main thread to report
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(serials) == list(range(1, workers + 1))
    numbers = set(Document.objects.values_list("number", flat=True))
    assert numbers == {f"泰信异决〔2026〕{n}号" for n in range(1, workers + 1)}
