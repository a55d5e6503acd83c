-- Warta store, schema version 13: a region dashboard's officials (issue 19; docs/performance.md "Pages at
-- 100,000 articles"). `warta.store.queries.regions` groups the roles held in the region's bodies by person,
-- title and body name with each group's latest date: this index answers that from the region's bodies alone
-- (a covering read of their person_roles rows, no table look-ups).

CREATE INDEX person_roles_of_holder ON person_roles (of_entity, entity_id, title, of_name, published);
