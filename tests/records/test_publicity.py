"""Publicity periods and the earliest repair date follow the admin-editable policy."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CreditRecordFactory
from workflows.records.models import (
    POLICY_MIN_ABOVE_MAX,
    PublicityPolicy,
    Severity,
)
from workflows.records.publicity import publicity_end_for, record_earliest_repair_on

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("severity", "end"),
    [
        (Severity.MINOR, START),
        (Severity.GENERAL, datetime.date(2027, 1, 31)),
        (Severity.SERIOUS, datetime.date(2029, 1, 31)),
    ],
)
def test_default_publicity_end_is_start_plus_the_default(severity, end):
    assert publicity_end_for(severity=severity, start=START) == end


def test_the_seeded_policy_matches_the_rules():
    policies = {
        p.severity: (p.min_months, p.max_months, p.default_months, p.repair_after_months)
        for p in PublicityPolicy.objects.all()
    }

    assert policies == {
        "minor": (0, 3, 0, 0),
        "general": (3, 12, 12, 3),
        "serious": (12, 36, 36, 12),
    }


@pytest.mark.parametrize(
    ("severity", "earliest"),
    [
        (Severity.MINOR, START),
        (Severity.GENERAL, datetime.date(2026, 4, 30)),
        (Severity.SERIOUS, datetime.date(2027, 1, 31)),
    ],
)
def test_repair_is_possible_after_the_minimum(severity, earliest):
    record = CreditRecordFactory(severity=severity, occurred_on=START, publicity_start=START)

    assert record_earliest_repair_on(record) == earliest


def test_an_edited_policy_applies_to_new_records():
    PublicityPolicy.objects.filter(severity=Severity.GENERAL).update(default_months=6)

    record = CreditRecordFactory(
        severity=Severity.GENERAL, occurred_on=START, publicity_start=START
    )

    assert record.publicity_end == datetime.date(2026, 7, 31)


def test_a_policy_whose_minimum_exceeds_its_maximum_is_refused():
    policy = PublicityPolicy.objects.get(severity=Severity.MINOR)
    policy.min_months = 6

    with pytest.raises(ValidationError) as exc_info:
        policy.full_clean()

    assert exc_info.value.message_dict["min_months"] == [str(POLICY_MIN_ABOVE_MAX)]
