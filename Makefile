# Two entry points: `make run` starts the dashboard, `make test` runs every test.
# Each builds its own virtual environment in $(VENV) first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8501

.PHONY: run test lint validate chromium gdal clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT)

# The browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; \
	fi

# The export tests open GeoPackages with Debian's ogrinfo, as a QGIS user's GDAL would; install it when missing.
gdal:
	@if ! command -v ogrinfo >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gdal-bin; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .

validate: $(VENV)/.runtime
	$(BIN)/python -m footprint validate data

test: $(VENV)/.dev chromium gdal lint validate
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV)
