-- Warta store on PostgreSQL, schema version 5: the distinct roles of each person (../0005_role_sets.sql),
-- kept by statement triggers on insert and delete and a row trigger on update.

CREATE TABLE person_role_sets (
    entity_id text COLLATE "C" NOT NULL,
    title     text COLLATE "C" NOT NULL,
    of_name   text COLLATE "C" NOT NULL,
    of_entity text COLLATE "C" NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (entity_id, title, of_name, of_entity)
);

INSERT INTO person_role_sets (entity_id, title, of_name, of_entity, n)
SELECT entity_id, title, ifnull(of_name, ''), ifnull(of_entity, ''), COUNT(*)
FROM person_roles
GROUP BY entity_id, title, ifnull(of_name, ''), ifnull(of_entity, '');

CREATE FUNCTION person_role_sets_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_role_sets AS s (entity_id, title, of_name, of_entity, n)
    SELECT entity_id, title, ifnull(of_name, ''), ifnull(of_entity, ''), COUNT(*) FROM added
    GROUP BY entity_id, title, ifnull(of_name, ''), ifnull(of_entity, '')
    ON CONFLICT (entity_id, title, of_name, of_entity) DO UPDATE SET n = s.n + excluded.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION person_role_sets_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE person_role_sets s SET n = s.n - r.n
    FROM (SELECT entity_id, title, ifnull(of_name, '') AS of_name, ifnull(of_entity, '') AS of_entity,
                 COUNT(*) AS n
          FROM removed GROUP BY 1, 2, 3, 4) r
    WHERE s.entity_id = r.entity_id AND s.title = r.title AND s.of_name = r.of_name AND s.of_entity = r.of_entity;
    DELETE FROM person_role_sets s USING (SELECT DISTINCT entity_id FROM removed) r
    WHERE s.entity_id = r.entity_id AND s.n <= 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION person_role_sets_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE person_role_sets SET n = n - 1
    WHERE entity_id = OLD.entity_id AND title = OLD.title
      AND of_name = ifnull(OLD.of_name, '') AND of_entity = ifnull(OLD.of_entity, '');
    DELETE FROM person_role_sets WHERE entity_id = OLD.entity_id AND n <= 0;
    INSERT INTO person_role_sets AS s (entity_id, title, of_name, of_entity, n)
    VALUES (NEW.entity_id, NEW.title, ifnull(NEW.of_name, ''), ifnull(NEW.of_entity, ''), 1)
    ON CONFLICT (entity_id, title, of_name, of_entity) DO UPDATE SET n = s.n + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER person_role_sets_added AFTER INSERT ON person_roles
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION person_role_sets_added();
CREATE TRIGGER person_role_sets_removed AFTER DELETE ON person_roles
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION person_role_sets_removed();
CREATE TRIGGER person_role_sets_changed AFTER UPDATE ON person_roles
    FOR EACH ROW EXECUTE FUNCTION person_role_sets_changed();
