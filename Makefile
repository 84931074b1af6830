# Two commands on a fresh machine: `make run` and `make test`. Only python3 (3.11+) and make
# are assumed; everything else is installed into .venv from pyproject.toml.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CONFIG ?= configs/west_bengal_2021.toml
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast lint typecheck bench clean help

help:
	@echo "make run    - set up .venv and run the default config ($(CONFIG))"
	@echo "make test   - set up .venv; ruff, the layers contract, mypy and the whole test suite"
	@echo "make test-fast - the same without the tests marked slow"
	@echo "make lint   - ruff"
	@echo "make bench  - engine vs Mesa reference, bandwidth floor, memory; sweep scaling; fixed costs"
	@echo "make clean  - remove .venv and caches (results/ is kept)"

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/coalsim run $(CONFIG) --force

test: lint typecheck
	$(BIN)/python -m pytest -q

test-fast: lint typecheck
	$(BIN)/python -m pytest -q -m "not slow"

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/voters.py
	$(BIN)/python benchmarks/sweep.py
	$(BIN)/python benchmarks/fixed_costs.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info
