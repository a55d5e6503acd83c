-- Warta store, schema version 16: each entity link carries its article's publication stamp (issue 21), so that
-- an entity's articles of a period are one range of an index, not every article of the entity read and tested:
-- on a store of 300,000 articles the entity page of a person named in 15,000 of them read all 15,000 in each of
-- its lists (its articles, co-mentions, timeline, quotes, first and last day). The write path
-- (warta/store/rows.py) sets the stamp with the link; the links stored before this version get theirs here.

ALTER TABLE article_entities ADD COLUMN published TEXT;
UPDATE article_entities SET published = (SELECT a.published FROM articles a WHERE a.id = article_entities.article_id);

-- An entity's links by date (NULL, undated, first), each with its article and whether it is inferred: an entity's
-- articles of a period, newest first, its first and last day, and every use of the index it replaces (an
-- entity's articles, through its first column).
DROP INDEX article_entities_entity;
CREATE INDEX article_entities_entity_dated ON article_entities (entity_id, published, article_id, inferred);

-- A speaker's quotes in the articles of a period (the speaker's dated links give the articles): by speaker, then
-- article, where the index it replaces gave every quote of the speaker to test.
DROP INDEX quotes_speaker;
CREATE INDEX quotes_speaker ON quotes (speaker_id, article_id);

-- The edges into an entity with their weights (its neighbours in the ego network, summed), from the index alone:
-- a famous person is the target of 30,000 edges, each read from the table before.
DROP INDEX edge_stats_target;
CREATE INDEX edge_stats_target ON edge_stats (target, weight);
