"""Writes to users: once a user has acted they are deactivated, never deleted."""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext_lazy as _

USER_HAS_ACTED = _(
    "%(user)s has acted on cases or records (history, tasks, documents): deactivate the user "
    "instead of deleting it."
)


def user_delete_refusal(user) -> str | None:
    """Why this user cannot be deleted, or None when nothing refers to them."""
    reason = str(USER_HAS_ACTED % {"user": user.username})
    # viewflow's Task.owner cascades and cannot be changed: a user holding any task stays
    task_model = apps.get_model("viewflow", "Task")
    if task_model.objects.filter(owner_id=user.pk).exists():
        return reason
    try:
        Collector(using=DEFAULT_DB_ALIAS).collect([user])
    except ProtectedError:
        return reason
    return None


def user_delete_guard(users) -> None:
    """Raise ProtectedError naming the first user that has acted."""
    for user in users:
        reason = user_delete_refusal(user)
        if reason:
            raise ProtectedError(reason, {user})


@transaction.atomic
def user_deactivate(*, user) -> None:
    """The user can no longer log in; their name stays on everything they did."""
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    # their tokens die with them
    token_model = apps.get_model("api", "AuthToken")
    token_model.objects.filter(user_id=user.pk).delete()
