-- Warta store on PostgreSQL, schema version 4: what the API and the web app read (../0004_queries.sql).
-- The same indexes, and the same per-entity and per-edge counts kept by triggers.

CREATE INDEX articles_newest ON articles (ifnull(published, ''), id);
CREATE INDEX articles_source_newest ON articles (source, ifnull(published, ''), id);
CREATE INDEX entities_region_code ON entities (json_extract(kb, '$.region_code'));
CREATE INDEX person_roles_of ON person_roles (of_entity, title, entity_id, published, article_id);
CREATE INDEX quotes_article_offset ON quotes (article_id, start_offset);

CREATE TABLE entity_stats (
    entity_id          text COLLATE "C" PRIMARY KEY,
    mention_count      integer NOT NULL DEFAULT 0,
    article_count      integer NOT NULL DEFAULT 0,   -- articles linking the entity, inferred or not
    mentioned_articles integer NOT NULL DEFAULT 0    -- articles that mention it (not only infer it)
);
CREATE INDEX entity_stats_mentions ON entity_stats (mention_count, entity_id);

INSERT INTO entity_stats (entity_id, mention_count, article_count, mentioned_articles)
SELECT ae.entity_id,
       (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = ae.entity_id),
       COUNT(*),
       SUM(1 - ae.inferred)
FROM article_entities ae
GROUP BY ae.entity_id;

