# Integrity Casework — `make run` serves the demo, `make test` runs the whole suite.
# Both set up everything first: Debian packages (as root), the .venv, translations, migrations.

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# WeasyPrint needs Pango; without libharfbuzz-subset0 a CJK page takes ~20 s instead of ~0.3 s.
# libharfbuzz-bin's hb-subset cuts the Noto CJK faces to GB 2312 for documents (`make fonts`).
RUN_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 libharfbuzz-bin libpango-1.0-0 libpangoft2-1.0-0 libpangocairo-1.0-0 gettext
# make prod and the backup drill: psql/pg_dump/pg_restore and a local Redis (PostgreSQL server: docs/deploy.md)
PROD_PACKAGES := $(RUN_PACKAGES) postgresql-client redis-server
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils postgresql-client

.PHONY: install install-test fonts system-deps system-deps-prod system-deps-test run prod loadtest test test-postgres lint format typecheck migrations-check messages demo check bench timers mutation fuzz clean

system-deps:
	@PACKAGES="$(RUN_PACKAGES)" sh scripts/ensure-debian-packages.sh

system-deps-prod:
	@PACKAGES="$(PROD_PACKAGES)" sh scripts/ensure-debian-packages.sh

system-deps-test:
	@PACKAGES="$(TEST_PACKAGES)" sh scripts/ensure-debian-packages.sh

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

install: system-deps $(VENV)/.installed messages fonts

install-test: system-deps-test $(VENV)/.installed messages fonts

# documents draw with the Noto CJK faces cut to GB 2312, about twice as fast (documents/fonts.py);
# a face is cut again only when Debian's changes
fonts: $(VENV)/.installed
	@$(PY) manage.py build_document_fonts -v0

messages: $(VENV)/.installed
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages --ignore=.venv -v0; fi

demo: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo

run: demo
	@$(PY) manage.py demo_logins
	@echo "Serving on http://$(HOST):$(PORT)/ (workflow timers fire every 30 s in this process group)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py fire_timers --loop 30 & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# the production stack on this machine: PostgreSQL (running), Redis, gunicorn, Celery worker and beat
# (scripts/prod.sh; docs/deploy.md). Ctrl-C stops them all.
prod: system-deps-prod install
	@HOST=$(HOST) PORT=$(PORT) sh scripts/prod.sh

# issue #14's load test: a fresh database with the demo and a backlog, the production stack on
# port 8010, Locust headless (LOADTEST_USERS=50, LOADTEST_DURATION=10m), the report, then the stack
# stops (scripts/loadtest.sh; docs/performance.md)
loadtest: system-deps-prod install
	@sh scripts/loadtest.sh

# Transactional tests (threads on PostgreSQL, the browser) flush the database when they end, so
# they run in a second, single-process pass after the rest, with the end-to-end runs (production
# build, schema fuzz, backup drill: marker `integration`) — the first pass stays the fast suite.
PYTEST_FAST := -m "not postgres and not browser and not integration" -n 2 --dist loadfile
PYTEST_TRANSACTIONAL := -m "postgres or browser or integration" -p no:xdist

test: install-test
	$(PY) -m pytest -q $(PYTEST_FAST)
	$(PY) -m pytest -q $(PYTEST_TRANSACTIONAL)

test-postgres: install-test
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest -q $(PYTEST_FAST)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest -q $(PYTEST_TRANSACTIONAL)

# the schema-driven fuzz run of tests/api/test_fuzz.py with more examples per operation
fuzz: install-test
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} $(PY) -m pytest -q tests/api/test_fuzz.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/lint-imports

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy workflows config

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

check: lint typecheck migrations-check test

bench: install
	$(PY) bench/run.py

timers: $(VENV)/.installed
	$(PY) manage.py fire_timers

# Mutation testing of the rule modules (docs/testing.md): slow, not part of `make test` or CI.
# MUTANTS narrows the run to some mutants, e.g. MUTANTS='workflows.casework.alerts*'.
MUTATION_CHILDREN ?= 2
# each mutant's tests start from a database migrated once (tests/conftest.py django_db_setup)
MUTATION_DB = $(CURDIR)/var/mutation/template.sqlite3
mutation: install
	mkdir -p var/mutation && rm -f $(MUTATION_DB)*
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=sqlite:///$(MUTATION_DB) \
		$(PY) manage.py migrate -v0
	-PATH=$(CURDIR)/$(VENV)/bin:$$PATH CASEWORK_TEST_DB_TEMPLATE=$(MUTATION_DB) DOCUMENT_FONTS_DIR=$(CURDIR)/var/fonts \
		$(VENV)/bin/mutmut run --max-children $(MUTATION_CHILDREN) $(MUTANTS)
	@echo "Surviving mutants (mutmut show NAME prints the change; see docs/testing.md):"
	@$(VENV)/bin/mutmut results

clean:
	rm -rf $(VENV) var mutants
