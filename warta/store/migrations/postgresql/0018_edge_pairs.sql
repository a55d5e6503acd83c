-- Warta store on PostgreSQL, schema version 18: a co-mention is summed under one order of its pair, the smaller
-- id first (../0018_edge_pairs.sql says why). The columns sort by "C", as Python and SQLite compare the ids.

INSERT INTO edge_stats AS s (source, target, type, weight, edges)
SELECT target, source, type, weight, edges FROM edge_stats WHERE type = 'co_mentioned' AND source > target
ON CONFLICT (source, target, type) DO UPDATE SET weight = s.weight + excluded.weight, edges = s.edges + excluded.edges;
DELETE FROM edge_stats WHERE type = 'co_mentioned' AND source > target;

CREATE OR REPLACE FUNCTION edge_stats_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO edge_stats AS s (source, target, type, weight, edges)
    SELECT CASE WHEN type = 'co_mentioned' THEN LEAST(source, target COLLATE "C") ELSE source END,
           CASE WHEN type = 'co_mentioned' THEN GREATEST(source, target COLLATE "C") ELSE target END, type, SUM(weight), COUNT(*)
    FROM added WHERE type <> 'said' GROUP BY 1, 2, 3
    ON CONFLICT (source, target, type) DO UPDATE SET weight = s.weight + excluded.weight, edges = s.edges + excluded.edges;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION edge_stats_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE edge_stats s SET weight = s.weight - r.weight, edges = s.edges - r.n
    FROM (SELECT CASE WHEN type = 'co_mentioned' THEN LEAST(source, target COLLATE "C") ELSE source END AS source,
                 CASE WHEN type = 'co_mentioned' THEN GREATEST(source, target COLLATE "C") ELSE target END AS target,
                 type, SUM(weight) AS weight, COUNT(*) AS n
          FROM removed WHERE type <> 'said' GROUP BY 1, 2, 3) r
    WHERE s.source = r.source AND s.target = r.target AND s.type = r.type;
    DELETE FROM edge_stats s USING (
        SELECT DISTINCT CASE WHEN type = 'co_mentioned' THEN LEAST(source, target COLLATE "C") ELSE source END AS source,
                        CASE WHEN type = 'co_mentioned' THEN GREATEST(source, target COLLATE "C") ELSE target END AS target, type
        FROM removed WHERE type <> 'said') r
    WHERE s.source = r.source AND s.target = r.target AND s.type = r.type AND s.edges <= 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION edge_stats_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pair text[];
BEGIN
    IF OLD.type <> 'said' THEN
        pair := CASE WHEN OLD.type = 'co_mentioned' AND OLD.target < OLD.source COLLATE "C"
                     THEN ARRAY[OLD.target, OLD.source] ELSE ARRAY[OLD.source, OLD.target] END;
        UPDATE edge_stats SET weight = weight - OLD.weight, edges = edges - 1
        WHERE source = pair[1] AND target = pair[2] AND type = OLD.type;
        DELETE FROM edge_stats WHERE source = pair[1] AND target = pair[2] AND type = OLD.type AND edges <= 0;
    END IF;
    IF NEW.type <> 'said' THEN
        pair := CASE WHEN NEW.type = 'co_mentioned' AND NEW.target < NEW.source COLLATE "C"
                     THEN ARRAY[NEW.target, NEW.source] ELSE ARRAY[NEW.source, NEW.target] END;
        INSERT INTO edge_stats AS s (source, target, type, weight, edges) VALUES (pair[1], pair[2], NEW.type, NEW.weight, 1)
        ON CONFLICT (source, target, type) DO UPDATE SET weight = s.weight + excluded.weight, edges = s.edges + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE INDEX edge_stats_directed ON edge_stats (source) WHERE type <> 'co_mentioned';
