"""Personas and a small county shared by every test.

The county: one town with two communities, the two lead departments and two ordinary
departments, an active campaign. The personas: a leader, a lead-department clerk, a department
clerk, a clerk of another department, an inspector, a community clerk, an administrator and an
outsider (a logged-in user with no role).
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from supervision.models import (
    Campaign,
    Community,
    CommunityTrack,
    Department,
    Membership,
    Role,
    Town,
)
from supervision.roles import groups_ensure

PASSWORD = "pw-for-tests-only"


@dataclass
class County:
    town: Town
    community: Community
    other_community: Community
    zzb: Department
    mzj: Department
    finance: Department
    housing: Department
    campaign: Campaign


def make_user(username, *roles, department=None, community=None, **extra) -> User:
    groups = groups_ensure()
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    user.groups.set([groups[role] for role in roles])
    if department or community:
        Membership.objects.create(user=user, department=department, community=community)
    return user


@pytest.fixture(autouse=True)
def chinese_first():
    """Each test starts in the county's language, whatever an earlier request switched to."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db) -> County:
    town = Town.objects.create(name="禾川镇")
    community = Community.objects.create(
        town=town, name="二机社区", households=150, premises_area=Decimal("300")
    )
    other = Community.objects.create(town=town, name="湘赣社区", households=149)
    zzb = Department.objects.create(
        code="zzb", name="县委组织部", short_name="组织部", kind="party", is_lead=True
    )
    mzj = Department.objects.create(
        code="mzj", name="县民政局", short_name="民政局", kind="government", is_lead=True
    )
    finance = Department.objects.create(
        code="czj", name="县财政局", short_name="财政", kind="government"
    )
    housing = Department.objects.create(
        code="fgj", name="县房管局", short_name="房管", kind="government"
    )
    campaign = Campaign.objects.create(year=2015, title="2015年创建工作", is_active=True)
    CommunityTrack.objects.create(campaign=campaign, community=community, track="create")
    CommunityTrack.objects.create(campaign=campaign, community=other, track="distinctive")
    return County(town, community, other, zzb, mzj, finance, housing, campaign)


@pytest.fixture
def leader(county):
    return make_user("leader", Role.LEADER, first_name="建国", last_name="李")


@pytest.fixture
def lead_clerk(county):
    return make_user("lead", Role.LEAD_DEPARTMENT, Role.DEPARTMENT_STAFF, department=county.mzj)


@pytest.fixture
def dept_clerk(county):
    return make_user("dept", Role.DEPARTMENT_STAFF, department=county.finance)


@pytest.fixture
def other_dept_clerk(county):
    return make_user("dept2", Role.DEPARTMENT_STAFF, department=county.housing)


@pytest.fixture
def inspector(county):
    return make_user("inspector", Role.INSPECTOR)


@pytest.fixture
def community_clerk(county):
    return make_user("community", Role.COMMUNITY_STAFF, community=county.community)


@pytest.fixture
def administrator(county):
    return make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(county):
    return make_user("outsider")


@pytest.fixture
def client_for(client):
    """Log the test client in as a persona: client_for(leader)."""

    def login(user):
        client.force_login(user)
        return client

    return login
