"""manage.py demo_logins: prints the demo logins (password demo) as a table."""

from django.core.management.base import BaseCommand

from workflows.organization.demo import DEMO_PASSWORD, demo_users
from workflows.organization.models import User


class Command(BaseCommand):
    help = "List the demo logins created by seed_demo."

    def handle(self, *args, **options):
        usernames = [row[0] for row in demo_users()]
        users = {
            u.username: u
            for u in User.objects.filter(username__in=usernames)
            .select_related("department")
            .prefetch_related("groups")
        }
        rows = [("username", "role", "department", "password")]
        for username in usernames:
            user = users.get(username)
            if user is None:
                continue
            roles = ", ".join(sorted(g.name for g in user.groups.all()))
            department = user.department.name if user.department else ""
            rows.append((username, roles, department, DEMO_PASSWORD))
        if len(rows) == 1:
            self.stdout.write("No demo logins yet: run manage.py seed_demo first.")
            return
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        for index, row in enumerate(rows):
            self.stdout.write(
                "  ".join(
                    cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)
                ).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
