import pytest
from django.urls import reverse

from assessments.services import inspection_record
from supervision.models import Role
from tests.assessments.helpers import rows
from tests.conftest import make_user


@pytest.fixture
def inspections(county, catalogue, inspector):
    own = inspection_record(
        community=county.community, kind="spot_check", by=inspector, findings=rows(catalogue)
    )
    other = inspection_record(
        community=county.other_community,
        kind="spot_check",
        by=inspector,
        findings=rows(catalogue),
    )
    return own, other


def test_community_staff_see_only_their_own_communitys_inspections(
    client_for, county, inspections, community_clerk
):
    own, other = inspections
    client = client_for(community_clerk)
    listing = client.get(reverse("assessments:inspection_list")).content.decode()
    assert "二机社区" in listing and "湘赣社区" not in listing
    assert client.get(reverse("assessments:inspection_detail", args=[own.pk])).status_code == 200
    detail = client.get(reverse("assessments:inspection_detail", args=[other.pk]))
    assert detail.status_code == 403


@pytest.mark.parametrize("persona", ["leader", "lead_clerk", "inspector"])
def test_supervisors_see_every_inspection(request, client_for, inspections, persona):
    user = request.getfixturevalue(persona)
    listing = client_for(user).get(reverse("assessments:inspection_list")).content.decode()
    assert "二机社区" in listing and "湘赣社区" in listing


@pytest.mark.parametrize("persona", ["dept_clerk", "outsider"])
def test_departments_and_outsiders_see_no_inspection(request, client_for, inspections, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse("assessments:inspection_list")).status_code == 403
    own, _other = inspections
    assert client.get(reverse("assessments:inspection_detail", args=[own.pk])).status_code == 403


def test_inspector_of_the_community_is_not_offered_orders(client_for, county, catalogue, inspector):
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=rows(catalogue, premises="10"),
    )
    local = make_user("local", Role.INSPECTOR, community=county.community)
    page = client_for(local).get(reverse("assessments:inspection_detail", args=[inspection.pk]))
    assert "下发整改通知" not in page.content.decode()
    page = client_for(inspector).get(reverse("assessments:inspection_detail", args=[inspection.pk]))
    assert "下发整改通知" in page.content.decode()
