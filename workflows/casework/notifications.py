"""In-app notifications with an unread count, mirrored by e-mail after the transaction commits.

Texts are rendered once per recipient, in the recipient's language."""

from functools import partial

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from .models import Notification


def _render(template, params: dict | None) -> str:
    text = str(template)
    if params:
        text = text % {key: str(value) for key, value in params.items()}
    return text


def notify(
    *,
    recipients,
    subject,
    body="",
    params: dict | None = None,
    extra: list | None = None,
    case=None,
    key: str = "",
) -> int:
    """Notify each recipient once per key; returns how many notifications were created.

    `subject` and `body` may be lazy texts with %(name)s placeholders filled from `params`;
    `extra` adds (text, params) paragraphs to the body.
    """
    created = 0
    for user in {u for u in recipients if u is not None}:
        with translation.override(getattr(user, "language", None) or "zh-hans"):
            rendered_subject = _render(subject, params)[:200]
            paragraphs = [_render(body, params)] + [_render(t, p) for t, p in extra or []]
            rendered_body = "\n".join(p for p in paragraphs if p)
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=user,
                    case=case,
                    key=key,
                    subject=rendered_subject,
                    body=rendered_body,
                )
        except IntegrityError:  # already notified under this key
            continue
        created += 1
        if user.email:
            # partial binds this loop's user (mypy cannot type a lambda with a default argument)
            transaction.on_commit(partial(_mail, user, rendered_subject, rendered_body))
    return created


def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _mail(user, subject: str, body: str) -> None:
    send_mail(subject, body, None, [user.email], fail_silently=True)
