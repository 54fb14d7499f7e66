from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "workflows.rectification"
    label = "rectification"
    verbose_name = _("Rectifications")

    def ready(self) -> None:
        from workflows.casework.registry import ProcessSpec, register

        from . import demo, services
        from .flows import RectificationFlow
        from .forms import RectificationIssueForm
        from .models import API_FIELDS, Rectification

        register(
            ProcessSpec(
                kind="rectification",
                label=_("Rectification"),
                prefix="ZG",
                flow_class=RectificationFlow,
                case_model=Rectification,
                api_path="rectifications",
                file_form=RectificationIssueForm,
                file_service=services.rectification_issue_from_form,
                api_fields=API_FIELDS,
                file_url_name="rectification:issue",
                file_label=_("Issue a rectification notice"),
                may_file=services.may_issue,
                demo_seeder=demo.seed,
            )
        )
