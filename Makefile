# Every target installs what it needs first; install steps are skipped when their stamp is newer
# than the files they come from, and run without asking anything.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
# the tests run in two processes, a file's tests together (CI has two cores)
TEST_WORKERS ?= 2
UV_VERSION := 0.13.9
STAMPS := var/stamps
DATA_REPO ?= var/demo/data
export TZ := Europe/Brussels
# Debian packages: the browser of the browser tests, its fonts, the load tool of `make bench`,
# and poppler (pdftotext, pdftoppm) with which the tests read the letters' PDF
DEBIAN_PACKAGES := chromium fonts-dejavu-core wrk poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)
# A stamp is also redone when what it installed has gone (a deleted .venv or node_modules).
redo_unless = $(if $(wildcard $(1)),,FORCE)

.PHONY: help install browser-deps serve test bench lint catalogs catalog-update clean FORCE

FORCE:

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMPS)/python: requirements.lock pyproject.toml $(call redo_unless,$(PY))
	@mkdir -p $(STAMPS)
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) pip install --quiet --python $(PY) -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $@

$(STAMPS)/debian: Makefile $(call redo_unless,/usr/bin/chromium)
	@mkdir -p $(STAMPS)
	@missing=""; for package in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$package 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installation des paquets Debian :$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@touch $@

# axe-core from the npm registry, exactly as package-lock.json says, into node_modules (git-ignored)
$(STAMPS)/node: package.json package-lock.json $(call redo_unless,node_modules/axe-core/axe.min.js)
	@mkdir -p $(STAMPS)
	@command -v npm >/dev/null || { echo "Node.js et npm sont requis (npm introuvable)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

CATALOG_SOURCES := $(wildcard interpellations/locale/*/LC_MESSAGES/messages.po)
CATALOGS := $(CATALOG_SOURCES:.po=.mo)

interpellations/locale/%/LC_MESSAGES/messages.mo: interpellations/locale/%/LC_MESSAGES/messages.po $(STAMPS)/python
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

catalogs: $(CATALOGS)  ## compile the translation catalogs

install: $(STAMPS)/python catalogs  ## install the Python packages into .venv

browser-deps: $(STAMPS)/debian $(STAMPS)/node  ## Debian's chromium (and wrk) and axe-core for the browser tests

# the demo's backups: its record pushed to a second repository, its database copied
serve: export INTERPELLATIONS_BACKUP_REMOTE ?= var/demo/sauvegarde.git
serve: export INTERPELLATIONS_BACKUP_FOLDER ?= var/demo/sauvegardes
serve: install  ## start the service on http://127.0.0.1:8000 (demo data by default)
	$(PY) -m server

test: install browser-deps  ## run every test (the browser tests in Debian's chromium)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: install $(STAMPS)/debian  ## measure the store and the service
	$(PY) -m bench

lint: install  ## ruff and mypy
	$(VENV)/bin/ruff check interpellations server tests bench
	$(VENV)/bin/ruff format --check interpellations server tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

clean:  ## remove the virtual environment and generated data
	rm -rf $(VENV) var node_modules

catalog-update: $(STAMPS)/python  ## extract the French strings and add the new ones to the Dutch catalog
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k NP_:1,2 --no-location --sort-output -o var/messages.pot .
	$(VENV)/bin/pybabel update -i var/messages.pot -d interpellations/locale -D messages --no-fuzzy-matching --ignore-obsolete
