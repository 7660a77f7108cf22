from django.urls import path

from assessments import scoring_views, views

app_name = "assessments"

urlpatterns = [
    path("standards/", views.catalogue_page, name="catalogue"),
    path("self-report/", views.self_report, name="self_report"),
    path(
        "communities/<int:community_pk>/evidence/<int:pk>/",
        views.community_evidence,
        name="community_evidence",
    ),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/start/", views.inspection_start, name="inspection_start"),
    path("inspections/new/<int:community_pk>/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("findings/", views.finding_list, name="finding_list"),
    path(
        "inspections/<int:pk>/photos/<int:evidence_pk>/",
        views.inspection_photo,
        name="inspection_photo",
    ),
    path("photos/<int:pk>/", views.photo_file, name="photo_file"),
    path("spot-checks/", views.draw_new, name="draw_new"),
    path("spot-checks/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("findings/<int:finding_pk>/order/", views.order_new, name="order_new"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/file/", views.order_file, name="order_file"),
    path("periods/", scoring_views.period_list, name="period_list"),
    path("periods/<int:pk>/", scoring_views.period_detail, name="period_detail"),
    path("periods/<int:pk>/xlsx/", scoring_views.period_xlsx, name="period_xlsx"),
    path(
        "periods/<int:pk>/items/<slug:what>/",
        scoring_views.period_items_list,
        name="period_items",
    ),
    path(
        "periods/<int:pk>/communities/<int:community_pk>/",
        scoring_views.community_score,
        name="community_score",
    ),
    path(
        "periods/<int:pk>/departments/<int:department_pk>/",
        scoring_views.department_score,
        name="department_score",
    ),
    path("periods/<int:pk>/circular/", scoring_views.circular_new, name="circular_new"),
    path("periods/<int:pk>/recount/", scoring_views.period_recount, name="period_recount"),
    path("circulars/", scoring_views.circular_list, name="circular_list"),
    path("circulars/new/", scoring_views.circular_start, name="circular_start"),
    path("circulars/<int:pk>/", scoring_views.circular_detail, name="circular_detail"),
    path("circulars/<int:pk>/edit/", scoring_views.circular_edit, name="circular_edit"),
    path("circulars/<int:pk>/action/", scoring_views.circular_action, name="circular_action"),
    path("circulars/<int:pk>/print/", scoring_views.circular_print, name="circular_print"),
    path("circulars/<int:pk>/xlsx/", scoring_views.circular_xlsx, name="circular_xlsx"),
    path("assistance/new/", scoring_views.assistance_new, name="assistance_new"),
    path(
        "orders/<int:pk>/<str:action>/",
        views.order_action,
        name="order_action",
    ),
]
