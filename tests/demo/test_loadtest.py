"""The load test runs end to end: gunicorn, CSRF logins, fifty sessions at once, no errors.

A smoke test of the path, a few seconds long, with the test settings (a fast password hash);
`make loadtest` runs it with the production settings and login throttling for real figures.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.loadtest
@pytest.mark.django_db(transaction=True)
def test_fifty_users_work_for_five_seconds_without_errors(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn's workers need a database server, not the in-memory SQLite")
    from assessments.models import Circular, Inspection
    from supervision.models import Community
    from workflows.models import ProgressReport, Reminder

    call_command("seed_demo", stdout=open(tmp_path / "seed.log", "w"))
    before = {
        "reports": ProgressReport.objects.count(),
        "inspections": Inspection.objects.filter(kind=Inspection.Kind.SPOT_CHECK).count(),
        "reminders": Reminder.objects.count(),
    }
    done = subprocess.run(
        [sys.executable, "demo/loadtest.py", "--users", "50", "--seconds", "5", "--workers", "2"],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "errors 0" in done.stdout
    requests = int(done.stdout.split(" requests")[0].rsplit(" ", 1)[1])
    assert requests > 50
    # Every role wrote, and what it wrote is in the database, once per write it reports.
    listed = re.search(r"^writes \d+ \(([^)]*)\)$", done.stdout, re.MULTILINE)
    writes = dict(part.rsplit(" ", 1) for part in listed[1].split(", "))
    assert set(writes) == {"community", "dept", "inspector", "lead", "leader"}, done.stdout
    assert all(int(n) > 0 for n in writes.values()), done.stdout
    assert ProgressReport.objects.count() - before["reports"] == int(writes["dept"])
    spot_checks = Inspection.objects.filter(kind=Inspection.Kind.SPOT_CHECK).count()
    assert spot_checks - before["inspections"] == int(writes["inspector"])
    # At most one reminder a day per assignment, however often the lead department presses.
    assert 0 < Reminder.objects.count() - before["reminders"] <= int(writes["lead"])
    assert Circular.objects.filter(overview__startswith="各镇（街道）、各部门").exists()
    assert Community.objects.get(name="二机社区").households > 0
