-- Warta store on PostgreSQL, schema version 16: each entity link carries its article's publication stamp
-- (../0016_link_dates.sql).

ALTER TABLE article_entities ADD COLUMN published text COLLATE "C";
UPDATE article_entities ae SET published = a.published FROM articles a WHERE a.id = ae.article_id;

DROP INDEX article_entities_entity;
CREATE INDEX article_entities_entity_dated ON article_entities (entity_id, published, article_id, inferred);

DROP INDEX quotes_speaker;
CREATE INDEX quotes_speaker ON quotes (speaker_id, article_id);

DROP INDEX edge_stats_target;
CREATE INDEX edge_stats_target ON edge_stats (target, weight, source, type);
