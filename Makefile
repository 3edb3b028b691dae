# Two commands a user needs: `make demo` opens the planner on demo data (building it the
# first time, then as you left it), `make test` runs the whole suite. Both create .venv and
# install the package on first use. `make demo-reset` builds the demo afresh (asking first
# if it was changed by hand).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= demo.db

.PHONY: demo demo-reset test lint typecheck unit bench snapshot-update clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/planner demo --db $(DEMO_DB)

demo-reset: $(STAMP)
	$(BIN)/planner demo --rebuild --db $(DEMO_DB)

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/cog --check --check-fail-msg 'run: cog -r docs/cli.md' docs/cli.md

typecheck: $(STAMP)
	$(BIN)/mypy

# Every test, on every core (pytest-xdist); worksteal evens out the few long tests.
# Four workers on two cores: the UI tests spend much of their time waiting on Textual's
# timers, so more workers than cores finish sooner (measured: -n 2 about 9 min under load,
# -n 3 5:04 idle). --dist worksteal evens out the long tests.
unit: $(STAMP)
	$(BIN)/pytest -q -n 4 --dist worksteal

# Figures for the README's performance table, each beside its baseline, and each goal of
# issue 12 with its ratio and whether it is met (GOAL lines; tens of minutes at 200,000).
bench: $(STAMP)
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/import_floor.py
	$(BIN)/python bench/schedule_bench.py
	$(BIN)/python bench/brief_bench.py
	$(BIN)/python bench/tui_bench.py
	$(BIN)/python bench/scale_bench.py

snapshot-update: $(STAMP)
	$(BIN)/pytest -q tests/tui --snapshot-update

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist build
