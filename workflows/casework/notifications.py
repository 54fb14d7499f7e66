"""In-app notifications with an unread count, mirrored by e-mail after the transaction commits."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

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
            transaction.on_commit(
                lambda u=user: send_mail(
                    str(subject), str(body), None, [u.email], fail_silently=True
                )
            )
    return created
