# Every target builds the virtual environment first, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 3000
STATE_DIR ?= .state

.PHONY: run test test-fast lint bench build deploy clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint,bench]'
	touch $(STAMP)

# The whole local stack on 127.0.0.1:$(PORT): both APIs and the Cognito-compatible identity provider. What differs
# locally comes from env.local.json, which samconfig.toml names for `sam local start-api` and for this.
run: $(STAMP)
	$(BIN)/foodorder-local run --port $(PORT) --state-dir $(STATE_DIR)

# Every test: what CI runs.
test: $(STAMP)
	$(BIN)/pytest

# The quick loop: unit, contract, in-process API and runtime tests; nothing that starts a process or a server.
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow and not integration"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/cfn-lint template.yaml

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

build:
	sam build

deploy: build
	sam deploy --guided

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache src/*.egg-info
