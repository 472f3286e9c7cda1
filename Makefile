# Entry points: `make run` starts the dashboard (serve.py: `streamlit run app.py`, warmed up), `make test`
# runs every test, `make team` demonstrates team mode (PostgreSQL+PostGIS, two app servers behind a
# signing-in proxy). Each builds its own virtual environment in $(VENV) first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8501
# Only this machine can reach the dashboard unless you choose otherwise (README, "Running it for others").
HOST ?= 127.0.0.1

.PHONY: run test lint validate chromium postgres team team-stop gdal fonts clean

# Throwaway PostgreSQL clusters live in git-ignored folders of the project.
PG_TEST_DIR ?= .postgres/test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime fonts
	$(BIN)/python serve.py --server.address $(HOST) --server.port $(PORT)

# Static renders (snapshots, time-lapses, decks) fall back to these for names in Arabic, Ethiopic, Tifinagh,
# CJK and other scripts that DejaVu Sans lacks; install them when they are missing.
FONT_PACKAGES := fonts-noto-core fonts-droid-fallback
fonts:
	@if ! dpkg -s $(FONT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(FONT_PACKAGES); \
	fi

# The browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; \
	fi

# The store's tests run on SQLite and on a real PostgreSQL with PostGIS; install Debian's packages when missing.
postgres:
	bash scripts/postgres.sh install

# Team mode on one machine: a PostgreSQL cluster, two app servers, and a proxy that signs in one person per port.
team: $(VENV)/.runtime postgres
	PYTHON=$(BIN)/python bash scripts/team.sh start

team-stop:
	bash scripts/team.sh stop

# The export tests open GeoPackages with Debian's ogrinfo, as a QGIS user's GDAL would; install it when missing.
gdal:
	@if ! command -v ogrinfo >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gdal-bin; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .

validate: $(VENV)/.runtime
	$(BIN)/python -m footprint validate data

# The cluster is started for the run and stopped afterwards, whatever the outcome.
test: $(VENV)/.dev chromium fonts gdal postgres lint validate
	bash scripts/postgres.sh run $(PG_TEST_DIR) -- $(BIN)/python -m pytest

clean:
	rm -rf $(VENV)
