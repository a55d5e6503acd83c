-- Warta store, schema version 1.
-- An article owns its mentions, quotes, edges, roles and entity links; saving an article again deletes
-- and re-inserts those rows. Entities are shared across articles. Counts (mentions, articles) are not
-- stored: queries derive them from the mentions and article_entities tables.

CREATE TABLE articles (
    pk        INTEGER PRIMARY KEY,          -- stable rowid for the FTS index
    id        TEXT NOT NULL UNIQUE,
    url       TEXT,
    source    TEXT,
    title     TEXT,
    published TEXT,
    dateline  TEXT,
    author    TEXT,
    site      TEXT,
    text      TEXT NOT NULL,
    document  TEXT NOT NULL                 -- the full JSON document (spec/extract-output.md)
);
CREATE INDEX articles_published ON articles (published DESC, id);

CREATE TABLE entities (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    named   INTEGER NOT NULL CHECK (named IN (0, 1)),
    aliases TEXT NOT NULL DEFAULT '[]',     -- JSON array of strings, sorted, merged over articles
    kb      TEXT NOT NULL DEFAULT '{}'      -- JSON object, merged over articles
) WITHOUT ROWID;
CREATE INDEX entities_type ON entities (type);

CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    inferred   INTEGER NOT NULL CHECK (inferred IN (0, 1)),
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities (entity_id);

CREATE TABLE mentions (
    article_id     TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    start_offset   INTEGER NOT NULL,
    end_offset     INTEGER NOT NULL,
    text           TEXT NOT NULL,
    type           TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    source         TEXT NOT NULL,
    role_title     TEXT,
    role_of        TEXT,
    role_of_entity TEXT,
    PRIMARY KEY (article_id, seq),
    FOREIGN KEY (article_id, entity_id) REFERENCES article_entities (article_id, entity_id)
        ON DELETE CASCADE,
    CHECK (0 <= start_offset AND start_offset <= end_offset)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions (entity_id);

CREATE TABLE quotes (
    pk         INTEGER PRIMARY KEY,         -- rowid for the FTS index
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    cue        TEXT,
    speaker_id TEXT,
    cue_start  INTEGER,
    cue_end    INTEGER,
    UNIQUE (article_id, id),
    FOREIGN KEY (article_id, speaker_id) REFERENCES article_entities (article_id, entity_id)
);
CREATE INDEX quotes_speaker ON quotes (speaker_id);

CREATE TABLE edges (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    source     TEXT NOT NULL,               -- an entity id
    target     TEXT NOT NULL,               -- an entity id or a quote id
    type       TEXT NOT NULL,
    weight     INTEGER NOT NULL,
    PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;
CREATE INDEX edges_source ON edges (source);
CREATE INDEX edges_target ON edges (target);

CREATE TABLE person_roles (
    entity_id  TEXT NOT NULL,
    title      TEXT NOT NULL,
    of_name    TEXT,
    of_entity  TEXT,
    article_id TEXT NOT NULL,
    published  TEXT,                        -- the article's date, for role history
    FOREIGN KEY (article_id, entity_id) REFERENCES article_entities (article_id, entity_id)
        ON DELETE CASCADE
);
CREATE INDEX person_roles_entity ON person_roles (entity_id, published);
CREATE INDEX person_roles_article ON person_roles (article_id);

-- Full-text search: external-content FTS5 tables kept in sync by triggers.

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, content = 'articles', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    text, content = 'quotes', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.pk, new.text);
END;

CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.pk, old.text);
END;

CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.pk, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.pk, new.text);
END;
