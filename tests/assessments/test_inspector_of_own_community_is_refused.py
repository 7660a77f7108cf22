import pytest

from assessments.models import Inspection
from assessments.services import inspection_record
from supervision.models import Role
from supervision.transitions import Refused
from tests.assessments.helpers import rows
from tests.conftest import make_user
from workflows.models import CreationTask


def test_inspector_of_own_community_is_refused(county, catalogue, task_under_construction):
    resident_inspector = make_user("local", Role.INSPECTOR, community=county.community)
    with pytest.raises(Refused) as refused:
        inspection_record(
            community=county.community,
            kind="acceptance",
            by=resident_inspector,
            findings=rows(catalogue),
        )
    assert refused.value.reasons == ["督查员不能督查本人所在的社区。"]
    assert not Inspection.objects.exists()
    task_under_construction.refresh_from_db()
    assert task_under_construction.state == CreationTask.State.UNDER_CONSTRUCTION


def test_the_same_inspector_may_inspect_another_community(county, catalogue):
    resident_inspector = make_user("local", Role.INSPECTOR, community=county.community)
    inspection_record(
        community=county.other_community,
        kind="spot_check",
        by=resident_inspector,
        findings=rows(catalogue),
    )
    assert Inspection.objects.filter(community=county.other_community).count() == 1


@pytest.mark.parametrize("persona", ["community_clerk", "leader", "dept_clerk", "outsider"])
def test_only_inspectors_record_inspections(request, county, catalogue, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(Refused) as refused:
        inspection_record(
            community=county.community, kind="spot_check", by=user, findings=rows(catalogue)
        )
    assert refused.value.reasons == ["只有督查员可以录入督查结果。"]
    assert not Inspection.objects.exists()
