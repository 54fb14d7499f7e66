from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairConfig(AppConfig):
    name = "workflows.repair"
    label = "repair"
    verbose_name = _("Credit repairs")

    def ready(self) -> None:
        from workflows.casework.drafts import StepDraft
        from workflows.casework.registry import ProcessSpec, register
        from workflows.organization.roles import Role, has_role

        from . import demo, services
        from .eligibility import repair_record_notes
        from .flows import RepairFlow
        from .forms import RepairFileForm
        from .models import API_FIELDS, Repair

        register(
            ProcessSpec(
                kind="repair",
                label=_("Credit repair"),
                prefix="XF",
                flow_class=RepairFlow,
                case_model=Repair,
                api_path="repairs",
                file_form=RepairFileForm,
                file_service=services.repair_file_from_form,
                api_fields=API_FIELDS,
                file_url_name="repair:file",
                file_label=_("Apply for credit repair"),
                may_file=lambda user: has_role(user, Role.FILER) and bool(user.department_id),
                files_on_record=lambda user, record: (
                    has_role(user, Role.FILER)
                    and record.subject.department_id == user.department_id
                    and record.state == "active"
                    and record.category == "dishonesty"
                    and record.is_repairable
                ),
                record_notes=repair_record_notes,
                demo_seeder=demo.seed,
                drafts=(
                    StepDraft(
                        "sign",
                        services.repair_sign_draft,
                        note=_(
                            "As the review recommends: refusing instead issues the refusal, "
                            "with the reasons you give."
                        ),
                        actions=("approve", "refuse"),
                    ),
                ),
            )
        )
