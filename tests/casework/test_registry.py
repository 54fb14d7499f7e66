"""The registry is the engine's contract with a process: what it refuses at registration."""

import dataclasses

import pytest

from workflows.casework import registry
from workflows.casework.models import Case
from workflows.records.models import Subject

from .probe.models import ProbeCase


def _probe_as(kind: str, case_model):
    return dataclasses.replace(registry.process_for("probe"), kind=kind, case_model=case_model)


@pytest.mark.parametrize(
    "case_model", [Case, Subject, None], ids=["Case itself", "not a case", "none"]
)
def test_a_process_must_keep_its_cases_in_a_model_of_its_own_extending_case(case_model):
    with pytest.raises(ValueError, match="case_model must be a subclass of Case"):
        registry.register(_probe_as("bare", case_model))
    assert not registry.is_kind("bare")


def test_a_kind_is_registered_once_and_again_with_the_same_flow():
    probe = registry.process_for("probe")
    assert registry.register(probe) is probe  # an app's ready() run twice: the same process
    # another flow under the probe's kind (an existing one: a Flow subclass made here would
    # take over the probe's nodes for the rest of the process)
    other_flow = registry.process_for("appeal").flow_class
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(dataclasses.replace(probe, flow_class=other_flow))
    assert registry.process_for("probe").flow_class is probe.flow_class
    assert registry.process_for("probe").case_model is ProbeCase
