"""Every audit trail (tasks, assignments, rectification orders) refuses edits and deletions."""

import pytest

from assessments.models import OrderEvent
from workflows.models import AssignmentEvent, TaskTransition


@pytest.mark.parametrize("model", [TaskTransition, AssignmentEvent, OrderEvent])
def test_audit_trails_refuse_bulk_edits_and_deletes(db, model):
    with pytest.raises(PermissionError):
        model.objects.all().update(comment="改写")
    with pytest.raises(PermissionError):
        model.objects.all().delete()
