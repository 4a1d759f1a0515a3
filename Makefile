# Two commands on a fresh machine:
#   make site   - create .venv, install, validate the bundled catalogue and build site/
#   make test   - install test dependencies (and Debian's chromium), run every check and test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test check lint typecheck unit golden serve clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-site: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-site

site: $(VENV)/.installed-site
	$(BIN)/microskills validate catalogue
	$(BIN)/microskills build catalogue --out site

chromium:
	@scripts/ensure-chromium.sh

lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

check: lint typecheck

unit: $(VENV)/.installed-test
	$(BIN)/pytest -m "not browser"

test: $(VENV)/.installed-test chromium
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

golden: $(VENV)/.installed-test
	$(BIN)/pytest tests/test_render_golden.py --update-golden

serve: $(VENV)/.installed-site
	$(BIN)/microskills serve catalogue

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache
