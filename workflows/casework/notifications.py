"""In-app notifications with an unread count, mirrored by e-mail after the transaction commits."""

from functools import partial

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipients, subject: str, body: str = "", case=None, key: str = "") -> int:
    """Notify each recipient once per key; returns how many notifications were created."""
    created = 0
    for user in {u for u in recipients if u is not None}:
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=user, case=case, key=key, subject=str(subject), body=str(body)
                )
        except IntegrityError:  # already notified under this key
            continue
        created += 1
        if user.email:
            # partial binds this loop's user (mypy cannot type a lambda with a default argument)
            transaction.on_commit(partial(_mail, user, subject, body))
    return created


def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _mail(user, subject: str, body: str) -> None:
    send_mail(str(subject), str(body), None, [user.email], fail_silently=True)
