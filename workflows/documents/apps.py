from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "workflows.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from .fonts import check_document_fonts

        checks.register(check_document_fonts, checks.Tags.compatibility, deploy=True)
