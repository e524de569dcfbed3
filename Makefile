# Every target builds the virtual environment first, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 3000
STATE_DIR ?= .state

# Deploying: a pinned SAM CLI in an environment of its own, and the template's runtime interpreter for `sam build`.
SAM_CLI_VERSION := 1.170.0
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
SAM_STAMP := $(SAM_VENV)/.installed-$(SAM_CLI_VERSION)
RUNTIME := $(shell sed -n 's/^ *Runtime: *\(python3\.[0-9]*\).*/\1/p' template.yaml | head -n 1)
# Template parameters for build and deploy, e.g. PARAMETERS="Architecture=x86_64"; more `sam deploy` flags in
# DEPLOY_ARGS, e.g. DEPLOY_ARGS=--guided the first time.
PARAMETERS ?=
DEPLOY_ARGS ?=
OVERRIDES := $(if $(PARAMETERS),--parameter-overrides $(PARAMETERS))
# The AWS emulator the deployed-stack tests deploy into. It runs functions on its own interpreter: the runtime's.
MINISTACK_VERSION := 1.5.33
MINISTACK_VENV := .venv-ministack
MINISTACK_STAMP := $(MINISTACK_VENV)/.installed-$(MINISTACK_VERSION)
# The Lambda requirements: pinned from pyproject's dependencies for the runtime's Python; existing pins are kept
# while they still satisfy pyproject.toml, so a new upstream release alone never makes them out of step.
COMPILE_REQUIREMENTS = $(BIN)/uv pip compile pyproject.toml --quiet --python-version $(RUNTIME:python%=%) \
	--custom-compile-command "make requirements"

.PHONY: run test test-fast lint bench build deploy test-deployed requirements clean docs browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint,bench]'
	touch $(STAMP)

# The whole local stack on 127.0.0.1:$(PORT): both APIs and the Cognito-compatible identity provider. What differs
# locally comes from env.local.json, which samconfig.toml names for `sam local start-api` and for this.
# DOCS: another directory of *.openapi.json for the docs page (default: docs/), e.g. one `make docs STACK_NAME=` wrote.
run: $(STAMP)
	$(BIN)/foodorder-local run --port $(PORT) --state-dir $(STATE_DIR) $(if $(DOCS),--docs $(DOCS))

# Every test: what CI runs. One test builds the artifacts with the SAM CLI; the docs page's drives headless
# Chromium.
test: $(STAMP) $(SAM_STAMP) browser
	$(BIN)/pytest

# The quick loop: unit, contract, in-process API and runtime tests, none marked slow or integration: no stack process,
# no SAM build, no browser (a few serve on loopback in a thread).
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow and not integration"

lint: $(STAMP) $(SAM_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	PYTHONPATH=tools $(BIN)/lint-imports
	$(BIN)/cfn-lint template.yaml
	SAM_CLI_TELEMETRY=0 $(SAM) validate --lint --region us-east-1
	@tmp=$$(mktemp -d) && cp src/requirements.txt $$tmp/ && $(COMPILE_REQUIREMENTS) -o $$tmp/requirements.txt \
		&& diff -u src/requirements.txt $$tmp/requirements.txt; status=$$?; rm -rf $$tmp; \
		test $$status -eq 0 || { echo "src/requirements.txt is out of step with pyproject.toml: run make requirements"; exit 1; }

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
	$(BIN)/python benchmarks/bench.py

requirements: $(STAMP)
	$(COMPILE_REQUIREMENTS) -o src/requirements.txt

$(SAM_STAMP):
	test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SAM_VENV)/bin/python -m pip install --quiet aws-sam-cli==$(SAM_CLI_VERSION)
	touch $@

# sam build, with the runtime's Python put on PATH (tools/runtime-python says what to install when there is none).
build: $(SAM_STAMP)
	bin=$$(tools/runtime-python $(RUNTIME)) && PATH="$$bin:$$PATH" $(SAM) build $(OVERRIDES)

# sam deploy with samconfig.toml's settings (stack foodorder, confirm the change set) and your AWS credentials.
deploy: build
	$(SAM) deploy $(OVERRIDES) $(DEPLOY_ARGS)

$(MINISTACK_STAMP):
	bin=$$(tools/runtime-python $(RUNTIME)) && "$$bin/$(RUNTIME)" -m venv --clear $(MINISTACK_VENV)
	$(MINISTACK_VENV)/bin/python -m pip install --quiet 'ministack[full]==$(MINISTACK_VERSION)'
	touch $@

# Runs the DynamoDB adapter's storage contracts on MiniStack (127.0.0.1), deploys the template into it (`make deploy`,
# as a user does) and runs the integration suite against the deployed stack; MiniStack is stopped whatever happens.
# PYTEST_ARGS narrows the integration suite, e.g. PYTEST_ARGS="-k lifecycle".
test-deployed: $(STAMP) $(SAM_STAMP) $(MINISTACK_STAMP)
	$(BIN)/python tools/test_deployed.py --ministack $(MINISTACK_VENV)/bin/ministack -- $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(SAM_VENV) $(MINISTACK_VENV) .aws-sam .mypy_cache .pytest_cache .ruff_cache src/*.egg-info
