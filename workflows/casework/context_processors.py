"""Template context every page needs: the user's roles, unread notifications and the "new case"
links of the processes the user may file."""

from django.urls import reverse

from workflows.organization.roles import user_roles

from .registry import processes


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Notification

    return {
        "user_roles": user_roles(user),
        "unread_notifications": Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count(),
        "new_case_links": [
            {"url": reverse(spec.file_url_name), "label": spec.file_label}
            for spec in processes()
            if spec.file_url_name and spec.may_file(user)
        ],
    }
