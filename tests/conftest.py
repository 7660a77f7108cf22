"""Personas and a small county shared by every test.

The county: one town with two communities, the two lead departments and two ordinary
departments, an active campaign. The personas: a leader, a lead-department clerk, a department
clerk, a clerk of another department, an inspector, a community clerk, an administrator and an
outsider (a logged-in user with no role).
"""

import pytest
from django.utils import translation

from supervision.models import Role
from tests.builders import PASSWORD, County, county_build, make_user

__all__ = ["PASSWORD", "County", "make_user"]


@pytest.fixture(autouse=True)
def chinese_first():
    """Each test starts in the county's language, whatever an earlier request switched to."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db) -> County:
    return county_build()


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
