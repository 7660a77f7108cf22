import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone

from supervision.models import Campaign, Community, CommunityTrack, Department, Membership, Town
from workflows.models import CreationTask, DutyRule

MODELS = [
    Town,
    Community,
    Department,
    Campaign,
    CommunityTrack,
    Membership,
    User,
    Group,
    DutyRule,
    CreationTask,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_county():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert first["Community"] == 10
    assert first["Department"] == 20
    assert first["CreationTask"] == 10
    assert set(DutyRule.objects.values_list("department__code", flat=True)) == set(
        Department.objects.values_list("code", flat=True)
    )


@pytest.mark.django_db
def test_seed_demo_fills_the_three_thirds_as_the_seed_says():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    campaign = Campaign.objects.get(is_active=True)
    assert campaign.year == timezone.localdate().year
    create = set(
        CommunityTrack.objects.filter(campaign=campaign, track="create").values_list(
            "community__name", flat=True
        )
    )
    assert {"二机社区", "湘赣社区", "西门社区"} <= create
    assert len(create) == 6
    assert CommunityTrack.objects.filter(campaign=campaign).count() == 10
    named = set(Community.objects.filter(is_demo=False).values_list("name", flat=True))
    assert named == {"二机社区", "湘赣社区", "西门社区"}
    assert Department.objects.filter(is_lead=True).count() == 2
    assert Department.objects.get(code="rsj").duties.startswith("配合做好社区工作者招聘")


@pytest.mark.django_db
def test_seed_demo_prints_working_logins_for_every_role(client):
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    for username in ["leader", "lead", "dept", "inspector", "community", "admin"]:
        assert username in printed
        assert client.login(username=username, password="hechuan2015"), username
        client.logout()
    assert "hechuan2015" in printed
