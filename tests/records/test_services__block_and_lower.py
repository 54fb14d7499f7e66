"""The generic hooks a case uses on records: a block on recording a matter, and lowering a
record's severity with its publicity recomputed by the §4 policy."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

from tests.factories import SubjectFactory
from workflows.exceptions import Conflict
from workflows.records.models import CreditRecord, PublicityPolicy, RecordEvent
from workflows.records.services import record_block_add, record_create, record_severity_lower

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _record(subject, provider, severity="serious", summary="事项甲", number="泰文〔2026〕1号"):
    return record_create(
        subject=subject,
        category="dishonesty",
        severity=severity,
        source="accountability",
        summary=summary,
        occurred_on=datetime.date(2026, 3, 1),
        publicity_start=datetime.date(2026, 3, 2),
        provider=provider,
        document_number=number,
    )


def test_a_standing_block_refuses_the_matter_by_number_or_text_until_it_ends(finance, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI))
    subject = SubjectFactory(department=finance)
    record_block_add(
        subject=subject,
        matter="事项甲",
        document_number="泰文〔2026〕1号",
        reason="免责",
        until=datetime.date(2026, 6, 30),
    )
    with pytest.raises(Conflict):
        _record(subject, finance, summary="另写的摘要")
    with pytest.raises(Conflict):
        _record(subject, finance, number="")
    assert not CreditRecord.objects.exists()
    # another matter, another subject, a commendation: not blocked
    _record(subject, finance, summary="事项乙", number="泰文〔2026〕2号")
    _record(SubjectFactory(department=finance), finance)
    # on its last day it still stands; the day after, it does not
    time_machine.move_to(datetime.datetime(2026, 6, 30, 23, tzinfo=SHANGHAI))
    with pytest.raises(Conflict):
        _record(subject, finance)
    time_machine.move_to(datetime.datetime(2026, 7, 1, 10, tzinfo=SHANGHAI))
    assert _record(subject, finance).pk


def test_lowering_drops_one_class_and_recomputes_the_publicity_end(finance):
    subject = SubjectFactory(department=finance)
    record = _record(subject, finance, severity="serious")
    lowered = record_severity_lower(record=record, reason="从轻")
    general = PublicityPolicy.objects.get(severity="general")
    assert lowered.severity == "general"
    assert lowered.publicity_end == datetime.date(2026, 3, 2) + relativedelta(
        months=general.default_months
    )
    event = RecordEvent.objects.filter(record=record).last()
    assert (event.from_state, event.to_state) == ("active", "active")
    assert "serious → general" in event.reason

    minor = record_severity_lower(record=record_severity_lower(record=lowered), reason="再次")
    assert minor.severity == "minor"
    assert RecordEvent.objects.filter(record=record).count() == 4
