"""Production configuration: deploy checks clean, CSP and secure cookies, login throttling."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 20 + "-production-secret-that-is-long-and-random-" + "x7Qp2Lm9",
    "DJANGO_DEBUG": "0",
    "ALLOWED_HOSTS": "supervision.example.gov.cn",
}


def test_deploy_check_is_clean_with_production_environment():
    unwanted = {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="supervision.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_content_security_policy(client, county):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_login_page_has_no_inline_script(client, county):
    page = client.get(reverse("login")).content.decode()
    assert "onchange=" not in page and "<script>" not in page


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_login_with_a_chinese_page(client, dept_clerk):
    from tests.conftest import PASSWORD

    for _ in range(3):
        client.post(reverse("login"), {"username": "dept", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "dept", "password": PASSWORD})
    assert response.status_code == 429
    assert "密码连续输错次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_right_password_before_the_limit_still_logs_in(client, dept_clerk):
    from tests.conftest import PASSWORD

    client.post(reverse("login"), {"username": "dept", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "dept", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(dept_clerk.pk)
