# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test test-fast test-sqlite test-postgres system-deps lint format check clean bench loadtest

$(VENV)/.runtime: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime pyproject.toml
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: $(VENV)/.runtime
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo "打开 http://$(HOST)/ ，用上面的演示账号登录（Ctrl+C 停止）。"
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST)

test: $(VENV)/.dev system-deps check test-sqlite test-postgres

# Everyday: lint, the layers, and the suite on SQLite without the browser and the load test.
test-fast: check
	env -u DATABASE_URL $(PY) -m pytest -m "not browser and not loadtest"

# Debian packages the tests use: Chromium for the browser tests (Playwright's own browser
# download cannot work here), a CJK font for readable screenshots, LibreOffice to open exports.
SYSTEM_PACKAGES := chromium fonts-wqy-microhei libreoffice-calc-nogui gettext
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null || ! command -v xgettext >/dev/null \
	    || ! fc-list 2>/dev/null | grep -qi -e wqy -e cjk; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	  else \
	    echo "some tests need: sudo apt-get install $(SYSTEM_PACKAGES)"; \
	  fi; \
	fi

check: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/check-translations.py

test-sqlite: $(VENV)/.dev
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(PY) -m pytest

test-postgres: $(VENV)/.dev
	@echo "== tests on PostgreSQL"
	scripts/with-postgres.sh $(PY) -m pytest

# Figures on a throwaway PostgreSQL: the demo county plus COMMUNITIES synthetic communities.
COMMUNITIES ?= 1000
LOAD_SECONDS ?= 30
SEED := DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0 && DJANGO_DEBUG=1 $(PY) manage.py seed_demo >/dev/null && DJANGO_DEBUG=1 $(PY) manage.py seed_scale --communities $(COMMUNITIES)

bench: $(VENV)/.runtime
	scripts/with-postgres.sh sh -c '$(SEED) && DJANGO_DEBUG=0 SECRET_KEY=bench-only ALLOWED_HOSTS=localhost $(PY) manage.py bench'

loadtest: $(VENV)/.runtime
	scripts/with-postgres.sh sh -c '$(SEED) && $(PY) demo/loadtest.py --users 50 --seconds $(LOAD_SECONDS)'

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) var test-output .pytest_cache
