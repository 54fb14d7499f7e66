"""Demo organisation of Taizhou (泰州市): departments and the fixed demo logins of docs/api.md."""

from django.contrib.auth.models import Group

from .models import Department, DepartmentKind, User
from .roles import Role
from .uscc import uscc_complete

DEMO_PASSWORD = "demo"
# the departments that file cases and provide records in the demo
DEMO_DEPARTMENTS = ["finance", "housing", "ecology", "market", "district"]

# code, name, kind, parent code, is credit office, issuer code, division, organisation code
DEPARTMENTS = [
    ("city", "泰州市人民政府", DepartmentKind.CITY, None, False, "泰政", "321200", "014000017"),
    (
        "credit-office",
        "泰州市经济和信息化委员会（市信用办）",
        DepartmentKind.DEPARTMENT,
        "city",
        True,
        "泰信",
        "321200",
        "014000121",
    ),
    (
        "inspection",
        "泰州市纪委监委",
        DepartmentKind.DEPARTMENT,
        "city",
        False,
        "泰纪",
        "321200",
        "014000033",
    ),
    (
        "finance",
        "泰州市财政局",
        DepartmentKind.DEPARTMENT,
        "city",
        False,
        "泰财",
        "321200",
        "014000041",
    ),
    (
        "housing",
        "泰州市住房和城乡建设局",
        DepartmentKind.DEPARTMENT,
        "city",
        False,
        "泰建",
        "321200",
        "014000068",
    ),
    (
        "ecology",
        "泰州市生态环境局",
        DepartmentKind.DEPARTMENT,
        "city",
        False,
        "泰环",
        "321200",
        "014000076",
    ),
    (
        "market",
        "泰州市市场监督管理局",
        DepartmentKind.DEPARTMENT,
        "city",
        False,
        "泰市监",
        "321200",
        "014000084",
    ),
    (
        "district",
        "海陵区人民政府",
        DepartmentKind.DISTRICT,
        "city",
        False,
        "海政",
        "321202",
        "014000092",
    ),
]

# username, family name, given name, department code, roles, leader username
CREDIT_OFFICE_USERS = [
    ("approver", "陈", "建国", "credit-office", [Role.APPROVER], None),
    ("reviewer", "王", "静", "credit-office", [Role.REVIEWER], "approver"),
    # verifies the records the credit office provides itself and, by recusal, a filer's own
    ("verifier_credit", "陶", "然", "credit-office", [Role.VERIFIER], "approver"),
    ("supervisor", "刘", "洋", "credit-office", [Role.SUPERVISOR], None),
    ("inspector", "赵", "敏", "inspection", [Role.INSPECTOR], None),
    ("admin", "孙", "立新", "credit-office", [Role.ADMIN], None),
]
# per department: (filer, verifier, leader) names as (family, given)
DEPARTMENT_STAFF = {
    "finance": (("周", "晓梅"), ("吴", "海峰"), ("郑", "国华")),
    "housing": (("钱", "丽"), ("冯", "志强"), ("褚", "卫东")),
    "ecology": (("卫", "婷"), ("蒋", "磊"), ("沈", "红梅")),
    "market": (("韩", "雪"), ("杨", "帆"), ("朱", "振宇")),
    "district": (("秦", "芳"), ("许", "斌"), ("何", "建华")),
}
# the credit office's reviewers and approvers may import records in the admin
STAFF_USERNAMES = {"admin", "reviewer", "approver"}


def department_uscc(division: str, organisation_code: str) -> str:
    """Category 11 (government organ), Taizhou division, then the organisation code."""
    return uscc_complete(f"11{division}{organisation_code}")


def demo_users() -> list[tuple[str, str, str, str, list[Role], str | None]]:
    """Every demo login: username, family name, given name, department code, roles, leader."""
    users = list(CREDIT_OFFICE_USERS)
    for code in DEMO_DEPARTMENTS:
        filer, verifier, leader = DEPARTMENT_STAFF[code]
        users.append((f"leader_{code}", *leader, code, [Role.APPROVER], None))
        users.append((f"filer_{code}", *filer, code, [Role.FILER], f"leader_{code}"))
        users.append((f"verifier_{code}", *verifier, code, [Role.VERIFIER], f"leader_{code}"))
    return users


def _seed_departments() -> dict[str, Department]:
    departments: dict[str, Department] = {}
    for code, name, kind, parent, credit_office, issuer, division, org_code in DEPARTMENTS:
        departments[code], _ = Department.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "parent": departments.get(parent) if parent else None,
                "is_credit_office": credit_office,
                "issuer_code": issuer,
                "uscc": department_uscc(division, org_code),
            },
        )
    return departments


def _seed_users(departments: dict[str, Department]) -> None:
    users: dict[str, User] = {}
    for username, family, given, code, roles, leader in demo_users():
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "last_name": family,
                "first_name": given,
                "department": departments[code],
                "leader": users.get(leader) if leader else None,
                "email": f"{username}@credit.taizhou.gov.cn",
                "is_staff": username in STAFF_USERNAMES,
                "is_superuser": username == "admin",
                "is_active": True,
            },
        )
        # a new hash each run would make the second run differ from the first
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
        users[username] = user


def seed(*, stdout) -> None:
    departments = _seed_departments()
    _seed_users(departments)
    stdout.write(f"organisation: {len(departments)} departments, {len(demo_users())} demo logins")
