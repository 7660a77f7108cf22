"""Leaders publishing at the same moment, on a real PostgreSQL: serial numbers stay unique and
in order, and one circular is published once however many press the button."""

import pytest
from django.db import connection

from assessments.models import Circular, CircularEvent
from assessments.scoring import circular_generate, circular_transition
from supervision.models import Role
from supervision.transitions import Refused
from tests.conftest import make_user
from tests.hardening.test_concurrent_writes import run_together

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def approved(period, lead_clerk, leader):
    circular = circular_generate(period=period, by=lead_clerk)
    circular_transition(circular=circular, action="submit", by=lead_clerk)
    circular_transition(circular=circular, action="approve", by=leader)
    return circular


def test_two_leaders_publishing_two_circulars_at_once_get_two_serial_numbers(
    scored_county, lead_clerk, leader
):
    _sanqiao, march, april = scored_county
    deputy = make_user("deputy", Role.LEADER)
    first, second = approved(march, lead_clerk, leader), approved(april, lead_clerk, leader)
    errors = run_together(
        lambda: circular_transition(circular=first, action="publish", by=leader),
        lambda: circular_transition(circular=second, action="publish", by=deputy),
    )
    assert errors == []
    published = Circular.objects.filter(state=Circular.State.PUBLISHED)
    assert sorted(published.values_list("serial_number", flat=True)) == [1, 2]


def test_the_same_circular_published_twice_at_once_is_published_once(
    scored_county, lead_clerk, leader
):
    _sanqiao, march, _april = scored_county
    deputy = make_user("deputy", Role.LEADER)
    circular = approved(march, lead_clerk, leader)
    errors = run_together(
        lambda: circular_transition(circular=circular, action="publish", by=leader),
        lambda: circular_transition(
            circular=Circular.objects.get(pk=circular.pk), action="publish", by=deputy
        ),
    )
    assert len(errors) == 1 and isinstance(errors[0], Refused), errors
    circular.refresh_from_db()
    assert circular.state == Circular.State.PUBLISHED and circular.serial_number == 1
    assert CircularEvent.objects.filter(circular=circular, action="publish").count() == 1
