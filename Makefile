# Every target builds the virtual environment first, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 3000
STATE_DIR ?= .state

.PHONY: run test test-fast lint bench build deploy clean docs browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

# The whole local stack on 127.0.0.1:$(PORT): both APIs and the Cognito-compatible identity provider. What differs
# locally comes from env.local.json, which samconfig.toml names for `sam local start-api` and for this.
# DOCS: another directory of *.openapi.json for the docs page (default: docs/), e.g. one `make docs STACK_NAME=` wrote.
run: $(STAMP)
	$(BIN)/foodorder-local run --port $(PORT) --state-dir $(STATE_DIR) $(if $(DOCS),--docs $(DOCS))

# Every test: what CI runs. The docs page's test drives headless Chromium.
test: $(STAMP) browser
	$(BIN)/pytest

# The quick loop: unit, contract, in-process API and runtime tests; nothing that starts a process or a server.
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow and not integration"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	PYTHONPATH=tools $(BIN)/lint-imports
	$(BIN)/cfn-lint template.yaml

# The OpenAPI documents under docs/ (checked in; a test fails when they are stale), from template.yaml, the handlers'
# routes and the README's requests. With STACK_NAME, the deployed stack's URLs (its CloudFormation outputs; boto3's
# usual AWS_PROFILE and AWS_REGION) come first, in $(STATE_DIR)/docs-$(STACK_NAME): `make run DOCS=` that directory.
docs: $(STAMP)
	PYTHONPATH=tools $(BIN)/python -m apidocs \
	  $(if $(STACK_NAME),--stack-name $(STACK_NAME) --out $(STATE_DIR)/docs-$(STACK_NAME),--out docs)

# Debian's chromium, for the browser test (Playwright's own browser download is not used): installed when missing,
# as root or through sudo without a password. Otherwise one line says what to run, and the browser test skips.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then as_root=; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root="sudo -n"; \
	  else echo "chromium is missing and installing it needs root: run 'sudo make browser' (the browser test skips until then)" >&2; exit 0; fi; \
	  $$as_root apt-get update -qq && $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

bench: $(STAMP)
	$(BIN)/python benchmarks/import_time.py
	$(BIN)/python benchmarks/gateway_latency.py

build:
	sam build

deploy: build
	sam deploy --guided

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache src/*.egg-info
