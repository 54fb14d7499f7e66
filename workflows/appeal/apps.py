from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealConfig(AppConfig):
    name = "workflows.appeal"
    label = "appeal"
    verbose_name = _("Objection appeals")

    def ready(self) -> None:
        from workflows.casework.drafts import StepDraft
        from workflows.casework.registry import ProcessSpec, register
        from workflows.organization.roles import Role, has_role

        from . import demo, services
        from .flows import AppealFlow
        from .forms import AppealFileForm
        from .models import API_FIELDS, PRIVATE_FIELDS, Appeal

        register(
            ProcessSpec(
                kind="appeal",
                label=_("Objection appeal"),
                prefix="YY",
                flow_class=AppealFlow,
                case_model=Appeal,
                api_path="appeals",
                file_form=AppealFileForm,
                file_service=services.appeal_file_from_form,
                filing_comment_fields=("grounds",),
                api_fields=API_FIELDS,
                private_fields=PRIVATE_FIELDS,
                file_url_name="appeal:file",
                file_label=_("File an objection appeal"),
                may_file=lambda user: has_role(user, Role.FILER) and bool(user.department_id),
                files_on_record=lambda user, record: (
                    has_role(user, Role.FILER)
                    and record.subject.department_id == user.department_id
                    and record.state == "active"
                ),
                demo_seeder=demo.seed,
                drafts=(
                    StepDraft("sign", services.appeal_decision_draft),
                    StepDraft(
                        "accept",
                        services.appeal_not_accepted_draft,
                        note=_("Not accepting issues a notice with the reason you choose."),
                        actions=("not_accept",),
                        before_entries=False,
                    ),
                ),
            )
        )
