# Two entry points: `make run` starts the dashboard, `make test` runs every test.
# Each builds its own virtual environment in $(VENV) first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8501
# Only this machine can reach the dashboard unless you choose otherwise (README, "Running it for others").
HOST ?= 127.0.0.1

.PHONY: run test lint validate chromium fonts clean

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
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

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

lint: $(VENV)/.dev
	$(BIN)/ruff check .

validate: $(VENV)/.runtime
	$(BIN)/python -m footprint validate data

test: $(VENV)/.dev chromium fonts lint validate
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV)
