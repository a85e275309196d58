# The two commands: `make run` and `make test`. Everything is done by tools/suite (a Python package).
PYTHON ?= python3
SUITE := $(PYTHON) -m tools.suite

.PHONY: help setup run test lint format bench pg-start pg-stop doctor clean

help:
	@echo "make run     serve the demo database on http://localhost:8069 (creates it once)"
	@echo "make test    lint, install the suite with tests in a fresh database, run tests/"
	@echo "make lint    ruff + pylint-odoo;  make format  apply ruff's formatting"
	@echo "make bench   benchmarks (tests/bench)"
	@echo "make setup   install Python requirements and system packages (run/test do it when needed)"
	@echo "make pg-stop stop the private PostgreSQL cluster;  make clean  remove .local/ (cluster included)"

setup:
	$(SUITE) setup

run:
	$(SUITE) run $(ARGS)

test:
	$(SUITE) test

lint:
	$(SUITE) lint

format:
	$(PYTHON) -m ruff check --fix addons tests tools
	$(PYTHON) -m ruff format addons tests tools

bench:
	$(SUITE) bench

pg-start:
	$(SUITE) pg-start

pg-stop:
	$(SUITE) pg-stop

doctor:
	$(SUITE) doctor

clean: pg-stop
	rm -rf .local
