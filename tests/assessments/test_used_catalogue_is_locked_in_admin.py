from decimal import Decimal

from django.urls import reverse

from assessments.services import inspection_record
from tests.assessments.helpers import rows


def test_a_version_used_for_scoring_cannot_be_edited_in_the_admin(
    client_for, county, catalogue, inspector, administrator
):
    inspection_record(
        community=county.community, kind="spot_check", by=inspector, findings=rows(catalogue)
    )
    premises = catalogue.indicators.get(code="JC-01")
    client = client_for(administrator)
    response = client.post(
        reverse("admin:assessments_indicator_change", args=[premises.pk]),
        {"code": "JC-01", "name": "x", "points": "99"},
    )
    assert response.status_code == 403
    premises.refresh_from_db()
    assert premises.points == Decimal("40")


def test_an_unused_version_is_editable_in_the_admin(client_for, catalogue, administrator):
    premises = catalogue.indicators.get(code="JC-01")
    page = client_for(administrator).get(
        reverse("admin:assessments_indicator_change", args=[premises.pk])
    )
    assert page.status_code == 200 and 'name="points"' in page.content.decode()
