"""Static files storage for production: whitenoise's compressed manifest, tolerant of third-party CSS.

Django's manifest storage rewrites every `url(...)` in every CSS file to its hashed name and fails
`collectstatic` when a referenced file does not exist. viewflow ships roboto-fontface's stylesheet,
which names font files (e.g. Roboto-Thin.woff2) the package does not bundle, so collectstatic under
production settings could never finish and gunicorn answered every page with 500.

`WHITENOISE_MANIFEST_STRICT = False` does not help: it only relaxes the *runtime* lookup of names
missing from the manifest, not the post-processing that fails. Turning strictness off everywhere
would also hide a broken reference in our own CSS. So this storage leaves a missing reference
untouched (the browser gets a 404 for that one font weight, as it would with the package's own
files) only inside the third-party packages named in THIRD_PARTY_STATIC_PREFIXES; a broken
reference in this project's own static files still fails collectstatic.
"""

import logging

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)

# static paths shipped by installed packages, not by this project
THIRD_PARTY_STATIC_PREFIXES = ("viewflow/", "admin/", "rest_framework/", "drf_spectacular")


class ProductionStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        # STATIC_COMPRESS=false skips the gzip/brotli copies (minutes of CPU for viewflow's fonts);
        # the build test uses it, a server keeps the default
        if not getattr(settings, "STATIC_COMPRESS", True):
            kwargs.update(use_gzip=False, use_brotli=False)
        return super().create_compressor(**kwargs)

    def url_converter(self, name, hashed_files, template=None):
        converter = super().url_converter(name, hashed_files, template)
        if not name.replace("\\", "/").startswith(THIRD_PARTY_STATIC_PREFIXES):
            return converter

        def tolerant(matchobj):
            try:
                return converter(matchobj)
            except ValueError as error:
                logger.info("static file %s: reference left as is: %s", name, error)
                return matchobj.group("matched")

        return tolerant
