-- Warta store on PostgreSQL, schema version 7: frontier indexes, sitemap depth, run state (../0007_crawl_limits.sql).

ALTER TABLE crawl_urls ADD COLUMN depth integer NOT NULL DEFAULT 0;
CREATE INDEX crawl_urls_next ON crawl_urls (state, kind, next_at, discovered_at, url);
CREATE INDEX crawl_urls_queued ON crawl_urls (source, state, kind);
ALTER TABLE crawl_runs ADD COLUMN runner text COLLATE "C";
