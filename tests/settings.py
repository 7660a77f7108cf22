"""Test configuration: the production settings plus speed-ups that belong only in tests."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from supervision.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Every test sees the cockpit as counted now; the cockpit cache's own tests switch it on.
COCKPIT_CACHE_SECONDS = 0
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="supervision-test-media-"))  # noqa: F405
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests speak plain HTTP to the test client and live server.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# Login throttling is off except in the tests that switch it on.
AXES_ENABLED = False
