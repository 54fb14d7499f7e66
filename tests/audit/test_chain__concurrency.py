"""Writers appending to the audit chain at the same time each get their own sequence number."""

import threading

import pytest
from django.db import connection, transaction

from tests.appeal.conftest import city  # noqa: F401  (the appeal journey's city)
from tests.appeal.helpers import file_appeal
from workflows.audit.models import AuditEntry
from workflows.audit.services import audit_verify
from workflows.casework.events import case_event_add
from workflows.casework.models import Case


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_take_consecutive_sequences_and_the_chain_holds(city):  # noqa: F811
    assert file_appeal(city).status_code == 201
    case_id = Case.objects.get().pk
    before = AuditEntry.objects.count()
    barrier = threading.Barrier(4)
    errors = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                with transaction.atomic():
                    case = Case.objects.get(pk=case_id)
                    case_event_add(case=case, step="note", action="note", comment=f"{n}-{i}")
        except Exception as exc:  # noqa: BLE001 -- reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, before + 21))
    assert audit_verify() == []
