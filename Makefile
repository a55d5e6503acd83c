# Warta: the commands a person and CI run. `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
WARTA := $(VENV)/bin/warta
DEMO_DB ?= demo/warta-demo.db

.PHONY: install demo test lint pytest bench clean web-assets browser postgres pdf
VENDOR := warta/web/static/vendor/cytoscape.min.js
AXE := node_modules/axe-core/axe.min.js

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The web app's graph library, from the npm registry (package.json, package-lock.json), copied into the package;
# axe-core, which the browser tests inject into every page (tests/test_browser_phone.py), stays in node_modules.
web-assets: $(VENDOR) $(AXE)

$(VENDOR): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $(VENDOR))
	cp node_modules/cytoscape/dist/cytoscape.min.js $@

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests, installed where missing (needs root or sudo, as in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL server for the store tests, installed where missing (needs root or sudo, as in CI). The
# tests start their own throwaway server on loopback from these binaries; nothing runs as a system service.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql postgresql-contrib >/dev/null; }

# Pango for WeasyPrint (the reports' PDF, docs/report.md) and poppler-utils (pdftoppm, pdftotext) for the report
# tests, installed where missing (needs root or sudo, as in CI).
pdf:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && command -v pdftoppm >/dev/null 2>&1; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 \
	    libpangoft2-1.0-0 poppler-utils >/dev/null; }

DEMO_PORT ?= 8100
SERVE_PORT ?= 8000

# The demo: serve the three fictional outlets, crawl them with the real crawler into the demo store, stop the
# site, and serve the web app on 127.0.0.1:$(SERVE_PORT) until Ctrl-C. The site dates its articles from today
# (docs/demo-site.md), so the demo store starts afresh: a store of an earlier day would keep that day's dates. The
# previous demo store is kept beside it as $(DEMO_DB).previous (one generation), never deleted outright. The
# watchlist "Pemkab Mojokerto" (every article about Kabupaten Mojokerto) is made before the crawl, so that the
# crawled articles raise its alerts (docs/watchlists.md).
demo: install web-assets pdf
	@for f in $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm; do if [ -e $$f ]; then mv -f $$f $$f.previous; fi; done
	@$(WARTA) demo-site --port $(DEMO_PORT) > .demo-site.log 2>&1 & echo $$! > .demo-site.pid; \
	trap 'kill $$(cat .demo-site.pid) 2>/dev/null; rm -f .demo-site.pid' EXIT; \
	$(PY) -c "import socket, sys, time; \
	[time.sleep(0.2) for _ in range(100) if socket.socket().connect_ex(('127.0.0.1', $(DEMO_PORT) + 2))]" ; \
	$(PY) -m warta.demosite.config --port $(DEMO_PORT) --out .demo-warta.toml && \
	$(WARTA) --db $(DEMO_DB) watch add "Pemkab Mojokerto" --region 35.16 && \
	$(WARTA) --db $(DEMO_DB) crawl --config .demo-warta.toml --once && \
	$(WARTA) --db $(DEMO_DB) crawl status && \
	$(WARTA) --db $(DEMO_DB) watch show "Pemkab Mojokerto" --limit 5 && \
	{ test -n "$$($(WARTA) --db $(DEMO_DB) entities --type city)" || \
	  { echo "make demo: the crawl stored no article; is the demo site up on port $(DEMO_PORT)? (see .demo-site.log)" >&2; exit 1; }; }
	@echo
	@echo "Demo store: $(DEMO_DB). Also try:"
	@echo "  $(WARTA) --db $(DEMO_DB) entities --type person"
	@echo "  $(WARTA) --db $(DEMO_DB) quotes --speaker Bupati"
	@echo "  $(WARTA) --db $(DEMO_DB) export --format graphml --out demo-graph.graphml"
	@echo "Serving the web app (Ctrl-C stops it):"
	$(WARTA) --db $(DEMO_DB) serve --port $(SERVE_PORT)

lint: install
	$(VENV)/bin/ruff check warta tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

pytest: install web-assets browser postgres pdf
	$(PY) -m pytest

test: lint pytest

# The store load: a million articles of the real-shaped archive (bench/corpus.py; hours on a 2-core machine; a
# stopped run resumes), then the pages' latencies, 50 HTTP clients and the query plans on it. The PostgreSQL load
# runs when WARTA_BENCH_POSTGRES names an empty database (docs/scale.md).
STORE_ARTICLES ?= 1000000
LOAD_DB ?= bench/cache/load1m.db
# The real article pages the pipeline is timed on against trafilatura (bench/pipeline_vs_extract.py); never copied
# into the repository, only read where they are.
NEWS_PAGES ?= ../shared/data/news-pages/html
# Articles filed into isus in a new SQLite store (bench/isu.py): 100000 for the issue's target (docs/isu.md).
ISU_ARTICLES ?= 10000

bench: install
	$(PY) bench/pipeline.py --out bench/results/pipeline.json
	$(if $(wildcard $(NEWS_PAGES)),$(PY) bench/pipeline_vs_extract.py --pages $(NEWS_PAGES) \
	  --out bench/results/pipeline_vs_extract.json,@echo "set NEWS_PAGES=… (the real pages folder) for the pipeline against trafilatura")
	$(PY) bench/isu_tone_cost.py --out bench/results/isu_tone_cost.json
	mkdir -p bench/cache && rm -f bench/cache/isu.db bench/cache/isu.db-wal bench/cache/isu.db-shm
	$(PY) bench/isu.py --store bench/cache/isu.db --articles $(ISU_ARTICLES) --out bench/results/isu-store-sqlite-$(ISU_ARTICLES).json
	$(PY) bench/kb.py --out bench/results/kb.json
	$(PY) bench/crawl.py --out bench/results/crawl.json
	$(PY) bench/queries.py --out bench/results/queries.json
	$(PY) bench/pages.py --out bench/results/pages.json
	$(PY) bench/watch.py --out bench/results/watch.json
	$(PY) bench/report.py --out bench/results/report.json
	$(PY) bench/engines.py --out bench/results/engines.json
	$(PY) bench/ray_cluster.py --out bench/results/ray_cluster.json
	$(PY) bench/storeload.py --db $(LOAD_DB) --articles $(STORE_ARTICLES) --corpus realistic --out bench/results/storeload-sqlite.json
	$(PY) bench/store_latency.py --db $(LOAD_DB) --corpus-size $(STORE_ARTICLES) --out bench/results/store-latency-sqlite.json
	$(PY) bench/serve_load.py --db $(LOAD_DB) --workers 2 --out bench/results/serve-load-sqlite.json
	$(PY) bench/explain.py --db $(LOAD_DB) --corpus-size $(STORE_ARTICLES) --out bench/results/explain-sqlite.md
	$(if $(WARTA_BENCH_POSTGRES),$(PY) bench/storeload.py --db $(WARTA_BENCH_POSTGRES) --articles $(STORE_ARTICLES) \
	  --corpus realistic --out bench/results/storeload-postgresql.json && \
	  $(PY) bench/store_latency.py --db $(WARTA_BENCH_POSTGRES) --corpus-size $(STORE_ARTICLES) \
	  --out bench/results/store-latency-postgresql.json && \
	  $(PY) bench/serve_load.py --db $(WARTA_BENCH_POSTGRES) --workers 2 --out bench/results/serve-load-postgresql.json,\
	  @echo "set WARTA_BENCH_POSTGRES=postgresql://… for the PostgreSQL load")

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(DEMO_DB)* .demo-site.log .demo-site.pid .demo-warta.toml node_modules $(VENDOR) test-artifacts
