-- Warta store, schema version 17: entities found by part of a name through an index of its trigrams (issue 21).
-- Matching an entity by name (search, the entity list's `q`, a quote's speaker) tests whether the folded query
-- lies in `entities.name_keys` (migration 0008): one `instr` per stored entity, 17 ms at 90,000 entities and
-- growing with them (a million articles name about 390,000). FTS5's trigram tokenizer indexes every three
-- characters of the keys, so a query of three characters or more reads only the entities holding its trigrams
-- in a row (the query as one phrase); `warta.store.queries._common.name_match` still applies the `instr` test to
-- them, so the index only narrows, and shorter queries keep the scan.
--
-- `entities` has no rowid (WITHOUT ROWID), which an FTS5 row needs: `entity_keys_rows` gives each entity one.
-- The FTS5 table is contentless (the keys are in `entities`); the triggers remove a row's old keys with FTS5's
-- 'delete' command, which needs them, and fire on a change of `name_keys` only (an entity is upserted with every
-- article naming it, mostly unchanged).

CREATE TABLE entity_keys_rows (
    rowid     INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE entity_keys_fts USING fts5 (name_keys, tokenize = 'trigram', content = '');

CREATE TRIGGER entity_keys_insert AFTER INSERT ON entities BEGIN
    INSERT INTO entity_keys_rows (entity_id) VALUES (new.id);
    INSERT INTO entity_keys_fts (rowid, name_keys)
    VALUES ((SELECT rowid FROM entity_keys_rows WHERE entity_id = new.id), new.name_keys);
END;

CREATE TRIGGER entity_keys_update AFTER UPDATE OF name_keys ON entities
WHEN old.name_keys IS NOT new.name_keys BEGIN
    INSERT INTO entity_keys_fts (entity_keys_fts, rowid, name_keys)
    VALUES ('delete', (SELECT rowid FROM entity_keys_rows WHERE entity_id = old.id), old.name_keys);
    INSERT INTO entity_keys_fts (rowid, name_keys)
    VALUES ((SELECT rowid FROM entity_keys_rows WHERE entity_id = new.id), new.name_keys);
END;

CREATE TRIGGER entity_keys_delete AFTER DELETE ON entities BEGIN
    INSERT INTO entity_keys_fts (entity_keys_fts, rowid, name_keys)
    VALUES ('delete', (SELECT rowid FROM entity_keys_rows WHERE entity_id = old.id), old.name_keys);
    DELETE FROM entity_keys_rows WHERE entity_id = old.id;
END;

-- The entities stored before this version.
INSERT INTO entity_keys_rows (entity_id) SELECT id FROM entities ORDER BY id;
INSERT INTO entity_keys_fts (rowid, name_keys)
SELECT r.rowid, e.name_keys FROM entity_keys_rows r JOIN entities e ON e.id = r.entity_id;
