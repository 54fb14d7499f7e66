"""Named assignment rules: which department's role-holders may take a step's task."""

from workflows.organization.models import Department


def _case(activation):
    return activation.process.case


def credit_office(activation) -> Department:
    return Department.objects.get(is_credit_office=True)


def record_provider(activation) -> Department:
    """Whoever provided the information answers for it (Jiangsu 2018 measures art. 4)."""
    return _case(activation).record.provider


def filing_department(activation) -> Department:
    return _case(activation).filing_department
