from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToleranceConfig(AppConfig):
    name = "workflows.tolerance"
    label = "tolerance"
    verbose_name = _("Fault-tolerance determinations")

    def ready(self) -> None:
        from workflows.casework.drafts import StepDraft
        from workflows.casework.registry import ProcessSpec, register
        from workflows.organization.roles import Role, has_role

        from . import demo, services
        from .flows import ToleranceFlow
        from .forms import ToleranceFileForm
        from .models import API_FIELDS, ToleranceCase

        register(
            ProcessSpec(
                kind="tolerance",
                label=_("Fault-tolerance determination"),
                prefix="RC",
                flow_class=ToleranceFlow,
                case_model=ToleranceCase,
                api_path="tolerance-determinations",
                file_form=ToleranceFileForm,
                file_service=services.tolerance_file,
                filing_comment_fields=("matter",),
                api_fields=API_FIELDS,
                file_url_name="tolerance:file",
                file_label=_("Apply for a fault-tolerance determination"),
                may_file=lambda user: has_role(user, Role.FILER) and bool(user.department_id),
                demo_seeder=demo.seed,
                drafts=(
                    StepDraft(
                        "determine",
                        services.tolerance_notice_draft,
                        note=_(
                            "Determining issues the publicity notice with the outcome and "
                            "reasons you give."
                        ),
                        actions=("determine",),
                        before_entries=False,
                    ),
                    StepDraft(
                        "publicize",
                        services.tolerance_decision_draft,
                        note=_(
                            "Issued when the publicity period ends without objection; an "
                            "objection sends the case back to the investigation instead."
                        ),
                    ),
                ),
            )
        )
