from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "workflows.rectification"
    label = "rectification"
    verbose_name = _("Rectifications")

    def ready(self) -> None:
        from workflows.casework.drafts import StepDraft
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
                filing_comment_fields=("required_measures",),
                api_fields=API_FIELDS,
                file_url_name="rectification:issue",
                file_label=_("Issue a rectification notice"),
                may_file=services.may_issue,
                demo_seeder=demo.seed,
                drafts=(
                    StepDraft(
                        "verify",
                        services.rectification_acceptance_draft,
                        note=_(
                            "Issued when you accept the rectification; your comment is added "
                            "as the opinion. Rejecting issues nothing."
                        ),
                        actions=("accept_rectification",),
                    ),
                    StepDraft(
                        "handle_overdue",
                        services.rectification_notification_draft,
                        note=_(
                            "Issued if you choose public notification; an honours ban or a "
                            "referral you choose is added to it."
                        ),
                        actions=("handle",),
                    ),
                ),
            )
        )
