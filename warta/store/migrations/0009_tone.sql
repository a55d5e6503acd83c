-- Warta store, schema version 9: tone (issue 18). The tone label (positif, negatif, netral) and score (-1.0 to
-- 1.0) of each article, of each quote, and of each article toward each entity it names (with the number of
-- sentences and quotes that judgement rests on); NULL where the document carries no tone (an article processed
-- without the tone stage, an inferred entity). The write path (warta/store/rows.py) sets them from the article;
-- the articles stored before this version get theirs from their documents (`warta.store.backfill.fill_tone`, which
-- migrate.py runs after this file, in the same transaction).

ALTER TABLE articles ADD COLUMN tone_label TEXT;
ALTER TABLE articles ADD COLUMN tone_score REAL;
ALTER TABLE quotes ADD COLUMN tone_label TEXT;
ALTER TABLE quotes ADD COLUMN tone_score REAL;
ALTER TABLE article_entities ADD COLUMN tone_label TEXT;
ALTER TABLE article_entities ADD COLUMN tone_score REAL;
ALTER TABLE article_entities ADD COLUMN tone_evidence INTEGER;

-- The articles with a tone toward an entity (tone over time toward it, its tone split, the entity list's
-- `tone` filter: an entity with at least one article of that tone toward it).
CREATE INDEX article_entities_tone ON article_entities (entity_id, tone_label, article_id);
-- The article list filtered by tone, newest first (as articles_newest, within one label).
CREATE INDEX articles_tone_newest ON articles (tone_label, ifnull(published, ''), id);
