"""The base every process flow extends: the lock, the case link, the start handler and the hooks a
process may override. The engine calls only what is declared here."""

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from workflows.organization.roles import Role, has_role


class CaseFlow(flow.Flow):
    """A process's flow. Subclasses declare `start = flow.StartHandle(this.start_case).Next(...)`."""

    # every step runs in one transaction holding a row lock on its process
    lock_impl = lock.select_for_update_lock
    # set by registry.register() from the process's ProcessSpec
    case_model: ClassVar[Any] = None
    process_spec: ClassVar[Any] = None

    def __init_subclass__(cls, **kwargs):
        # the step library's nodes every process has, fresh for each flow (viewflow binds nodes
        # to their flow class): the filer's task to supply requested material
        from . import steps

        if "supply_material" not in cls.__dict__:
            cls.supply_material = (
                steps.supply_material_step()
                .Annotation(title=_("Supply the missing material"))
                .Next(this.material_supplied)
            )
            cls.material_supplied = flow.End().Annotation(title=_("Material supplied"))
        super().__init_subclass__(**kwargs)

    def start_case(self, activation, case):
        """The start handler: the process's artifact is the case, and the case knows its process."""
        activation.process.artifact = case
        activation.process.save()
        case.process = activation.process
        case.save(update_fields=["process"])
        return activation.process

    def case_of(self, activation):
        """The case of an activation, as the kind's model."""
        return self.case_model.objects.get(process_id=activation.process.pk)

    # -- hooks a process may override ----------------------------------------------------------

    def may_withdraw(self, *, user, case) -> bool:
        """Default: a filer of the filing department."""
        return user.department_id == case.filing_department_id and has_role(user, Role.FILER)

    def withdraw_case(self, *, case, by, reason: str = "") -> None:
        """Default: the case's own `withdraw` transition; processes add record effects."""
        case.withdraw()
        case.save()
