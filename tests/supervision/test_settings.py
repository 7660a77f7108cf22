"""The settings refuse a server started without a secret, and read the database from the URL."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.{})"


def run_settings(expr, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="supervision.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(expr)],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_refuses_to_start_without_secret_key_when_not_in_debug():
    result = run_settings("DEBUG")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_debug_gets_a_development_secret():
    result = run_settings("SECRET_KEY", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("dev-only")


def test_a_bad_debug_value_is_refused():
    result = run_settings("DEBUG", DJANGO_DEBUG="maybe", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_postgres_url_is_read():
    result = run_settings(
        "DATABASES['default']['ENGINE'], settings.DATABASES['default']['PORT']",
        SECRET_KEY="x",
        DATABASE_URL="postgres://county:pw@127.0.0.1:6543/supervision",
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout and "6543" in result.stdout


def test_default_database_is_sqlite_under_var():
    result = run_settings("DATABASES['default']['NAME']", SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(ROOT / "var" / "db.sqlite3")


def test_chinese_first_and_shanghai_time():
    result = run_settings("LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ", SECRET_KEY="x")
    assert result.stdout.split() == ["zh-hans", "Asia/Shanghai", "True"]
