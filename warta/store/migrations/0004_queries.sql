-- Warta store, schema version 4: what the API and the web app read (warta/store/queries).
-- Newest-first lists order by (ifnull(published, ''), id): undated articles sort last, and the key is a total
-- order for cursor pagination. Per-entity counts are kept in entity_stats by triggers, so that listing
-- entities by mentions does not count millions of mention rows per request.

CREATE INDEX articles_newest ON articles (ifnull(published, ''), id);
CREATE INDEX articles_source_newest ON articles (source, ifnull(published, ''), id);

-- Regions and bodies by Kemendagri code: equality or a range over a code prefix ("35.16" and "35.16.…").
CREATE INDEX entities_region_code ON entities (json_extract(kb, '$.region_code'));

-- Officials of a region (persons whose role is of a body or region there) and the holders of an office.
CREATE INDEX person_roles_of ON person_roles (of_entity, title, entity_id, published, article_id);

-- Quotes newest first, in text order within an article.
CREATE INDEX quotes_article_offset ON quotes (article_id, start_offset);

CREATE TABLE entity_stats (
    entity_id          TEXT PRIMARY KEY,
    mention_count      INTEGER NOT NULL DEFAULT 0,
    article_count      INTEGER NOT NULL DEFAULT 0,   -- articles linking the entity, inferred or not
    mentioned_articles INTEGER NOT NULL DEFAULT 0    -- articles that mention it (not only infer it)
) WITHOUT ROWID;
CREATE INDEX entity_stats_mentions ON entity_stats (mention_count, entity_id);

INSERT INTO entity_stats (entity_id, mention_count, article_count, mentioned_articles)
SELECT ae.entity_id,
       (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = ae.entity_id),
       COUNT(*),
       SUM(1 - ae.inferred)
FROM article_entities ae
GROUP BY ae.entity_id;

CREATE TRIGGER entity_stats_mention_insert AFTER INSERT ON mentions BEGIN
    INSERT INTO entity_stats (entity_id, mention_count) VALUES (new.entity_id, 1)
    ON CONFLICT (entity_id) DO UPDATE SET mention_count = mention_count + 1;
END;

CREATE TRIGGER entity_stats_mention_delete AFTER DELETE ON mentions BEGIN
    UPDATE entity_stats SET mention_count = mention_count - 1 WHERE entity_id = old.entity_id;
END;

CREATE TRIGGER entity_stats_mention_update AFTER UPDATE OF entity_id ON mentions BEGIN
    UPDATE entity_stats SET mention_count = mention_count - 1 WHERE entity_id = old.entity_id;
    INSERT INTO entity_stats (entity_id, mention_count) VALUES (new.entity_id, 1)
    ON CONFLICT (entity_id) DO UPDATE SET mention_count = mention_count + 1;
END;

CREATE TRIGGER entity_stats_link_insert AFTER INSERT ON article_entities BEGIN
    INSERT INTO entity_stats (entity_id, article_count, mentioned_articles) VALUES (new.entity_id, 1, 1 - new.inferred)
    ON CONFLICT (entity_id) DO UPDATE SET
        article_count = article_count + 1, mentioned_articles = mentioned_articles + 1 - new.inferred;
END;

CREATE TRIGGER entity_stats_link_delete AFTER DELETE ON article_entities BEGIN
    UPDATE entity_stats SET article_count = article_count - 1, mentioned_articles = mentioned_articles - 1 + old.inferred
    WHERE entity_id = old.entity_id;
END;

CREATE TRIGGER entity_stats_link_update AFTER UPDATE OF entity_id, inferred ON article_entities BEGIN
    UPDATE entity_stats SET article_count = article_count - 1, mentioned_articles = mentioned_articles - 1 + old.inferred
    WHERE entity_id = old.entity_id;
    INSERT INTO entity_stats (entity_id, article_count, mentioned_articles) VALUES (new.entity_id, 1, 1 - new.inferred)
    ON CONFLICT (entity_id) DO UPDATE SET
        article_count = article_count + 1, mentioned_articles = mentioned_articles + 1 - new.inferred;
END;

CREATE TRIGGER entity_stats_entity_delete AFTER DELETE ON entities BEGIN
    DELETE FROM entity_stats WHERE entity_id = old.id;
END;

-- The stored graph summed over all articles, per (source, target, type): what the graph explorer reads when
-- no period or region narrows it. "said" edges (to quotes) are left out.
CREATE TABLE edge_stats (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    type   TEXT NOT NULL,
    weight INTEGER NOT NULL DEFAULT 0,
    edges  INTEGER NOT NULL DEFAULT 0,          -- edge rows summed (one per article that has the edge)
    PRIMARY KEY (source, target, type)
) WITHOUT ROWID;
CREATE INDEX edge_stats_target ON edge_stats (target);

INSERT INTO edge_stats (source, target, type, weight, edges)
SELECT source, target, type, SUM(weight), COUNT(*) FROM edges WHERE type <> 'said' GROUP BY source, target, type;

CREATE TRIGGER edge_stats_insert AFTER INSERT ON edges WHEN new.type <> 'said' BEGIN
    INSERT INTO edge_stats (source, target, type, weight, edges) VALUES (new.source, new.target, new.type, new.weight, 1)
    ON CONFLICT (source, target, type) DO UPDATE SET weight = weight + excluded.weight, edges = edges + 1;
END;

CREATE TRIGGER edge_stats_delete AFTER DELETE ON edges WHEN old.type <> 'said' BEGIN
    UPDATE edge_stats SET weight = weight - old.weight, edges = edges - 1
    WHERE source = old.source AND target = old.target AND type = old.type;
    DELETE FROM edge_stats WHERE source = old.source AND target = old.target AND type = old.type AND edges <= 0;
END;

CREATE TRIGGER edge_stats_update AFTER UPDATE OF source, target, type, weight ON edges BEGIN
    UPDATE edge_stats SET weight = weight - old.weight, edges = edges - 1
    WHERE old.type <> 'said' AND source = old.source AND target = old.target AND type = old.type;
    DELETE FROM edge_stats WHERE source = old.source AND target = old.target AND type = old.type AND edges <= 0;
    INSERT INTO edge_stats (source, target, type, weight, edges)
    SELECT new.source, new.target, new.type, new.weight, 1 WHERE new.type <> 'said'
    ON CONFLICT (source, target, type) DO UPDATE SET weight = weight + excluded.weight, edges = edges + 1;
END;
