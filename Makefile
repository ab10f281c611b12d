# Two commands on a fresh machine: `make run` and `make test` (see README).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DB ?= data/sla.duckdb
PORT ?= 8501

.PHONY: install run demo-db lint test chromium bench clean-demo

install: $(STAMP)

# Re-install when the dependency list changes.
$(STAMP): pyproject.toml
	@command -v python3 >/dev/null || { echo "python3 (3.11) is required"; exit 1; }
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The demo database: the sample events (the guide's worked examples and edge cases), then an
# 8-week simulated history of the default organisation (fixed seed), which the dashboard opens on.
$(DB): | $(STAMP)
	$(VENV)/bin/sla import sample_data/sample_events.csv --name sample --db $(DB)
	$(VENV)/bin/sla simulate --scenario sample_data/scenario.toml --replications 1 --seed 20260302 --name demo --db $(DB)

demo-db: $(DB)

run: $(STAMP) $(DB)
	$(VENV)/bin/sla dashboard --db $(DB) --port $(PORT)

# Browser tests drive Debian's Chromium; install it when missing (needs root or sudo).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core; \
	fi

# Seconds, so first: ruff (lint and format) and the import contracts of pyproject.toml.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# pytest exits 5 when it collected no tests; make treats that as the failure it is.
test: $(STAMP) lint chromium
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m benchmarks

clean-demo:
	rm -f $(DB)
