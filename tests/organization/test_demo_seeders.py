"""manage.py seed_demo runs the seeders the setting names, on an empty database."""

from io import StringIO

import pytest
from django.core.management import call_command

from workflows.organization.models import User
from workflows.records.models import CreditRecord

pytestmark = pytest.mark.django_db


def test_seed_demo_runs_the_seeders_of_the_setting(settings):
    settings.DEMO_SEEDERS = ["workflows.organization.demo.seed"]

    call_command("seed_demo", stdout=StringIO())

    assert User.objects.filter(username="reviewer").exists()
    assert not CreditRecord.objects.exists()
