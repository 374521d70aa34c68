# The two commands the README shows: `make demo` and `make test`.
# Each creates .venv on first use and installs what it needs from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit docs bench bench-analytics bench-personas clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "journeykit needs Python 3.10 or newer; run: make PYTHON=python3.x ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/journeykit demo --out demo-output

test: lint typecheck unit docs

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_render.py

bench-personas: $(STAMP)
	$(BIN)/python benchmarks/bench_segment.py
	$(BIN)/python benchmarks/bench_behaviour.py

# PM4Py (AGPL) is the reference of the analytics benchmark, never a dependency:
# it lives in a virtual environment of its own, made here on first use.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e '.[analytics,spark]' pm4py polars psutil
	@touch $@

bench-analytics: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python benchmarks/bench_analytics.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) site demo-output .pytest_cache .mypy_cache .ruff_cache .hypothesis
