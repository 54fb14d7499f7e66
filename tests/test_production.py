"""The production configuration builds and serves: collectstatic under config.settings.production,
then gunicorn answers the login page, a static file, the API and a PDF.

This is what an operator following docs/deploy.md does; the manifest storage once failed
collectstatic (a font viewflow's CSS names but does not ship) and every page answered 500.
"""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.integration  # make test's second pass

ROOT = Path(__file__).resolve().parent.parent
HOST = "casework.example.gov.cn"
BOOT_SECONDS = 20

# one process migrates and seeds (each `manage.py` start costs seconds on a busy machine)
SEED = """
from io import StringIO
from django.core.management import call_command
call_command("migrate", "--noinput", verbosity=0)
from workflows.organization.demo import seed as seed_organization
from workflows.records.demo import seed as seed_records
from workflows.records.models import Subject
seed_organization(stdout=StringIO())
seed_records(stdout=StringIO())
print(Subject.objects.order_by("pk").values_list("pk", flat=True).first())
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    var = tmp_path_factory.mktemp("production-var")
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL") and not k.startswith("PYTEST")
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "VAR_DIR": str(var),
        "CACHE_URL": "locmemcache://",
        # behind the TLS proxy of docs/deploy.md, which sets X-Forwarded-Proto
        "SECURE_PROXY_SSL_HEADER": "true",
        # the gzip/brotli copies take minutes of CPU and are whitenoise's own business
        "STATIC_COMPRESS": "false",
    }


def _manage(env, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def server(production_env):
    env = production_env
    # collectstatic and migrate + seed do not depend on each other: run them side by side
    collect = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seeded = _manage(env, "shell", "-c", SEED)
    _, collect_err = collect.communicate(timeout=120)
    assert collect.returncode == 0, collect_err
    assert seeded.returncode == 0, seeded.stderr
    subject_id = int(seeded.stdout.strip().splitlines()[-1])

    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + BOOT_SECONDS
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"gunicorn did not start: {process.stderr.read().decode()}")
                time.sleep(0.2)
        yield base, subject_id
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _request(url, *, data=None, headers=None):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(
            "POST" if data is not None else "GET",
            parts.path,
            body=data,
            headers={"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})},
        )
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_gunicorn_serves_the_login_page_and_its_hashed_static_files(server):
    base, _ = server
    status, headers, body = _request(f"{base}/login/")
    assert status == 200, body[:2000]
    assert "Strict-Transport-Security" in headers
    page = body.decode()
    # every stylesheet the page links to is a hashed name whitenoise serves with a long cache life
    stylesheets = [
        part.split('"', 1)[0] for part in page.split('href="/static/')[1:] if ".css" in part
    ]
    assert stylesheets
    for name in stylesheets:
        assert name.count(".") >= 2, name  # site.<hash>.css
        status, headers, _ = _request(f"{base}/static/{name}")
        assert status == 200, name
        assert "immutable" in headers.get("Cache-Control", "")


def test_gunicorn_serves_the_api_and_a_pdf(server):
    base, subject_id = server
    status, _, body = _request(
        f"{base}/api/v1/auth/token/",
        data=json.dumps({"username": "supervisor", "password": "demo"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 200, body
    auth = {"Authorization": f"Token {json.loads(body)['token']}"}

    status, _, body = _request(f"{base}/api/v1/subjects/", headers=auth)
    assert status == 200, body
    assert json.loads(body)["count"] > 0

    status, headers, body = _request(
        f"{base}/api/v1/subjects/{subject_id}/report.pdf", headers=auth
    )
    assert status == 200, body[:500]
    assert headers["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF-")


def test_an_unknown_api_path_answers_json_not_a_debug_page(server):
    base, _ = server
    status, headers, body = _request(f"{base}/api/v1/no-such-thing/")
    assert status in (401, 404)
    assert headers["Content-Type"].startswith("application/json")
    assert "errors" in json.loads(body)
