from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealConfig(AppConfig):
    name = "workflows.appeal"
    label = "appeal"
    verbose_name = _("Objection appeals")
