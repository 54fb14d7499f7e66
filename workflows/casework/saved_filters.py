"""Saved inbox filters: a user names the current view (tab, search, kind, overdue, sort) and
applies it later with one click. Each user sees and changes only their own."""

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import SavedFilter

# what a saved filter keeps of the inbox's query string, in this order (the page is not kept)
INBOX_KEYS = ("tab", "q", "kind", "overdue", "sort")
SAVED_FILTERS_MAX = 20
NAME_MAX = 60
QUERY_MAX = 500  # SavedFilter.query's length

NAME_REQUIRED = _("Name the filter to save it.")
NAME_TOO_LONG = _("A filter's name has at most %(max)d characters.")
QUERY_TOO_LONG = _("The search is too long to save; shorten it.")
TOO_MANY = _("You have %(max)d saved filters, the most one may keep; delete one first.")


def inbox_query(params) -> str:
    """The inbox's own keys of `params` (a QueryDict or dict), empty ones left out."""
    pairs = []
    for key in INBOX_KEYS:
        value = str(params.get(key, "") or "").strip()
        if value:
            pairs.append((key, value))
    return urlencode(pairs)


def saved_filters_for(user) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user=user)


@transaction.atomic
def saved_filter_save(*, user, name: str, params) -> SavedFilter:
    """Save the view under `name`; a name the user already has is overwritten."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [NAME_REQUIRED]})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": [ValidationError(NAME_TOO_LONG, params={"max": NAME_MAX})]})
    query = inbox_query(params)
    if len(query) > QUERY_MAX:
        raise ValidationError({"q": [QUERY_TOO_LONG]})
    # locking the user's row serialises two saves by one user, so the limit holds
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    mine = list(saved_filters_for(user))
    existing = next((f for f in mine if f.name == name), None)
    if existing is not None:
        existing.query = query
        existing.save(update_fields=["query"])
        return existing
    if len(mine) >= SAVED_FILTERS_MAX:
        raise ValidationError(
            {"name": [ValidationError(TOO_MANY, params={"max": SAVED_FILTERS_MAX})]}
        )
    return SavedFilter.objects.create(user=user, name=name, query=query)


def saved_filter_delete(*, user, pk) -> None:
    """404 for a filter that is not the user's: another user's filters do not exist for them."""
    deleted, _rows = saved_filters_for(user).filter(pk=pk).delete()
    if not deleted:
        raise Http404
