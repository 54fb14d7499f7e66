"""In-app notifications with an unread count, mirrored by e-mail after the transaction commits.

Texts are rendered in each recipient's language, once per language."""

from functools import partial

from django.core.mail import send_mail
from django.db import transaction
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
    `extra` adds (text, params) paragraphs to the body. The texts are rendered once per language
    among the recipients, and every row is written by one INSERT.
    """
    users = {u.pk: u for u in recipients if u is not None}
    if key and users:
        # already notified under this key (an alert fired by an earlier sweep): not again
        done = Notification.objects.filter(key=key, recipient_id__in=users).values_list(
            "recipient_id", flat=True
        )
        for pk in done:
            users.pop(pk)
    texts: dict[str, tuple[str, str]] = {}
    rows = []
    for user in users.values():
        language = getattr(user, "language", None) or "zh-hans"
        if language not in texts:
            texts[language] = _texts(language, subject, body, params, extra)
        rendered_subject, rendered_body = texts[language]
        rows.append(
            Notification(
                recipient=user, case=case, key=key, subject=rendered_subject, body=rendered_body
            )
        )
        if user.email:
            # partial binds this loop's user (mypy cannot type a lambda with a default argument)
            transaction.on_commit(partial(_mail, user, rendered_subject, rendered_body))
    # the unique key stays the guard against a writer racing between the read above and here
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    return len(rows)


def _texts(language: str, subject, body, params, extra) -> tuple[str, str]:
    with translation.override(language):
        rendered_subject = _render(subject, params)[:200]
        paragraphs = [_render(body, params)] + [_render(t, p) for t, p in extra or []]
    return rendered_subject, "\n".join(p for p in paragraphs if p)


def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _mail(user, subject: str, body: str) -> None:
    send_mail(subject, body, None, [user.email], fail_silently=True)
