-- Warta store, schema version 10: isus (stories across outlets and days, issue 18; docs/isu.md "In the store").
-- The write path (warta/store/isu.py, called by SQLStore.write_article) files every article into an isu as it is
-- saved: it keeps the article's isu features, posts their terms to an inverted index, finds the articles the
-- new one could be linked to through that index (never loading the whole store), applies the pairwise rule of
-- warta/isu to them, and joins the isus it links to (a merge renames: the isu id is a hash of its first
-- article). The articles stored before this version are filed by `warta.store.isu.fill_isus`, which migrate.py
-- runs after this file, in the same transaction.

-- Each article's isu features (warta.isu.Features.to_dict(), canonical JSON) and its publication day number
-- (NULL when undated). Read for the candidates the index finds, and for an isu's members (its label).
CREATE TABLE isu_features (
    article_id TEXT PRIMARY KEY,
    day        INTEGER,
    features   TEXT NOT NULL
);

-- The inverted index of the candidate search, one row per article and term: `s:` + stem (weight: the stem's
-- weight in the article's unit vector), `p:` + specific place id, `n:` + near-duplicate key (weight 0).
-- The primary key (the table itself: WITHOUT ROWID) serves the cosines of the far "develops" candidates (their
-- stems' weights, by article) and deletes.
CREATE TABLE isu_terms (
    article_id TEXT NOT NULL,
    term       TEXT NOT NULL,
    day        INTEGER,
    weight     REAL NOT NULL,
    PRIMARY KEY (article_id, term)
) WITHOUT ROWID;
-- The postings of one term over a range of days (or undated), with the weight: the near cosine sums, the
-- places of the far window and the near-duplicate key are all read from this index alone.
CREATE INDEX isu_terms_term_day ON isu_terms (term, day, article_id, weight);

-- The isu of each article.
CREATE TABLE article_isu (
    article_id TEXT PRIMARY KEY,
    isu_id     TEXT NOT NULL
);
-- An isu's articles (a merge renames them; its detail and its label read them).
CREATE INDEX article_isu_isu ON article_isu (isu_id, article_id);

-- One row per isu, refreshed when an article joins it: its label, its first article (the pencetus: earliest
-- publication, then smallest id), the first and last publication of its articles (NULL if none is dated) and
-- how many articles it has.
CREATE TABLE isus (
    id            TEXT PRIMARY KEY,
    label         TEXT NOT NULL,
    first_article TEXT NOT NULL,
    first_seen    TEXT,
    last_seen     TEXT,
    articles      INTEGER NOT NULL
);
-- The isu list, newest first (by its last article), and its --since/--until period.
CREATE INDEX isus_newest ON isus (ifnull(last_seen, ''), id);
