"""Web pages of the casework app (included at the site root)."""

from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/", views.inbox, name="inbox"),
    path("tasks/bulk/", views.inbox_bulk, name="inbox_bulk"),
    path("tasks/filters/", views.inbox_filter_save, name="inbox_filter_save"),
    path("tasks/filters/<int:pk>/delete/", views.inbox_filter_delete, name="inbox_filter_delete"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/draft.pdf", views.task_draft, name="task_draft"),
    path("tasks/<int:pk>/claim/", views.task_claim, name="task_claim"),
    path("tasks/<int:pk>/release/", views.task_release, name="task_release"),
    path("tasks/<int:pk>/reassign/", views.task_reassign, name="task_reassign"),
    path("tasks/<int:pk>/extend/", views.task_extend, name="task_extend"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/withdraw/", views.case_withdraw, name="case_withdraw"),
    path("cases/<int:pk>/resume/", views.case_resume, name="case_resume"),
    path("cases/<int:pk>/comments/", views.case_comment, name="case_comment"),
    path("cases/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "cases/<int:pk>/attachments/<int:att_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path("cases/<int:pk>/documents/<int:doc_pk>.pdf", views.document_download, name="document"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_read"),
]
