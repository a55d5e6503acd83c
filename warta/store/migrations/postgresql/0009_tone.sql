-- Warta store on PostgreSQL, schema version 9: tone of articles, quotes and entities in articles
-- (../0009_tone.sql). Scores are double precision, as SQLite's REAL.

ALTER TABLE articles ADD COLUMN tone_label text COLLATE "C";
ALTER TABLE articles ADD COLUMN tone_score double precision;
ALTER TABLE quotes ADD COLUMN tone_label text COLLATE "C";
ALTER TABLE quotes ADD COLUMN tone_score double precision;
ALTER TABLE article_entities ADD COLUMN tone_label text COLLATE "C";
ALTER TABLE article_entities ADD COLUMN tone_score double precision;
ALTER TABLE article_entities ADD COLUMN tone_evidence integer;

CREATE INDEX article_entities_tone ON article_entities (entity_id, tone_label, article_id);
CREATE INDEX articles_tone_newest ON articles (tone_label, ifnull(published, ''), id);
