-- Warta store, schema version 3: the crawl frontier.
-- A URL is discovered once (queued), fetched, and ends done (its article stored in the same transaction),
-- duplicate (same canonical URL or same text as a stored article), failed or skipped (robots, content type).
-- Entry points (feeds, sitemaps, sections) stay queued: they are fetched again on every run, conditionally.

CREATE TABLE crawl_urls (
    url           TEXT PRIMARY KEY,
    source        TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('article', 'feed', 'sitemap', 'section')),
    state         TEXT NOT NULL CHECK (state IN ('queued', 'done', 'duplicate', 'failed', 'skipped')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       REAL NOT NULL DEFAULT 0,     -- unix time before which it is not fetched (backoff)
    discovered_at TEXT NOT NULL,
    fetched_at    TEXT,
    status        INTEGER,                     -- last HTTP status (0: no answer)
    etag          TEXT,
    last_modified TEXT,
    content_hash  TEXT,
    article_id    TEXT,
    error         TEXT
) WITHOUT ROWID;
CREATE INDEX crawl_urls_due ON crawl_urls (state, next_at);
CREATE INDEX crawl_urls_hash ON crawl_urls (content_hash);
CREATE INDEX crawl_urls_source ON crawl_urls (source, fetched_at);

CREATE TABLE crawl_runs (
    source     TEXT PRIMARY KEY,
    last_start TEXT,
    last_end   TEXT,
    last_error TEXT,
    runs       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Syndicated copies of one story: articles whose MinHash signatures are close share a group.
CREATE TABLE near_duplicates (
    article_id TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    signature  BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX near_duplicates_group ON near_duplicates (group_id);
