# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/pipeline-copilot demo

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/startup_bench.py
	$(BIN)/python benchmarks/scan_bench.py
	$(BIN)/python benchmarks/review_bench.py
	$(BIN)/python benchmarks/hook_bench.py
	$(BIN)/python benchmarks/schema_bench.py
