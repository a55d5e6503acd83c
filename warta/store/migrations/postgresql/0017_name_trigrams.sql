-- Warta store on PostgreSQL, schema version 17: entities found by part of a name through an index of its
-- trigrams (../0017_name_trigrams.sql says why). pg_trgm ships with PostgreSQL (the contrib package) and is a
-- trusted extension: the database's owner may create it. A `LIKE '%…%'` on the keys reads this index;
-- `warta.store.queries._common.name_match` writes it for queries of three characters or more.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX entities_name_keys_trgm ON entities USING gin (name_keys gin_trgm_ops);
