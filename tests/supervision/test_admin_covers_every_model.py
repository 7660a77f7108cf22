"""Administrators can reach every model of the product in the admin, in Chinese."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = ["supervision", "workflows", "assessments"]
MODELS = [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_an_admin_page_with_search(model):
    assert model in admin.site._registry, f"{model._meta.label} is not in the admin"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_admin_list_opens_for_the_administrator(client_for, administrator, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client_for(administrator).get(url)
    assert response.status_code == 200
    assert str(model._meta.verbose_name_plural) in response.content.decode()
