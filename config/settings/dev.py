"""Local development: debug on, a fixed key, mail on the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-integrity-casework")
ALLOWED_HOSTS = ["*"]
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
