"""Load test of the HTTP API in the four working roles (and the verifiers who move appeals along).

Against the production stack with the demo city and a backlog of work (scripts/loadtest.sh starts
both, runs this file headless and prints the report):

    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000 --headless \
        -u 50 -r 1 -t 10m --csv var/loadtest/locust

Users log in once, when they start, with the demo logins of docs/api.md (password `demo`) and use
token auth. Each works as the role does: filers list their cases and records and file appeals on
their own subjects' active records; reviewers, verifiers and the approver work the appeal tasks at the top of
their inbox (the reviewers accept and draft, the verifiers confirm, the approver signs) and open
case pages; supervisors read the overdue board and the summary.

Requests that the rules refuse (a record someone just put under appeal, a task someone else just
completed: 400/409 by design) are not failures: they are counted under request type REFUSED. A
user who finds nothing to do is counted under type IDLE (name: the role), so a run shows whether
the backlog lasted. Anything else not 2xx is a failure. The `X-Forwarded-Proto` header stands in
for the TLS proxy when SECURE_PROXY_SSL_HEADER is on.
"""

import itertools
import os
import random

from locust import HttpUser, between, task

DEPARTMENTS = ["finance", "housing", "ecology", "market", "district"]
HEADERS = {"X-Forwarded-Proto": "https"}
TURNS: dict[str, itertools.count] = {}  # per role: which login the next user takes
GROUNDS = "该处罚决定已于2026年5月被复议机关撤销，记录所依据的事实不复存在，请予撤销。"
# what each step's holder answers (bench/loadtest_seed.py moved its backlog the same way)
# seconds each user waits between two actions, "min,max" (LOADTEST_WAIT; scripts/loadtest.sh)
WAIT_SECONDS = tuple(float(s) for s in os.environ.get("LOADTEST_WAIT", "1,3").split(","))
ANSWERS = {
    "accept": ("accept", {}),
    "verify": ("confirm_error", {"finding": "记录有误", "proposed_outcome": "revoke"}),
    "decide": ("draft", {"outcome": "revoked", "reasons": "原处罚决定已撤销"}),
    "sign": ("approve", {}),
}


class RoleUser(HttpUser):
    abstract = True
    wait_time = between(*WAIT_SECONDS)
    usernames: list[str] = []
    steps: tuple[str, ...] = ()  # the appeal steps this role works from its inbox

    def on_start(self):
        # in turn, so that every department's staff is someone (5 verifiers: all 5 departments)
        turn = next(TURNS.setdefault(type(self).__name__, itertools.count()))
        self.username = self.usernames[turn % len(self.usernames)]
        response = self.client.post(
            "/api/v1/auth/token/",
            json={"username": self.username, "password": "demo"},
            headers=HEADERS,
            name="/api/v1/auth/token/",
        )
        token = response.json()["token"]
        self.headers = {**HEADERS, "Authorization": f"Token {token}"}

    def get(self, path, name=None):
        return self.client.get(path, headers=self.headers, name=name or path)

    def _count(self, request_type, name, response_time=0):
        self.environment.events.request.fire(
            request_type=request_type,
            name=name,
            response_time=response_time,
            response_length=0,
            exception=None,
            context={},
        )

    def refused(self, response, name):
        """A refusal by the rules: not a failure, but counted under its own name."""
        response.success()
        self._count("REFUSED", name, response.elapsed.total_seconds() * 1000)

    def idle(self):
        """Nothing in the inbox for this role: the backlog ran out."""
        self._count("IDLE", type(self).__name__)

    def complete(self, task_id, action, **fields):
        """Complete a task; 400/409 (someone else was first) is a refusal, not a failure."""
        with self.client.post(
            f"/api/v1/tasks/{task_id}/complete/",
            json={"action": action, **fields},
            headers=self.headers,
            name=f"/api/v1/tasks/[id]/complete/ {action}",
            catch_response=True,
        ) as response:
            if response.status_code in (400, 409):
                self.refused(response, f"complete {action} (refused)")

    def inbox_task(self):
        """An appeal task at one of this role's steps, from the first page of the inbox (as a
        person takes one of the tasks due first); None when there is none. A role working
        several steps picks one in turn and lists its tasks (`?step=`): the inbox's first page,
        ordered by due time, would otherwise hold only the step with the shortest limit."""
        if len(self.steps) > 1:
            step = random.choice(self.steps)
            response = self.get(f"/api/v1/tasks/?step={step}", name="/api/v1/tasks/?step=")
        else:
            response = self.get("/api/v1/tasks/")
        if response.status_code != 200:
            return None
        tasks = [
            t
            for t in response.json()["results"]
            if t["kind"] == "appeal" and t["step"] in self.steps
        ]
        if not tasks:
            self.idle()
            return None
        return random.choice(tasks)

    def work(self):
        found = self.inbox_task()
        if found:
            action, fields = ANSWERS[found["step"]]
            self.complete(found["id"], action, **fields)


