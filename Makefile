# The two commands of the README: `make run` and `make test`. Both are idempotent.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test install install-dev setup lint format check clean fuzz messages compilemessages backup restore audit bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamp files: reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_admin

## run: install, migrate, load the demo content, then web server + Celery worker + beat.
run: export DEBUG ?= 1
run: setup
	@echo "Portal: http://127.0.0.1:$${WEB_PORT:-8000}/  (Ctrl-C stops web, worker and beat)"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start

## test: install, then the whole suite (unit, HTTP and browser tests).
test: install-dev
	$(BIN)/pytest

## fuzz: schemathesis against the API's own OpenAPI schema, on a throwaway database.
fuzz: install-dev
	tools/fuzz_api.sh

## bench: the benchmark (bench/README.md): BENCH_SIZE=10000 case studies by default, figures with their references.
bench: install-dev
	$(PY) -m bench

## audit: bandit on our code and pip-audit on the pinned requirements (docs/security.md).
audit: install-dev
	tools/audit.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The interface languages with a catalogue in locale/ (English is the source).
MESSAGE_LANGUAGES := id ms th vi fil km lo my ja
MESSAGES_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules

## messages: extract the interface's strings into locale/<lang>/LC_MESSAGES/django.po.
messages: install
	$(PY) manage.py makemessages $(addprefix -l ,$(MESSAGE_LANGUAGES)) $(MESSAGES_IGNORE)

## compilemessages: compile the catalogues to .mo (committed, so a clone works without gettext).
compilemessages: install
	$(PY) manage.py compilemessages $(addprefix -l ,$(MESSAGE_LANGUAGES)) --ignore=.venv

## backup: one tarball of the database, the media files and a manifest, in BACKUP_DIR (var/backups/).
backup: install
	$(PY) manage.py backup

## restore: BACKUP=path/to/portal-<time>.tar.gz (asks first; NOINPUT=1 does not). Stop web and workers first.
restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/portal-<time>.tar.gz"; exit 2; }
	$(PY) manage.py restore $(if $(NOINPUT),--noinput) "$(BACKUP)"

clean:
	rm -rf var/celery var/static
