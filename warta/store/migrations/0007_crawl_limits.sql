-- Warta store, schema version 7: a crawl frontier that scales with what it holds, and crawl run state.
-- `due` reads queued URLs in (next_at, discovered_at, url) order per kind: this index serves it without a sort,
-- so its cost does not grow with the queue. `crawl_urls_queued` counts a source's queue up to its cap.
-- `depth` is a sitemap's distance from the configured one (0), so a chain of sitemap indexes ends.
-- `runner` names the process (host:pid) of a run with no end yet: running if alive, else killed.

ALTER TABLE crawl_urls ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
CREATE INDEX crawl_urls_next ON crawl_urls (state, kind, next_at, discovered_at, url);
CREATE INDEX crawl_urls_queued ON crawl_urls (source, state, kind);
ALTER TABLE crawl_runs ADD COLUMN runner TEXT;
