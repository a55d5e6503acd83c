-- Warta store on PostgreSQL, schema version 10: isus (../0010_isu.sql). Weights are double precision, as
-- SQLite's REAL.

CREATE TABLE isu_features (
    article_id text COLLATE "C" PRIMARY KEY,
    day        integer,
    features   text NOT NULL
);

CREATE TABLE isu_terms (
    article_id text COLLATE "C" NOT NULL,
    term       text COLLATE "C" NOT NULL,
    day        integer,
    weight     double precision NOT NULL,
    PRIMARY KEY (article_id, term)
);
CREATE INDEX isu_terms_term_day ON isu_terms (term, day, article_id, weight);

CREATE TABLE article_isu (
    article_id text COLLATE "C" PRIMARY KEY,
    isu_id     text COLLATE "C" NOT NULL
);
CREATE INDEX article_isu_isu ON article_isu (isu_id, article_id);

CREATE TABLE isus (
    id            text COLLATE "C" PRIMARY KEY,
    label         text NOT NULL,
    first_article text COLLATE "C" NOT NULL,
    first_seen    text COLLATE "C",
    last_seen     text COLLATE "C",
    articles      integer NOT NULL
);
CREATE INDEX isus_newest ON isus (ifnull(last_seen, ''), id);
