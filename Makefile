# SCN Portal — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
UV := $(BIN)/uv
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# On the zero-set-up default (SQLite, local memory cache, eager tasks) the suite runs in one
# process per core. With a shared Redis or a Celery broker (CI's PostgreSQL run) it runs in
# one process: the tests clear that cache and start a worker of their own.
TEST_WORKERS ?= $(if $(REDIS_URL)$(CELERY_BROKER_URL),0,auto)
# Links in emails and calendar feeds point where the portal runs, unless SITE_URL says otherwise.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: backup restore run test install install-dev venv translations migrate demo worker beat lint fmt check-migrations check-translations check-deploy clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==0.13.9"

venv: $(PY) $(UV)

# Packages are installed with their bytecode: uv writes none by default, and where Python
# may not write it either (PYTHONDONTWRITEBYTECODE) every new process (each web worker,
# Celery worker and test run) would compile its libraries again, WeasyPrint alone about
# 500 modules (2 s before the first certificate).
install: venv
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock

install-dev: venv
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements-dev.lock

translations: venv
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install gettext (apt-get install gettext)"; exit 1; }
	$(PY) manage.py compilemessages --ignore=.venv -v0

migrate: venv
	$(PY) manage.py migrate --no-input -v0

demo: migrate
	$(PY) manage.py seed_demo

## Set up everything (virtualenv, packages, database, translations, demo data) and serve the portal.
run: install translations demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	SITE_URL="$(SITE_URL)" $(PY) manage.py runserver $(HOST):$(PORT)

## Install what the tests need and run the whole suite.
test: install-dev translations
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## A Celery worker and the beat scheduler (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0).
worker: install
	SITE_URL="$(SITE_URL)" $(BIN)/celery -A scn_portal worker --loglevel=info

beat: install migrate
	SITE_URL="$(SITE_URL)" $(BIN)/celery -A scn_portal beat --loglevel=info

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/lint-imports --no-cache

fmt: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

check-translations: venv
	$(PY) .ci/check_translations.py ar fr es

check-deploy: install
	DJANGO_DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-portal.example.org}" \
	$(PY) manage.py check --deploy --fail-level WARNING

## A consistent database dump plus uploaded files, in one timestamped archive under var/backups/.
backup: install
	$(PY) manage.py backup

## Restore ARCHIVE=var/backups/scn-backup-….tar.gz into an empty database and media folder.
restore: install
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=path/to/scn-backup-….tar.gz"; exit 2; }
	$(PY) manage.py restore "$(ARCHIVE)"

## The benchmark suite (issue 17): BENCH_DATABASE_URL=postgres://… make bench [BENCH_ARGS="--scale 500 --duration 1"]
.PHONY: bench
BENCH_ARGS ?=
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var db.sqlite3 test-artifacts
