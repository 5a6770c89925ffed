# droneline: every set-up step a fresh clone needs, and the jobs built on them.
#   make run    set up, then run the default scenario headless (summary table + figure in out/)
#   make test   set up (Python deps, Chromium, the UI's front-end assets), then run the tests
#   make ui     set up, then serve the live UI on http://127.0.0.1:8765
SHELL := /bin/bash
VENV  ?= .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.droneline-installed
EXTRAS ?= dev

# A Python >= 3.12: python3.13 / python3.12 / python3 on PATH (pyenv shims included: the
# committed .python-version selects 3.12), else any pyenv-installed 3.12+ found directly.
FIND_PYTHON = for p in python3.13 python3.12 python3 python; do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    command -v $$p; exit 0; fi; done; \
	for d in $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*; do \
	  if [ -x "$$d/bin/python3" ]; then echo "$$d/bin/python3"; exit 0; fi; done; \
	echo "droneline needs Python >= 3.12 and none was found (tried python3.13, python3.12, python3, pyenv)" >&2; exit 1

.PHONY: setup run test test-fast ui ui-assets browser bench bench-ui validate sweep-example lint clean golden fuzz

setup: $(STAMP)

$(STAMP): pyproject.toml
	@set -e; if [ ! -x $(PY) ]; then \
	  BASE=$$($(FIND_PYTHON)); echo "using $$BASE ($$($$BASE --version))"; \
	  $$BASE -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e ".[$(EXTRAS)]"
	@touch $(STAMP)

# Solara's JavaScript/CSS, normally fetched from a CDN at page load, unpacked from the npm
# registry into the venv so the UI works offline (classrooms, this CI).
ui-assets: $(STAMP)
	@command -v npm >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	$(PY) -m droneline.ui.assets

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
	@/usr/bin/chromium --version

run: $(STAMP)
	$(VENV)/bin/droneline run pokrovsk_drone_line --out out/pokrovsk_drone_line

test: $(STAMP) ui-assets browser
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not browser"

ui: $(STAMP) ui-assets
	$(VENV)/bin/droneline ui

bench: $(STAMP) ui-assets browser
	$(PY) -m benchmarks --ui

bench-ui: $(STAMP) ui-assets browser
	$(PY) benchmarks/ui_fps.py

validate: $(STAMP)
	$(VENV)/bin/droneline validate --out out/validation --docs docs

sweep-example: $(STAMP)
	$(VENV)/bin/droneline sweep drone_line_lhs --workers 2 && $(VENV)/bin/droneline analyze out/sweeps/drone_line_lhs --heatmap blue.drones.strike_depth_km,blue.drones.sorties_per_crew_hour

# A long fuzzing campaign of the scenario inputs (tests/test_fuzz_inputs.py; FUZZ_EXAMPLES
# examples per property, 2,000 by default); prints how many examples ended in exit 0 and 2.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=campaign $(PY) -m pytest -q -s -p no:cacheprovider tests/test_fuzz_inputs.py

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) out .pytest_cache

# Rewrite the regression snapshot (tests/golden/summaries.json) after a change that alters
# results on purpose; say why in the commit message.
golden: $(STAMP)
	$(PY) -m tests.golden.snapshot
