from django.urls import path

from workflows import flow_views

app_name = "workflows"

urlpatterns: list = [
    path("flow/", flow_views.flow_inbox, name="flow_inbox"),
    path("flow/step/<int:pk>/", flow_views.flow_step, name="flow_step"),
    path("flow/step/<int:pk>/claim/", flow_views.flow_claim, name="flow_claim"),
]
