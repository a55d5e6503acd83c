-- Warta store on PostgreSQL, schema version 13: a region dashboard's officials (../0013_region_officials.sql).

CREATE INDEX person_roles_of_holder ON person_roles (of_entity, entity_id, title, of_name, published);
