# The two commands the README shows: `make demo` and `make test`.
# Each creates .venv on first use and installs what it needs from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit docs browser bench bench-report bench-analytics bench-personas clean

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

unit: $(STAMP) browser
	$(BIN)/python -m pytest

# The browser the report's tests open (tests/render/test_browser.py): Debian's
# headless Chromium, which Playwright (in the dev extra) drives as it is; no
# `playwright install`. Installed with apt-get when missing and we are root (as
# in CI); otherwise make stops and says the command to run.
BROWSER := chromium-headless-shell
browser:
	@command -v $(BROWSER) >/dev/null 2>&1 || test -x /usr/lib/chromium/$(BROWSER) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $(BROWSER) for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER) >/dev/null \
	      || { echo "could not install $(BROWSER); run: sudo apt-get install -y $(BROWSER)" >&2; exit 1; }; \
	  else \
	    echo "the browser tests need Chromium's headless shell; run: sudo apt-get install -y $(BROWSER)" >&2; \
	    exit 1; \
	  fi; }

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_render.py

# The example's report against the code of commit 4506590 (before issue 11).
bench-report: $(STAMP)
	$(BIN)/python benchmarks/bench_report.py

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
