"""Reads of appeals, always scoped by the user asking."""

from django.db.models import QuerySet

from workflows.casework.selectors import cases_visible_to

from .models import Appeal


def appeals_visible_to(user) -> QuerySet[Appeal]:
    return Appeal.objects.filter(pk__in=cases_visible_to(user).filter(kind="appeal").values("pk"))
