"""Named assignment rules: which department's role-holders may take a step's task."""

from time import monotonic

from workflows.organization.models import Department


def _case(activation):
    # the case the step holds in memory (CaseFlow.case_of), with the relations it read
    return activation.flow_class.instance.case_of(activation)


# which department is the credit office changes never in practice: looked up once a minute at most
_OFFICE_CACHE_SECONDS = 60
_office: list[tuple[float, Department]] = []


def credit_office(activation=None) -> Department:
    if _office and monotonic() - _office[0][0] < _OFFICE_CACHE_SECONDS:
        return _office[0][1]
    office = Department.objects.get(is_credit_office=True)
    _office[:] = [(monotonic(), office)]
    return office


def credit_office_cache_clear() -> None:
    """Between tests (each has its own departments)."""
    _office.clear()


def record_provider(activation) -> Department:
    """Whoever provided the information answers for it (Jiangsu 2018 measures art. 4)."""
    return _case(activation).record.provider


def filing_department(activation) -> Department:
    return _case(activation).filing_department
