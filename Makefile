# Warta: the commands a person and CI run. `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
WARTA := $(VENV)/bin/warta
DEMO_DB ?= demo/warta-demo.db

.PHONY: install demo test lint pytest bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(WARTA) --db $(DEMO_DB) ingest demo/articles/*.html
	@echo
	@echo "Demo store: $(DEMO_DB). Try:"
	@echo "  $(WARTA) --db $(DEMO_DB) entities --type person"
	@echo "  $(WARTA) --db $(DEMO_DB) quotes --speaker Bupati"
	@echo "  $(WARTA) --db $(DEMO_DB) search 'smart city'"
	@echo "  $(WARTA) extract --format text demo/articles/kabarjatim-01-*.html"

lint: install
	$(VENV)/bin/ruff check warta tests bench
	$(VENV)/bin/mypy

pytest: install
	$(PY) -m pytest

test: lint pytest

bench: install
	$(PY) bench/pipeline.py --out bench/results/pipeline.json
	$(PY) bench/kb.py --out bench/results/kb.json

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(DEMO_DB)*
