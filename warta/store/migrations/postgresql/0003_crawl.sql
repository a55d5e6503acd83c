-- Warta store on PostgreSQL, schema version 3: the crawl frontier (../0003_crawl.sql).

CREATE TABLE crawl_urls (
    url           text COLLATE "C" PRIMARY KEY,
    source        text COLLATE "C" NOT NULL,
    kind          text COLLATE "C" NOT NULL CHECK (kind IN ('article', 'feed', 'sitemap', 'section')),
    state         text COLLATE "C" NOT NULL CHECK (state IN ('queued', 'done', 'duplicate', 'failed', 'skipped')),
    attempts      integer NOT NULL DEFAULT 0,
    next_at       double precision NOT NULL DEFAULT 0,   -- unix time before which it is not fetched (backoff)
    discovered_at text COLLATE "C" NOT NULL,
    fetched_at    text COLLATE "C",
    status        integer,                                -- last HTTP status (0: no answer)
    etag          text COLLATE "C",
    last_modified text COLLATE "C",
    content_hash  text COLLATE "C",
    article_id    text COLLATE "C",
    error         text COLLATE "C"
);
CREATE INDEX crawl_urls_due ON crawl_urls (state, next_at);
CREATE INDEX crawl_urls_hash ON crawl_urls (content_hash);
CREATE INDEX crawl_urls_source ON crawl_urls (source, fetched_at);

CREATE TABLE crawl_runs (
    source     text COLLATE "C" PRIMARY KEY,
    last_start text COLLATE "C",
    last_end   text COLLATE "C",
    last_error text COLLATE "C",
    runs       integer NOT NULL DEFAULT 0
);

-- Syndicated copies of one story: articles whose MinHash signatures are close share a group.
CREATE TABLE near_duplicates (
    article_id text COLLATE "C" PRIMARY KEY,
    group_id   text COLLATE "C" NOT NULL,
    signature  bytea NOT NULL
);
CREATE INDEX near_duplicates_group ON near_duplicates (group_id);
