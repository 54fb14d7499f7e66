"""`manage.py check --deploy` under production settings: no security warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_has_no_security_warnings():
    # some test runs set DJANGO_ALLOW_ASYNC_UNSAFE (the browser test); a deployment never does
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "casework.example.gov.cn",
        "SITE_URL": "https://casework.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    security = [line for line in output.splitlines() if "(security." in line or "(csp" in line]
    assert security == []
    assert "(axes." not in output