class Filer(RoleUser):
    weight = 4
    usernames = [f"filer_{d}" for d in DEPARTMENTS]

    @task(3)
    def cases(self):
        self.get("/api/v1/cases/")

    @task(2)
    def records(self):
        self.get("/api/v1/records/")

    own_subjects: list[int] | None = None

    def _own_subjects(self) -> list[int]:
        """The department's own subjects (bodies): it sees their records and the records it
        provided about others, and may appeal only the former. A record it provided names its
        department, whose subjects it then lists."""
        if self.own_subjects is None:
            records = self.get("/api/v1/records/?page_size=50", name="/api/v1/records/").json()
            code = self.username.removeprefix("filer_")
            provided = [r["provider"] for r in records["results"] if r["provider_code"] == code]
            if provided:
                subjects = self.get(
                    f"/api/v1/subjects/?department={provided[0]}&kind=body&page_size=200",
                    name="/api/v1/subjects/?department=",
                ).json()["results"]
                self.own_subjects = [s["id"] for s in subjects]
            else:  # it provided none of these: they are all about its own subjects
                self.own_subjects = sorted({r["subject"] for r in records["results"]})
        return self.own_subjects

    @task(1)
    def file_appeal(self):
        subjects = self._own_subjects()
        if not subjects:
            self.idle()
            return
        response = self.get(
            f"/api/v1/records/?subject={random.choice(subjects)}&category=dishonesty"
            "&state=active&page_size=50",
            name="/api/v1/records/?subject=&state=active",
        )
        if response.status_code != 200:
            return
        records = response.json()["results"]
        if not records:
            self.idle()
            return
        record = random.choice(records)
        with self.client.post(
            "/api/v1/appeals/",
            json={
                "record": record["id"],
                "grounds": GROUNDS,
                "requested_outcome": "revoke",
                "contact_phone": "0523-86888888",
            },
            headers=self.headers,
            name="/api/v1/appeals/ POST",
            catch_response=True,
        ) as response:
            if response.status_code == 400:  # another filer just put it under appeal
                self.refused(response, "file appeal (refused)")


class Reviewer(RoleUser):
    weight = 3
    usernames = ["reviewer"]
    steps = ("accept", "decide")

    @task(3)
    def inbox(self):
        self.get("/api/v1/tasks/")

    @task(2)
    def case_page(self):
        response = self.get("/api/v1/tasks/")
        if response.status_code == 200 and response.json()["results"]:
            found = random.choice(response.json()["results"])
            self.get(f"/api/v1/cases/{found['case']}/", name="/api/v1/cases/[id]/")

    @task(3)
    def work_inbox(self):
        self.work()


class Verifier(RoleUser):
    weight = 1
    usernames = [f"verifier_{d}" for d in DEPARTMENTS]
    steps = ("verify",)

    @task
    def work_inbox(self):
        self.work()


class Approver(RoleUser):
    weight = 1
    usernames = ["approver"]
    steps = ("sign",)

    @task(2)
    def inbox(self):
        self.get("/api/v1/tasks/")

    @task(1)
    def sign(self):
        self.work()


class Supervisor(RoleUser):
    weight = 1
    usernames = ["supervisor"]

    @task(3)
    def board(self):
        self.get("/api/v1/supervision/overdue/")

    @task(1)
    def summary(self):
        self.get(
            "/api/v1/supervision/summary/?from=2026-01-01&to=2026-12-31",
            name="/api/v1/supervision/summary/",
        )
