# Two commands for a fresh machine with Python 3.11, git and make: `make preview` and `make test`.
# Both install uv (from PyPI) and the locked environment themselves.

SHELL := /bin/bash
OUT ?= out
BOOTSTRAP := .cache/bootstrap
UV := $(shell command -v uv 2>/dev/null || echo $(BOOTSTRAP)/bin/uv)
VENV := .venv
PYTEST_ARGS ?=

.PHONY: preview synth test lint typecheck unit bench env clean

$(BOOTSTRAP)/bin/uv:
	python3 -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --quiet
	@touch $@

env: $(VENV)/.synced

preview: env  ## the offline gate over every stack, with reports
	$(VENV)/bin/campus gate --all --out $(OUT)

synth: env
	$(VENV)/bin/campus synth --all --out $(OUT)

lint: env
	$(VENV)/bin/ruff check .

typecheck: env
	$(VENV)/bin/mypy

unit: env
	$(VENV)/bin/pytest -q $(PYTEST_ARGS)

test: lint typecheck unit  ## ruff, mypy and the whole test suite

bench: env
	$(VENV)/bin/python bench/synth.py
	$(VENV)/bin/python bench/gate.py

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
