# Xinfang: run `make help` for the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

help: #: list the targets
	@grep -E '^[a-z-]+:.*#:' $(MAKEFILE_LIST) | sed -E 's/:.*#:/\t/' | expand -t 14

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/.installed #: create the virtual environment and install everything pinned

migrate: setup #: apply database migrations
	$(BIN)/python manage.py migrate --noinput

demo: migrate #: build the demo county (once) and serve the Chinese UI on http://127.0.0.1:8000
	$(BIN)/python manage.py compilemessages --ignore '.venv' >/dev/null 2>&1 || true
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

run: migrate #: serve the app without loading demo data
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian's Chromium and its driver for the portal's browser tests, and CJK fonts so that
# screenshots show Chinese. Installed only where apt-get exists and Chromium does not; a
# failed install is no error: the browser tests then skip. Without root it asks sudo never
# to prompt (-n), so an unattended run does not hang; `sudo make browsers` installs them then.
BROWSER_PACKAGES := chromium chromium-driver fonts-noto-cjk
SUDO := $(if $(filter 0,$(shell id -u)),,sudo -n)

browsers: #: install headless Chromium for the browser tests (Debian, when missing)
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing $(BROWSER_PACKAGES) for the browser tests"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
		&& $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			$(BROWSER_PACKAGES) >/dev/null \
		|| echo "Chromium could not be installed: the browser tests will be skipped" >&2; \
	fi

test: setup browsers #: run the whole test suite (DATABASE_URL picks the database; default SQLite)
	$(BIN)/python -m pytest

lint: setup #: ruff, import layers, Django checks, missing migrations
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

fmt: setup #: format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: setup #: extract UI strings into locale/ and compile them
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv'

.PHONY: help setup migrate demo run browsers test lint fmt messages
