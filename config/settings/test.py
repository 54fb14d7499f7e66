"""With these settings, tests run faster."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-only-key-integrity-casework")
# a public address, so a test can tell the document never prints a loopback one
SITE_URL = env("SITE_URL", default="https://xyxt.taizhou.example.cn")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
PRIVATE_STORAGE_ROOT = Path(tempfile.mkdtemp(prefix="casework-test-"))
MEDIA_ROOT = PRIVATE_STORAGE_ROOT
AUDIT_ANCHOR_FILE = ""  # tests that need the file set their own
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "zh-hans"

# a process declared only in the tests: the engine's contract is tested on it (tests/casework/)
INSTALLED_APPS = [*INSTALLED_APPS, "tests.casework.probe"]  # noqa: F405
