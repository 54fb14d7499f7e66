"""A probe process declared only in the tests: the engine must give it everything a process needs."""

from django.apps import AppConfig


class ProbeConfig(AppConfig):
    name = "tests.casework.probe"
    label = "probe"

    def ready(self) -> None:
        from workflows.casework.drafts import StepDraft
        from workflows.casework.registry import ProcessSpec, register
        from workflows.organization.roles import Role, has_role

        from .flows import (
            ProbeFlow,
            probe_decision_draft,
            probe_file,
            probe_refusal_draft,
            probe_seed,
        )
        from .models import ProbeCase, ProbeFileForm

        register(
            ProcessSpec(
                kind="probe",
                label="Probe",
                prefix="TP",
                flow_class=ProbeFlow,
                case_model=ProbeCase,
                api_path="probes",
                file_form=ProbeFileForm,
                file_service=probe_file,
                filing_comment_fields=("note",),
                api_fields=("note", "deadline_on"),
                may_file=lambda user: has_role(user, Role.FILER),
                demo_seeder=probe_seed,
                drafts=(
                    StepDraft("decide", probe_decision_draft),
                    StepDraft(
                        "intake",
                        probe_refusal_draft,
                        actions=("not_accept",),
                        before_entries=False,
                    ),
                ),
            )
        )
