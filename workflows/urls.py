from django.urls import path

from workflows import flow_views, views

app_name = "workflows"

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
    path("<int:pk>/action/", views.task_action, name="task_action"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/action/", views.assignment_action, name="assignment_action"),
    path("assignments/<int:pk>/report/", views.assignment_report, name="assignment_report"),
    path("assignments/<int:pk>/remind/", views.assignment_remind, name="assignment_remind"),
    path(
        "assignments/<int:pk>/extension/",
        views.assignment_extension,
        name="assignment_extension",
    ),
    path("extensions/<int:pk>/action/", views.extension_action, name="extension_action"),
    path(
        "assignments/<int:pk>/evidence/<int:evidence_pk>/",
        views.assignment_evidence,
        name="assignment_evidence",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("reminders/<int:pk>/read/", views.reminder_read, name="reminder_read"),
    path("flow/step/<int:pk>/", flow_views.flow_step, name="flow_step"),
]
