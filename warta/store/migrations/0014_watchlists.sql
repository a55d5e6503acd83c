-- Warta store, schema version 14: watchlists (pantauan), their matches, alerts and the alerts' delivery queue
-- (issue 20; docs/alerts.md). The write path (warta/store/watch.py, called by SQLStore.write_article) matches
-- every saved article against the watchlists its index keys reach, records each new match with its reasons, and
-- queues one alert per new match with a delivery per channel, in the article's own transaction: an alert is
-- never lost once its article is saved. The alert runner (warta/alerts) claims due deliveries, sends them and
-- records every attempt; a delivery recorded as sent is never sent again.

-- A watchlist: a named saved query (warta.watch.Watchlist as canonical JSON). `id` is a hash of its folded name.
CREATE TABLE watchlists (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    spec    TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);

-- The matching index: the keys a watchlist is reached by (warta.watch.watch_keys: `e:` + entity id, `h:` + body
-- id for role holders, `k:` + a keyword's first folded word, `r:` + Kemendagri code). An article's keys find its
-- candidate watchlists through the primary key, so matching costs what the candidates cost, not what every
-- watchlist does.
CREATE TABLE watch_keys (
    key          TEXT NOT NULL,
    watchlist_id TEXT NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    PRIMARY KEY (key, watchlist_id)
) WITHOUT ROWID;
CREATE INDEX watch_keys_watchlist ON watch_keys (watchlist_id);

-- An article a watchlist matched, when, and why (JSON list of warta.watch.Reason: kind, value, label, start, end).
CREATE TABLE watch_matches (
    watchlist_id TEXT NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    article_id   TEXT NOT NULL,
    matched      TEXT NOT NULL,
    reasons      TEXT NOT NULL,
    PRIMARY KEY (watchlist_id, article_id)
) WITHOUT ROWID;
CREATE INDEX watch_matches_article ON watch_matches (article_id);
CREATE INDEX watch_matches_newest ON watch_matches (watchlist_id, matched);

-- One alert per new match (`id`: a hash of the watchlist and article ids); `seen` once opened in the web app.
CREATE TABLE alerts (
    id           TEXT PRIMARY KEY,
    watchlist_id TEXT NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    article_id   TEXT NOT NULL,
    created      TEXT NOT NULL,
    seen         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alerts_unseen ON alerts (seen, created);
CREATE INDEX alerts_watchlist ON alerts (watchlist_id, created);

-- The delivery queue: one row per alert, channel (webhook, email) and target (URL, address). `due`: when it may
-- first be sent (an email digest waits for its hour or day); `next_attempt`: when a failed one is tried again;
-- `state`: pending, sent, or failed (gave up after the last retry).
CREATE TABLE deliveries (
    alert_id     TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel      TEXT NOT NULL,
    target       TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending',
    due          TEXT NOT NULL,
    next_attempt TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    sent_at      TEXT,
    last_error   TEXT,
    PRIMARY KEY (alert_id, channel, target)
);
CREATE INDEX deliveries_pending ON deliveries (state, next_attempt);

-- Every delivery attempt: when, whether it succeeded, and what the other side said (status line or error).
CREATE TABLE delivery_attempts (
    alert_id TEXT NOT NULL,
    channel  TEXT NOT NULL,
    target   TEXT NOT NULL,
    attempt  INTEGER NOT NULL,
    at       TEXT NOT NULL,
    ok       INTEGER NOT NULL,
    detail   TEXT NOT NULL,
    PRIMARY KEY (alert_id, channel, target, attempt)
);
