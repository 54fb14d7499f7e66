"""manage.py seed_demo and demo_logins: the demo city of docs/api.md, idempotent."""

import re
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command

from workflows.organization.models import Department, User
from workflows.organization.roles import user_roles
from workflows.organization.uscc import validate_uscc
from workflows.records.models import (
    Category,
    CreditRecord,
    RecordEvent,
    RecordState,
    Sanction,
    Severity,
    Source,
    Subject,
)

# seeded once for the module (tests/conftest.py); each test's changes roll back to it
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]

DEMO_DEPARTMENTS = ["finance", "housing", "ecology", "market", "district"]
FIXED_LOGINS = ["reviewer", "approver", "supervisor", "inspector", "admin", "verifier_credit"] + [
    f"{role}_{code}" for code in DEMO_DEPARTMENTS for role in ("filer", "verifier", "leader")
]


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _snapshot() -> dict:
    return {
        "departments": sorted(
            Department.objects.values_list(
                "code", "name", "uscc", "is_credit_office", "parent__code"
            )
        ),
        "users": sorted(
            User.objects.values_list(
                "username",
                "last_name",
                "first_name",
                "department__code",
                "leader__username",
                "is_staff",
                "is_superuser",
                "password",
            )
        ),
        "groups": sorted(User.objects.values_list("username", "groups__name")),
        "subjects": sorted(Subject.objects.values_list("kind", "name", "uscc", "department__code")),
        "records": sorted(
            CreditRecord.objects.values_list(
                "document_number",
                "subject__name",
                "state",
                "severity",
                "category",
                "provider__code",
                "publicity_start",
                "publicity_end",
                "previous_version__id",
            ),
            key=str,
        ),
        "events": RecordEvent.objects.count(),
    }


def test_seed_demo_twice_leaves_the_same_data():
    first = _snapshot()

    _seed()

    assert _snapshot() == first


def test_the_demo_logins_of_the_api_contract_exist_with_password_demo():
    for username in FIXED_LOGINS:
        user = User.objects.get(username=username)
        assert user.check_password("demo"), username
        assert user.get_full_name(), username


def test_demo_users_have_their_roles_departments_and_leaders():
    users = {u.username: u for u in User.objects.select_related("department", "leader")}

    assert users["approver"].department.is_credit_office
    assert users["reviewer"].leader == users["approver"]
    assert user_roles(users["reviewer"]) == {"reviewer"}
    assert users["inspector"].department.code == "inspection"
    assert users["admin"].is_superuser
    assert users["admin"].is_staff
    for code in DEMO_DEPARTMENTS:
        leader = users[f"leader_{code}"]
        assert user_roles(leader) == {"approver"}
        assert users[f"filer_{code}"].leader == leader
        assert users[f"verifier_{code}"].leader == leader
        assert user_roles(users[f"filer_{code}"]) == {"filer"}
        assert users[f"verifier_{code}"].department.code == code


def test_demo_departments_have_valid_taizhou_codes():
    codes = set(Department.objects.values_list("code", flat=True))
    assert codes >= {"credit-office", "inspection", *DEMO_DEPARTMENTS}
    assert Department.objects.get(code="credit-office").issuer_code == "泰信"
    assert Department.objects.get(code="district").kind == "district"
    for department in Department.objects.all():
        validate_uscc(department.uscc)
        assert department.uscc[:2] == "11"
        assert department.uscc[2:6] == "3212"


def test_demo_records_cover_every_state_severity_and_category_with_history():
    assert CreditRecord.objects.count() >= 20
    assert set(CreditRecord.objects.values_list("state", flat=True)) == set(RecordState.values)
    dishonesty = CreditRecord.objects.filter(category=Category.DISHONESTY)
    assert set(dishonesty.values_list("severity", flat=True)) == set(Severity.values)
    assert set(CreditRecord.objects.values_list("category", flat=True)) == set(Category.values)
    # commendations have no degree of dishonesty; minor records are not published
    assert not CreditRecord.objects.filter(category=Category.COMMENDATION).exclude(severity="")
    assert not dishonesty.filter(severity=Severity.MINOR, is_published=True).exists()
    assert not CreditRecord.objects.filter(events__isnull=True).exists()


def test_every_demo_department_provides_records_of_its_own_and_of_other_subjects():
    for code in DEMO_DEPARTMENTS:
        provided = CreditRecord.objects.filter(provider__code=code)
        assert provided.filter(subject__department__code=code).exists(), code
        assert provided.exclude(subject__department__code=code).exists(), code
        assert Subject.objects.filter(department__code=code, kind="body").count() >= 2
        assert Subject.objects.filter(department__code=code, kind="person").exists()


def test_demo_logins_prints_every_login():
    out = StringIO()

    call_command("demo_logins", stdout=out)

    table = out.getvalue()
    for username in FIXED_LOGINS:
        assert username in table
    assert "demo" in table


def test_the_credit_office_has_a_verifier_for_the_records_it_provides():
    verifier = User.objects.get(username="verifier_credit")

    assert verifier.department.is_credit_office
    assert user_roles(verifier) == {"verifier"}
    assert CreditRecord.objects.filter(provider__is_credit_office=True).exists()


def test_demo_facts_are_legally_plausible():
    records = CreditRecord.objects.all()

    judgments = records.filter(source=Source.JUDGMENT)
    assert judgments.exists()
    for number in judgments.values_list("document_number", flat=True):
        # courts number their judgments （2026）苏12民初9号, not like an administrative document
        assert re.fullmatch(r"（\d{4}）苏\d{2}[民行刑执][初终]\d+号", number), number
    assert not judgments.filter(provider__code="market").exists()
    # an order to correct is not an administrative penalty (行政处罚法 arts. 9, 28)
    assert not records.filter(source=Source.PENALTY, summary__endswith="责令改正。").exists()
    assert records.filter(source=Source.OTHER, summary__contains="责令改正").exists()
    demerit = records.get(summary__contains="政务处分（记过）")
    assert demerit.sanction == Sanction.DEMERIT
    assert demerit.publicity_end == demerit.publicity_start + relativedelta(months=12)
    body = Subject.objects.get(
        department__code="finance", uscc__startswith="11", name="泰州市财政局"
    )
    assert body.address
    assert body.person_in_charge
