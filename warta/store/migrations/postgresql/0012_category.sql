-- Warta store on PostgreSQL, schema version 12: each article's category (../0012_category.sql), filled from the
-- stored documents through the json_extract function of 0001_init.sql.

ALTER TABLE articles ADD COLUMN category text COLLATE "C";
UPDATE articles SET category = json_extract(document, '$.article.category')
WHERE instr(document, '"category"') > 0;

CREATE INDEX articles_category_newest ON articles (category, ifnull(published, ''), id);