-- The counts follow inserts and deletes per statement (a statement's rows counted together: a multi-row
-- insert updates each entity's counts once), and updates per row.
CREATE FUNCTION entity_stats_mentions_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entity_stats AS s (entity_id, mention_count)
    SELECT entity_id, COUNT(*) FROM added GROUP BY entity_id
    ON CONFLICT (entity_id) DO UPDATE SET mention_count = s.mention_count + excluded.mention_count;
    RETURN NULL;
END
$$;

CREATE FUNCTION entity_stats_mentions_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entity_stats s SET mention_count = s.mention_count - r.n
    FROM (SELECT entity_id, COUNT(*) AS n FROM removed GROUP BY entity_id) r WHERE s.entity_id = r.entity_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION entity_stats_mention_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entity_stats SET mention_count = mention_count - 1 WHERE entity_id = OLD.entity_id;
    INSERT INTO entity_stats AS s (entity_id, mention_count) VALUES (NEW.entity_id, 1)
    ON CONFLICT (entity_id) DO UPDATE SET mention_count = s.mention_count + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER entity_stats_mentions_added AFTER INSERT ON mentions
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION entity_stats_mentions_added();
CREATE TRIGGER entity_stats_mentions_removed AFTER DELETE ON mentions
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION entity_stats_mentions_removed();
CREATE TRIGGER entity_stats_mention_moved AFTER UPDATE OF entity_id ON mentions
    FOR EACH ROW EXECUTE FUNCTION entity_stats_mention_moved();

CREATE FUNCTION entity_stats_links_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entity_stats AS s (entity_id, article_count, mentioned_articles)
    SELECT entity_id, COUNT(*), SUM(1 - inferred) FROM added GROUP BY entity_id
    ON CONFLICT (entity_id) DO UPDATE SET article_count = s.article_count + excluded.article_count,
                                          mentioned_articles = s.mentioned_articles + excluded.mentioned_articles;
    RETURN NULL;
END
$$;

CREATE FUNCTION entity_stats_links_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entity_stats s SET article_count = s.article_count - r.n, mentioned_articles = s.mentioned_articles - r.m
    FROM (SELECT entity_id, COUNT(*) AS n, SUM(1 - inferred) AS m FROM removed GROUP BY entity_id) r
    WHERE s.entity_id = r.entity_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION entity_stats_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entity_stats SET article_count = article_count - 1, mentioned_articles = mentioned_articles - 1 + OLD.inferred
    WHERE entity_id = OLD.entity_id;
    INSERT INTO entity_stats AS s (entity_id, article_count, mentioned_articles) VALUES (NEW.entity_id, 1, 1 - NEW.inferred)
    ON CONFLICT (entity_id) DO UPDATE SET article_count = s.article_count + 1,
                                          mentioned_articles = s.mentioned_articles + 1 - NEW.inferred;
    RETURN NULL;
END
$$;

CREATE TRIGGER entity_stats_links_added AFTER INSERT ON article_entities
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION entity_stats_links_added();
CREATE TRIGGER entity_stats_links_removed AFTER DELETE ON article_entities
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION entity_stats_links_removed();
CREATE TRIGGER entity_stats_link_changed AFTER UPDATE OF entity_id, inferred ON article_entities
    FOR EACH ROW EXECUTE FUNCTION entity_stats_link_changed();

CREATE FUNCTION entity_stats_entity_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM entity_stats WHERE entity_id = OLD.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER entity_stats_entity_delete AFTER DELETE ON entities
    FOR EACH ROW EXECUTE FUNCTION entity_stats_entity_delete();

-- The stored graph summed over all articles, per (source, target, type), "said" edges left out.
CREATE TABLE edge_stats (
    source text COLLATE "C" NOT NULL,
    target text COLLATE "C" NOT NULL,
    type   text COLLATE "C" NOT NULL,
    weight integer NOT NULL DEFAULT 0,
    edges  integer NOT NULL DEFAULT 0,          -- edge rows summed (one per article that has the edge)
    PRIMARY KEY (source, target, type)
);
CREATE INDEX edge_stats_target ON edge_stats (target);

INSERT INTO edge_stats (source, target, type, weight, edges)
SELECT source, target, type, SUM(weight), COUNT(*) FROM edges WHERE type <> 'said' GROUP BY source, target, type;

CREATE FUNCTION edge_stats_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO edge_stats AS s (source, target, type, weight, edges)
    SELECT source, target, type, SUM(weight), COUNT(*) FROM added WHERE type <> 'said' GROUP BY source, target, type
    ON CONFLICT (source, target, type) DO UPDATE SET weight = s.weight + excluded.weight, edges = s.edges + excluded.edges;
    RETURN NULL;
END
$$;

CREATE FUNCTION edge_stats_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE edge_stats s SET weight = s.weight - r.weight, edges = s.edges - r.n
    FROM (SELECT source, target, type, SUM(weight) AS weight, COUNT(*) AS n FROM removed WHERE type <> 'said'
          GROUP BY source, target, type) r
    WHERE s.source = r.source AND s.target = r.target AND s.type = r.type;
    DELETE FROM edge_stats s USING (SELECT DISTINCT source, target, type FROM removed WHERE type <> 'said') r
    WHERE s.source = r.source AND s.target = r.target AND s.type = r.type AND s.edges <= 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION edge_stats_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.type <> 'said' THEN
        UPDATE edge_stats SET weight = weight - OLD.weight, edges = edges - 1
        WHERE source = OLD.source AND target = OLD.target AND type = OLD.type;
        DELETE FROM edge_stats WHERE source = OLD.source AND target = OLD.target AND type = OLD.type AND edges <= 0;
    END IF;
    IF NEW.type <> 'said' THEN
        INSERT INTO edge_stats AS s (source, target, type, weight, edges) VALUES (NEW.source, NEW.target, NEW.type, NEW.weight, 1)
        ON CONFLICT (source, target, type) DO UPDATE SET weight = s.weight + excluded.weight, edges = s.edges + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER edge_stats_added AFTER INSERT ON edges
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION edge_stats_added();
CREATE TRIGGER edge_stats_removed AFTER DELETE ON edges
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION edge_stats_removed();
CREATE TRIGGER edge_stats_changed AFTER UPDATE OF source, target, type, weight ON edges
    FOR EACH ROW EXECUTE FUNCTION edge_stats_changed();
