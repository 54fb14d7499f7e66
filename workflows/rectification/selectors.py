"""Reads of rectifications, always scoped by the user asking."""

from django.db.models import QuerySet

from workflows.casework.selectors import cases_visible_to

from .models import Rectification


def rectifications_visible_to(user) -> QuerySet[Rectification]:
    return Rectification.objects.filter(
        pk__in=cases_visible_to(user).filter(kind="rectification").values("pk")
    )
