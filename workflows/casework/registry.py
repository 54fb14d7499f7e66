"""The process registry: the declared contract between the engine and each process app.

A process app registers one `ProcessSpec` from its `AppConfig.ready()`; casework's inbox, case pages,
API and the demo seeder read only this registry, never a process app's modules.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:  # drafts reads the registry
    from .drafts import StepDraft


@dataclass(frozen=True)
class ProcessSpec:
    """What the engine needs to know of a process."""

    kind: str  # the API's `kind` value, e.g. "appeal"
    label: StrOrPromise
    prefix: str  # of case numbers: YY-2026-000123
    flow_class: Any  # a casework.flows.CaseFlow subclass
    case_model: Any  # the kind's Case subclass
    api_path: str  # the collection under /api/v1/, e.g. "appeals"
    # the filing input, shared by the API and the web form
    file_form: type[forms.Form]
    # file(*, by, data) -> case: the process's filing service (data: file_form.cleaned_data)
    file_service: Callable[..., Any]
    # the filing form's text fields (the first one filled in) the case's first history row keeps
    filing_comment_fields: tuple[str, ...] = ()
    # the kind's own fields shown in the API's case shape
    api_fields: tuple[str, ...] = ()
    # of those, what the record provider's staff do not see of another department's case
    private_fields: frozenset[str] = frozenset()
    # the web page that files a case of this kind (a URL name), and its link text
    file_url_name: str | None = None
    file_label: StrOrPromise = ""
    # who may file: user -> bool (the service checks again)
    may_file: Callable[[Any], bool] = field(default=lambda user: False)
    # a process filed on one credit record: (user, record) -> bool, whether the record page offers
    # it (its filing page then takes ?record=<pk>); the filing service checks again
    files_on_record: Callable[[Any, Any], bool] | None = None
    # what the process says of a record on the record's page (e.g. repair: eligible from when)
    record_notes: Callable[[Any, Any], list[str]] | None = None
    # seed(stdout=...) -> None, run by `manage.py seed_demo` after the shared seeders
    demo_seeder: Callable[..., None] | None = None
    # the documents human steps issue, shown as drafts on their task pages before the step is
    # completed: casework.drafts.StepDraft(step, draft(case) -> PDF bytes)
    drafts: tuple["StepDraft", ...] = ()

    @property
    def states(self) -> list[tuple[str, StrOrPromise]]:
        return list(self.case_model.state_choices)

    def state_label(self, state: str) -> str:
        return str(dict(self.states).get(state, state))


_processes: dict[str, ProcessSpec] = {}


def register(spec: ProcessSpec) -> ProcessSpec:
    """Called from a process app's AppConfig.ready(); a kind is registered once, on a model of
    its own that extends Case (the engine reaches the kind's fields through that link)."""
    from .models import Case

    model = spec.case_model
    if not (isinstance(model, type) and issubclass(model, Case) and model is not Case):
        raise ValueError(f"process kind {spec.kind!r}: case_model must be a subclass of Case")
    existing = _processes.get(spec.kind)
    if existing is not None and existing.flow_class is not spec.flow_class:
        raise ValueError(f"process kind {spec.kind!r} is registered twice")
    spec.flow_class.case_model = spec.case_model
    spec.flow_class.process_spec = spec
    _processes[spec.kind] = spec
    return spec


def unregister(kind: str) -> None:
    """For processes declared in tests only."""
    _processes.pop(kind, None)


def processes() -> list[ProcessSpec]:
    return list(_processes.values())


def process_for(kind: str) -> ProcessSpec:
    return _processes[kind]


def is_kind(kind: str) -> bool:
    return kind in _processes


def kind_choices() -> list[tuple[str, StrOrPromise]]:
    """The choices of Case.kind (a callable, so a process added later needs no migration)."""
    return [(spec.kind, spec.label) for spec in _processes.values()]


def state_label(kind: str, state: str) -> str:
    spec = _processes.get(kind)
    return spec.state_label(state) if spec else state


def all_states() -> list[tuple[str, str]]:
    """Every kind's states, first label wins (the case list's state filter)."""
    seen: dict[str, str] = {}
    for spec in _processes.values():
        for value, label in spec.states:
            seen.setdefault(str(value), str(label))
    return list(seen.items())
