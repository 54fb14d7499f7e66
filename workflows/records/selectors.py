"""Reads of the registry, scoped: a department sees its own subjects and the records it provided."""

import datetime

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from workflows.organization.scope import sees_whole_city

from .models import CreditRecord, HonoursBan, Subject


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


def subject_honours_banned_until(subject, on: datetime.date | None = None) -> datetime.date | None:
    """The last day of the longest honours ban in force on `on` (today), or None: the one answer
    every process and report asks ("may this subject be proposed for honours?")."""
    on = on or timezone.localdate()
    return (
        HonoursBan.objects.filter(subject=subject, starts_on__lte=on, ends_on__gte=on)
        .aggregate(until=Max("ends_on"))
        .get("until")
    )


def subject_honours_bans(subject) -> QuerySet[HonoursBan]:
    """Every honours ban of the subject, past, in force and to come, the latest ending first."""
    return HonoursBan.objects.filter(subject=subject).order_by("-ends_on", "-id")


def subjects_search(subjects: QuerySet[Subject], query: str) -> QuerySet[Subject]:
    """Subjects whose name or unified social credit code contains the query."""
    query = query.strip()
    if not query:
        return subjects
    return subjects.filter(Q(name__icontains=query) | Q(uscc__icontains=query))


def subject_honours_eligible(subject, on: datetime.date | None = None) -> bool:
    return subject_honours_banned_until(subject, on) is None


def subjects_with_honours_ban(
    subjects: QuerySet[Subject], on: datetime.date | None = None
) -> QuerySet[Subject]:
    """Subjects annotated with `honours_banned_until` (one query for a whole list)."""
    on = on or timezone.localdate()
    bans = (
        HonoursBan.objects.filter(subject=OuterRef("pk"), starts_on__lte=on, ends_on__gte=on)
        .order_by("-ends_on")
        .values("ends_on")[:1]
    )
    return subjects.annotate(honours_banned_until=Subquery(bans))
