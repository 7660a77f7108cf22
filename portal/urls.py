from django.urls import path

from portal import views

# No namespace: `home` and `community_list` are the names every template links to.
urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/accept/", views.inbox_accept, name="inbox_accept"),
    path("inbox/remind/", views.inbox_remind, name="inbox_remind"),
    path("communities/", views.community_list, name="community_list"),
    path("tracks/", views.track_plan, name="track_plan"),
    path("tracks/save/", views.track_plan_save, name="track_plan_save"),
    path("tracks/action/", views.track_plan_action, name="track_plan_action"),
    path("assessments/import/", views.workbook_import_page, name="workbook_import"),
    path(
        "assessments/import/template.xlsx",
        views.import_template_download,
        name="import_template",
    ),
]
