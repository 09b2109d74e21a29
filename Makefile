# Newsroom: `make run` serves the demo, `make test` runs the tests. Both set themselves up.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_PASSWORD ?= newsroom-demo
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv demo lint format clean bench multiserver-check load-check messages

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@PYTHON=$$(scripts/find-python) && { [ -x $(PY) ] || $$PYTHON -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# The English interface: .mo files are built from the committed .po (needs GNU gettext's msgfmt).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
messages: $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | venv
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install GNU gettext (apt-get install gettext)" >&2; exit 1; }
	$(PY) manage.py compilemessages --locale $* --ignore=.venv --ignore=var --ignore=bench

# The Nu HTML Checker for the browser tests, fetched once from the npm package vnu-jar.
var/tools/vnu.jar:
	scripts/fetch-vnu $@

demo: venv messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddemo --users --password "$(DEMO_PASSWORD)"

run: demo
	@echo
	@echo "  Newsroom:  http://$(HOST):$(PORT)/"
	@echo "  Admin:     http://$(HOST):$(PORT)/admin/"
	@echo "  Accounts:  journalist, editor, admin — password: $(DEMO_PASSWORD)"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv messages var/tools/vnu.jar
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache

# Lint, import order and the format check (pyproject.toml); `make format` rewrites the files.
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: venv
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Two gunicorn servers sharing PostgreSQL and Redis: an edit on one shows on the other.
multiserver-check: venv
	$(PY) scripts/multiserver_check.py

load-check: venv
	$(PY) scripts/load_check.py $(LOAD_ARGS)
