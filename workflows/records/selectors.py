"""Reads of the registry, scoped: a department sees its own subjects and the records it provided."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from workflows.organization.scope import sees_whole_city

from .models import CreditRecord, Subject


def subjects_visible_to(user) -> QuerySet[Subject]:
    """Its own department's subjects, plus the subjects of records the department provided."""
    subjects = Subject.objects.select_related("department")
    if sees_whole_city(user):
        return subjects.all()
    department_id = getattr(user, "department_id", None)
    if department_id is None:
        return subjects.none()
    provided = CreditRecord.objects.filter(subject=OuterRef("pk"), provider_id=department_id)
    return subjects.filter(Q(department_id=department_id) | Exists(provided))


def records_visible_to(user) -> QuerySet[CreditRecord]:
    """Records about the department's subjects and records the department provided."""
    records = CreditRecord.objects.select_related("subject", "subject__department", "provider")
    if sees_whole_city(user):
        return records.all()
    department_id = getattr(user, "department_id", None)
    if department_id is None:
        return records.none()
    return records.filter(Q(subject__department_id=department_id) | Q(provider_id=department_id))


def subject_get_for_user(*, user, pk) -> Subject:
    try:
        return subjects_visible_to(user).get(pk=pk)
    except (Subject.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def record_get_for_user(*, user, pk) -> CreditRecord:
    """The record if the user may see it; Http404 otherwise, so its existence is not revealed."""
    try:
        return records_visible_to(user).get(pk=pk)
    except (CreditRecord.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
