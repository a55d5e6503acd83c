-- Warta store, schema version 8: entity-name matching on keys folded once, on write.
-- `name_keys` is the folded name (warta.ids.normalize_key), then each folded alias, each after U+001F, which
-- folding never outputs (warta/store/names.py). Every write of an entity's name or aliases sets it; the
-- entities stored before this version get theirs from `warta.store.names.fill_name_keys`, which migrate.py
-- runs after this file, in the same transaction.

ALTER TABLE entities ADD COLUMN name_keys TEXT NOT NULL DEFAULT '';
