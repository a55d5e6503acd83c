-- Warta store on PostgreSQL, schema version 14: watchlists, matches, alerts and deliveries (../0014_watchlists.sql).
CREATE TABLE watchlists (
    id      text COLLATE "C" PRIMARY KEY,
    name    text COLLATE "C" NOT NULL UNIQUE,
    spec    text NOT NULL,
    created text NOT NULL,
    updated text NOT NULL
);

CREATE TABLE watch_keys (
    key          text COLLATE "C" NOT NULL,
    watchlist_id text COLLATE "C" NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    PRIMARY KEY (key, watchlist_id)
);
CREATE INDEX watch_keys_watchlist ON watch_keys (watchlist_id);

CREATE TABLE watch_matches (
    watchlist_id text COLLATE "C" NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    article_id   text COLLATE "C" NOT NULL,
    matched      text NOT NULL,
    reasons      text NOT NULL,
    PRIMARY KEY (watchlist_id, article_id)
);
CREATE INDEX watch_matches_article ON watch_matches (article_id);
CREATE INDEX watch_matches_newest ON watch_matches (watchlist_id, matched);

CREATE TABLE alerts (
    id           text COLLATE "C" PRIMARY KEY,
    watchlist_id text COLLATE "C" NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    article_id   text COLLATE "C" NOT NULL,
    created      text NOT NULL,
    seen         integer NOT NULL DEFAULT 0
);
CREATE INDEX alerts_unseen ON alerts (seen, created);
CREATE INDEX alerts_watchlist ON alerts (watchlist_id, created);

CREATE TABLE deliveries (
    alert_id     text COLLATE "C" NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel      text COLLATE "C" NOT NULL,
    target       text COLLATE "C" NOT NULL,
    state        text COLLATE "C" NOT NULL DEFAULT 'pending',
    due          text NOT NULL,
    next_attempt text NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    sent_at      text,
    last_error   text,
    PRIMARY KEY (alert_id, channel, target)
);
CREATE INDEX deliveries_pending ON deliveries (state, next_attempt);

CREATE TABLE delivery_attempts (
    alert_id text COLLATE "C" NOT NULL,
    channel  text COLLATE "C" NOT NULL,
    target   text COLLATE "C" NOT NULL,
    attempt  integer NOT NULL,
    at       text NOT NULL,
    ok       integer NOT NULL,
    detail   text NOT NULL,
    PRIMARY KEY (alert_id, channel, target, attempt)
);
