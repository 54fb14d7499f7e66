"""Production: everything from the environment; no default secret; HTTPS only.

`DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=... ALLOWED_HOSTS=... manage.py check
--deploy` answers no warnings (tests/test_deploy.py).
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# required: documents print it and their QR codes link to it
SITE_URL = env("SITE_URL")
CACHES = {"default": env.cache("CACHE_URL", default="redis://127.0.0.1:6379/1")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "workflows.operations.storage.ProductionStaticFilesStorage"},
}
# hashed names only (no second, uncompressed-name copy of every file); see workflows/operations/storage.py
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
STATIC_COMPRESS = env.bool("STATIC_COMPRESS", default=True)
# only `make prod` on a machine without TLS turns these off (SECURE_COOKIES=false)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# behind a TLS-terminating proxy that sets X-Forwarded-Proto
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
