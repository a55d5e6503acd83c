-- Warta store on PostgreSQL, schema version 8: entity names folded once, on write (../0008_name_keys.sql).

ALTER TABLE entities ADD COLUMN name_keys text COLLATE "C" NOT NULL DEFAULT '';
-- Names are folded by Python now (warta.store.names), the same on both stores: the SQL approximation goes.
DROP FUNCTION warta_fold(text);
