# Every target installs what it needs first; install steps are skipped when their stamp is newer
# than the files they come from, and run without asking anything.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
STAMPS := var/stamps
DATA_REPO ?= var/demo/data
export TZ := Europe/Brussels

.PHONY: help install serve test bench lint catalogs catalog-update clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMPS)/python: requirements.lock pyproject.toml
	@mkdir -p $(STAMPS)
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) pip install --quiet --python $(PY) -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $@

CATALOG_SOURCES := $(wildcard interpellations/locale/*/LC_MESSAGES/messages.po)
CATALOGS := $(CATALOG_SOURCES:.po=.mo)

interpellations/locale/%/LC_MESSAGES/messages.mo: interpellations/locale/%/LC_MESSAGES/messages.po $(STAMPS)/python
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

catalogs: $(CATALOGS)  ## compile the translation catalogs

install: $(STAMPS)/python catalogs  ## install the Python packages into .venv

serve: install  ## start the service on http://127.0.0.1:8000 (demo data by default)
	$(PY) -m server

test: install  ## run every test
	$(PY) -m pytest

bench: install  ## measure the store and the service
	$(PY) -m bench

lint: install  ## ruff and mypy
	$(VENV)/bin/ruff check interpellations server tests bench
	$(VENV)/bin/ruff format --check interpellations server tests bench
	$(VENV)/bin/mypy

clean:  ## remove the virtual environment and generated data
	rm -rf $(VENV) var

catalog-update: $(STAMPS)/python  ## extract the French strings and add the new ones to the Dutch catalog
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --sort-output -o var/messages.pot .
	$(VENV)/bin/pybabel update -i var/messages.pot -d interpellations/locale -D messages --no-fuzzy-matching --ignore-obsolete
