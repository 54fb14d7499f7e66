"""The base every process flow extends: the lock, the case link, the start handler and the hooks a
process may override. The engine calls only what is declared here."""

from contextvars import ContextVar
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.nodes.if_gate import IfActivation

from workflows.organization.roles import Role, has_role

# the case a service is working on, as its kind's model: gateways and the steps it opens read it
# instead of loading it again (set by casework.services around a step and a start)
active_case: ContextVar[Any] = ContextVar("active_case", default=None)


class CaseFlow(flow.Flow):
    """A process's flow. Subclasses declare `start = flow.StartHandle(this.start_case).Next(...)`."""

    # every step runs in one transaction holding a row lock on its process
    lock_impl = lock.select_for_update_lock
    # set by registry.register() from the process's ProcessSpec
    case_model: ClassVar[Any] = None
    process_spec: ClassVar[Any] = None
    # what a step reads of its case beside the case itself, loaded with it under the lock in one
    # query (the filer to notify, the record's provider that verifies); anything else is read
    # when first used (e.g. the subject, by a document). A step may declare its own
    # (CaseStep(case_related=...)): each relation joined costs every step that declares it.
    case_related: ClassVar[tuple[str, ...]] = ("filed_by", "record__provider")

    def __init_subclass__(cls, **kwargs):
        # the step library's nodes every process has, fresh for each flow (viewflow binds nodes
        # to their flow class): the filer's task to supply requested material
        from . import nodes, steps

        if "supply_material" not in cls.__dict__:
            cls.supply_material = (
                steps.supply_material_step()
                .Annotation(title=_("Supply the missing material"))
                .Next(this.material_supplied)
            )
            cls.material_supplied = flow.End().Annotation(title=_("Material supplied"))
        # If gateways write their task row once and open no savepoint (nodes.GatewayActivation)
        for node in cls.__dict__.values():
            if isinstance(node, flow.If) and node.activation_class is IfActivation:
                node.activation_class = nodes.GatewayActivation
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
        case = active_case.get()
        if case is not None and case.process_id == activation.process.pk:
            return case
        return self.case_model.objects.get(process_id=activation.process.pk)

    # -- hooks a process may override ----------------------------------------------------------

    def may_withdraw(self, *, user, case) -> bool:
        """Default: a filer of the filing department."""
        return user.department_id == case.filing_department_id and has_role(user, Role.FILER)

    def withdraw_case(self, *, case, by, reason: str) -> None:
        """Default: the case's own `withdraw` transition; processes add record effects."""
        case.withdraw()
        case.save()
