"""The project's URLconf. Every app's pages come in by string, the top apps' too, so nothing
here imports an app above the organisation."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from supervision import views

urlpatterns = [
    path("", include("portal.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("tasks/", include("workflows.urls")),
    path("assessments/", include("assessments.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
