# `make run` and `make test` each set up everything they need on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= newsledger.db

.PHONY: install run test lint typecheck bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/newsledger ingest src/newsledger/data/sample --db $(DB)
	$(BIN)/newsledger summary --db $(DB)
	$(BIN)/newsledger events --db $(DB) --limit 5
	$(BIN)/newsledger demo --db $(DB)
	@echo ""
	@echo "To read the ledger in a browser:  $(BIN)/newsledger serve --db $(DB)"
	@echo "then open http://127.0.0.1:8000/   (API: http://127.0.0.1:8000/docs; Ctrl-C stops it)"

test: install
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests

typecheck: install
	$(BIN)/mypy

bench: install
	$(BIN)/python scripts/bench.py

eval: install
	$(BIN)/newsledger eval

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
