-- Warta store, schema version 12: each article's category (issue 18; docs/category.md), one of politik,
-- pemerintahan, ekonomi, hukum/kriminal, bencana, kesehatan, pendidikan, infrastruktur, olahraga, hiburan,
-- teknologi, lainnya; NULL where the document has none (an article processed without the category stage). The
-- write path (warta/store/rows.py) sets it from the article; the articles stored before this version get theirs
-- from their documents here (`article.category`), in SQL alone: no data step.

ALTER TABLE articles ADD COLUMN category TEXT;
UPDATE articles SET category = json_extract(document, '$.article.category')
WHERE instr(document, '"category"') > 0;

-- The article list filtered by category, newest first (as articles_newest, within one category); the isu list's
-- category filter reaches the articles of each isu through article_isu_isu and the articles' primary key.
CREATE INDEX articles_category_newest ON articles (category, ifnull(published, ''), id);
