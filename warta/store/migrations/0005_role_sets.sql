-- Warta store, schema version 5: the distinct roles of each person, with how many person_roles rows give
-- each, kept by triggers. Identity resolution on every save reads a person's roles; reading them from
-- person_roles walked one row per article of the person, so saving slowed as the store grew. NULL role
-- parts are stored as '' (they are part of the key).

CREATE TABLE person_role_sets (
    entity_id TEXT NOT NULL,
    title     TEXT NOT NULL,
    of_name   TEXT NOT NULL,
    of_entity TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (entity_id, title, of_name, of_entity)
) WITHOUT ROWID;

INSERT INTO person_role_sets (entity_id, title, of_name, of_entity, n)
SELECT entity_id, title, ifnull(of_name, ''), ifnull(of_entity, ''), COUNT(*)
FROM person_roles
GROUP BY entity_id, title, ifnull(of_name, ''), ifnull(of_entity, '');

CREATE TRIGGER person_role_sets_added AFTER INSERT ON person_roles BEGIN
    INSERT INTO person_role_sets (entity_id, title, of_name, of_entity, n)
    VALUES (new.entity_id, new.title, ifnull(new.of_name, ''), ifnull(new.of_entity, ''), 1)
    ON CONFLICT (entity_id, title, of_name, of_entity) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER person_role_sets_removed AFTER DELETE ON person_roles BEGIN
    UPDATE person_role_sets SET n = n - 1
    WHERE entity_id = old.entity_id AND title = old.title
      AND of_name = ifnull(old.of_name, '') AND of_entity = ifnull(old.of_entity, '');
    DELETE FROM person_role_sets
    WHERE entity_id = old.entity_id AND title = old.title
      AND of_name = ifnull(old.of_name, '') AND of_entity = ifnull(old.of_entity, '') AND n <= 0;
END;

CREATE TRIGGER person_role_sets_changed AFTER UPDATE ON person_roles BEGIN
    UPDATE person_role_sets SET n = n - 1
    WHERE entity_id = old.entity_id AND title = old.title
      AND of_name = ifnull(old.of_name, '') AND of_entity = ifnull(old.of_entity, '');
    DELETE FROM person_role_sets
    WHERE entity_id = old.entity_id AND title = old.title
      AND of_name = ifnull(old.of_name, '') AND of_entity = ifnull(old.of_entity, '') AND n <= 0;
    INSERT INTO person_role_sets (entity_id, title, of_name, of_entity, n)
    VALUES (new.entity_id, new.title, ifnull(new.of_name, ''), ifnull(new.of_entity, ''), 1)
    ON CONFLICT (entity_id, title, of_name, of_entity) DO UPDATE SET n = n + 1;
END;
