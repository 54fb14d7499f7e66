"""Load test of the HTTP API in the four working roles (and the verifiers who move appeals along).

Against `make prod` (gunicorn, PostgreSQL, Redis, Celery) with the demo city seeded:

    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000 --headless \
        -u 20 -r 5 -t 1m --csv var/locust

Users log in with the demo logins of docs/api.md (password `demo`) and use token auth. Requests
that the rules refuse (a record already under appeal, a task someone else just completed) are
answered 400/409 by design: they are reported under their own names ("… (refused)") and are not
failures; anything else not 2xx is a failure. The `X-Forwarded-Proto` header stands in for the TLS
proxy when SECURE_PROXY_SSL_HEADER is on.
"""

import random

from locust import HttpUser, between, task

DEPARTMENTS = ["finance", "housing", "ecology", "market", "district"]
HEADERS = {"X-Forwarded-Proto": "https"}
GROUNDS = "该处罚决定已于2026年5月被复议机关撤销，记录所依据的事实不复存在，请予撤销。"


class RoleUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    usernames: list[str] = []

    def on_start(self):
        username = random.choice(self.usernames)
        response = self.client.post(
            "/api/v1/auth/token/",
            json={"username": username, "password": "demo"},
            headers=HEADERS,
            name="/api/v1/auth/token/",
        )
        token = response.json()["token"]
        self.headers = {**HEADERS, "Authorization": f"Token {token}"}

    def get(self, path, name=None):
        return self.client.get(path, headers=self.headers, name=name or path)

    def complete(self, task_id, action, **fields):
        """Complete a task; 409 (someone else was first) is a refusal, not a failure."""
        with self.client.post(
            f"/api/v1/tasks/{task_id}/complete/",
            json={"action": action, **fields},
            headers=self.headers,
            name=f"/api/v1/tasks/[id]/complete/ {action}",
            catch_response=True,
        ) as response:
            if response.status_code in (400, 409):
                self.refused(response, f"complete {action} (refused)")

    def refused(self, response, name):
        """A refusal by the rules: not a failure, but counted under its own name."""
        response.success()
        self.environment.events.request.fire(
            request_type="REFUSED",
            name=name,
            response_time=response.elapsed.total_seconds() * 1000,
            response_length=0,
            exception=None,
            context={},
        )

    def inbox_task(self, step):
        response = self.get("/api/v1/tasks/")
        if response.status_code != 200:
            return None
        tasks = [t for t in response.json()["results"] if t["step"] == step]
        return random.choice(tasks) if tasks else None


class Filer(RoleUser):
    weight = 4
    usernames = [f"filer_{d}" for d in DEPARTMENTS]

    @task(3)
    def cases(self):
        self.get("/api/v1/cases/")

    @task(2)
    def records(self):
        self.get("/api/v1/records/")

    @task(1)
    def file_appeal(self):
        records = self.get("/api/v1/records/?category=dishonesty").json()["results"]
        if not records:
            return
        record = random.choice(records)
        with self.client.post(
            "/api/v1/appeals/",
            json={
                "record": record["id"],
                "grounds": GROUNDS,
                "requested_outcome": "correct",
                "proposed_correction": "该处罚已被撤销。",
                "contact_phone": "0523-86888888",
            },
            headers=self.headers,
            name="/api/v1/appeals/ POST",
            catch_response=True,
        ) as response:
            if response.status_code == 400:  # already under appeal, or not the filer's record
                self.refused(response, "file appeal (refused)")


class Reviewer(RoleUser):
    weight = 3
    usernames = ["reviewer"]

    @task(3)
    def inbox(self):
        self.get("/api/v1/tasks/")

    @task(2)
    def case_page(self):
        found = self.inbox_task("accept") or self.inbox_task("decide")
        if found:
            self.get(f"/api/v1/cases/{found['case']}/", name="/api/v1/cases/[id]/")

    @task(2)
    def accept(self):
        found = self.inbox_task("accept")
        if found:
            self.complete(found["id"], "accept")

    @task(1)
    def decide(self):
        found = self.inbox_task("decide")
        if found:
            self.complete(found["id"], "draft", outcome="revoked", reasons="原处罚决定已撤销")


class Verifier(RoleUser):
    weight = 1
    usernames = [f"verifier_{d}" for d in DEPARTMENTS]

    @task
    def verify(self):
        found = self.inbox_task("verify")
        if found:
            self.complete(
                found["id"], "confirm_error", finding="记录有误", proposed_outcome="revoke"
            )


class Approver(RoleUser):
    weight = 1
    usernames = ["approver"]

    @task(2)
    def inbox(self):
        self.get("/api/v1/tasks/")

    @task(1)
    def sign(self):
        found = self.inbox_task("sign")
        if found:
            self.complete(found["id"], "approve")


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
