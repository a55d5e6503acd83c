-- Warta store, schema version 2: identity across articles and curation.
-- Curation decisions are kept as rules and replayed whenever an article is saved, so they hold when
-- articles are processed again; curation_log records who decided what, when and why.

CREATE TABLE curation_log (
    seq    INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,                  -- UTC, ISO 8601
    who    TEXT NOT NULL,
    action TEXT NOT NULL,                  -- merge | split | alias | rename | retype | delete
    entity TEXT NOT NULL,                  -- the entity the decision is about
    args   TEXT NOT NULL DEFAULT '{}',     -- JSON object: the decision's other arguments
    why    TEXT NOT NULL
);

CREATE TABLE entity_redirects (
    from_id TEXT PRIMARY KEY,
    to_id   TEXT,                          -- the entity it was merged into; NULL when deleted
    log_seq INTEGER NOT NULL REFERENCES curation_log (seq)
) WITHOUT ROWID;

CREATE TABLE entity_overrides (
    entity_id TEXT PRIMARY KEY,
    name      TEXT,
    type      TEXT,
    aliases   TEXT NOT NULL DEFAULT '[]'   -- JSON array of aliases a curator added
) WITHOUT ROWID;

CREATE TABLE mention_moves (
    article_id   TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    from_id      TEXT NOT NULL,
    to_id        TEXT NOT NULL,
    log_seq      INTEGER NOT NULL REFERENCES curation_log (seq),
    PRIMARY KEY (article_id, start_offset, end_offset, from_id)
) WITHOUT ROWID;

-- Named persons by normalized name, for resolving a name against the persons already stored.
CREATE TABLE person_names (
    name_key  TEXT NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    PRIMARY KEY (name_key, entity_id)
) WITHOUT ROWID;
CREATE INDEX person_names_entity ON person_names (entity_id);

INSERT INTO person_names (name_key, entity_id)
SELECT lower(name), id FROM entities WHERE type = 'person' AND named = 1;
