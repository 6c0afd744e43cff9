# Two commands do everything on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup browser axe ingest serve lint bench eval clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Debian's Chromium and Korean fonts for the browser tests (Playwright drives /usr/bin/chromium).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi nanum; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum fonts-noto-color-emoji >/dev/null; \
	fi

# axe-core (npm registry) for the accessibility checks of the browser tests, into the git-ignored .cache/.
AXE_VERSION ?= 4.14.1
AXE := .cache/npm/node_modules/axe-core/axe.min.js
axe: $(AXE)

$(AXE):
	@command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null)
	npm install --no-save --no-audit --no-fund --no-package-lock --prefix .cache/npm axe-core@$(AXE_VERSION)

ingest: setup
	$(VENV)/bin/policybot ingest corpora/

serve: setup
	$(VENV)/bin/policybot serve --host $(HOST) --port $(PORT)

## The product: install, ingest corpora/, serve the chat page at http://$(HOST):$(PORT)
run: setup ingest serve

## The tests (what CI runs): lint and types first, then the suite
test: setup browser axe lint
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check bot ingestion evals bench prompts tests
	$(VENV)/bin/mypy bot ingestion evals bench prompts

eval: setup
	$(VENV)/bin/policybot eval

bench: setup
	$(VENV)/bin/policybot bench ingest

clean:
	rm -rf data test-output eval-results .cache
