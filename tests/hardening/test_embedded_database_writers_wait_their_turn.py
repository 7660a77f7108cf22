"""On the embedded SQLite database two people writing at once wait their turn: four presses of
生成通报 at the same moment give four answers and one draft, never "database is locked" (an
error page). A real file database in a separate process, as `make run` serves it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database")

SCRIPT = """
import datetime, threading
import django
django.setup()
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from assessments.models import Circular, ScoringPeriod
from supervision.models import Campaign, Department, Membership, Role
from supervision.roles import groups_ensure

call_command("migrate", verbosity=0)
campaign = Campaign.objects.create(year=2015, title="2015", is_active=True)
period = ScoringPeriod.objects.create(
    campaign=campaign, kind="month", label="6月",
    starts_on=datetime.date(2015, 6, 1), ends_on=datetime.date(2015, 6, 30),
)
lead = User.objects.create(username="lead")
lead.groups.add(groups_ensure()[Role.LEAD_DEPARTMENT])
department = Department.objects.create(code="mzj", name="县民政局", short_name="民政局", kind="government")
Membership.objects.create(user=lead, department=department)
connection.close()
barrier, answers = threading.Barrier(4), []

def press():
    client = Client()
    client.force_login(lead)
    barrier.wait()
    try:
        answers.append(client.post(f"/assessments/periods/{period.pk}/circular/").status_code)
    except Exception as error:
        answers.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=press) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(sorted(map(str, answers)), Circular.objects.filter(period=period).count())
"""


def test_four_presses_at_once_give_four_answers_and_one_draft(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "supervision.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'county.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
        "PYTHONPATH": str(root),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "['302', '302', '302', '302'] 1"
