-- Warta store, schema version 18: a co-mention is summed under one order of its pair (issue 21), so that the ego
-- network reads each pair of its nodes once. The graph stage writes a co-mention with the smaller id first
-- (warta/stages/graph.py, and identity when it merges); an imported document may not. `edge_stats` now keys a
-- co-mention as (smaller id, larger id) whatever order its `edges` row has, so the edges among the ego network's
-- 100 nodes are 4,950 lookups of (a, b) with a < b instead of 9,900 over both orders, each in another leaf page
-- of a famous entity's 30,000 rows. The directed edges (has_role, part_of) are few: an index of their own reads
-- those leaving the nodes.

DROP TRIGGER edge_stats_insert;
DROP TRIGGER edge_stats_delete;
DROP TRIGGER edge_stats_update;

-- Co-mentions stored in the other order (none through the pipeline) join their pair's row.
INSERT INTO edge_stats (source, target, type, weight, edges)
SELECT target, source, type, weight, edges FROM edge_stats WHERE type = 'co_mentioned' AND source > target
ON CONFLICT (source, target, type) DO UPDATE SET weight = weight + excluded.weight, edges = edges + excluded.edges;
DELETE FROM edge_stats WHERE type = 'co_mentioned' AND source > target;

-- The same triggers as 0004's, with a co-mention's pair in order.
CREATE TRIGGER edge_stats_insert AFTER INSERT ON edges WHEN new.type <> 'said' BEGIN
    INSERT INTO edge_stats (source, target, type, weight, edges)
    VALUES (iif(new.type = 'co_mentioned', min(new.source, new.target), new.source),
            iif(new.type = 'co_mentioned', max(new.source, new.target), new.target), new.type, new.weight, 1)
    ON CONFLICT (source, target, type) DO UPDATE SET weight = weight + excluded.weight, edges = edges + 1;
END;

CREATE TRIGGER edge_stats_delete AFTER DELETE ON edges WHEN old.type <> 'said' BEGIN
    UPDATE edge_stats SET weight = weight - old.weight, edges = edges - 1
    WHERE source = iif(old.type = 'co_mentioned', min(old.source, old.target), old.source)
      AND target = iif(old.type = 'co_mentioned', max(old.source, old.target), old.target) AND type = old.type;
    DELETE FROM edge_stats
    WHERE source = iif(old.type = 'co_mentioned', min(old.source, old.target), old.source)
      AND target = iif(old.type = 'co_mentioned', max(old.source, old.target), old.target) AND type = old.type
      AND edges <= 0;
END;

CREATE TRIGGER edge_stats_update AFTER UPDATE OF source, target, type, weight ON edges BEGIN
    UPDATE edge_stats SET weight = weight - old.weight, edges = edges - 1
    WHERE old.type <> 'said'
      AND source = iif(old.type = 'co_mentioned', min(old.source, old.target), old.source)
      AND target = iif(old.type = 'co_mentioned', max(old.source, old.target), old.target) AND type = old.type;
    DELETE FROM edge_stats
    WHERE source = iif(old.type = 'co_mentioned', min(old.source, old.target), old.source)
      AND target = iif(old.type = 'co_mentioned', max(old.source, old.target), old.target) AND type = old.type
      AND edges <= 0;
    INSERT INTO edge_stats (source, target, type, weight, edges)
    SELECT iif(new.type = 'co_mentioned', min(new.source, new.target), new.source),
           iif(new.type = 'co_mentioned', max(new.source, new.target), new.target), new.type, new.weight, 1
    WHERE new.type <> 'said'
    ON CONFLICT (source, target, type) DO UPDATE SET weight = weight + excluded.weight, edges = edges + 1;
END;

-- The directed edges by their source: those among a set of entities without reading their co-mentions.
CREATE INDEX edge_stats_directed ON edge_stats (source) WHERE type <> 'co_mentioned';
