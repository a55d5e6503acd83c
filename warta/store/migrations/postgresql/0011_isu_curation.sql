-- Warta store on PostgreSQL, schema version 11: curation of isus (../0011_isu_curation.sql).

CREATE TABLE isu_links (
    article_id text COLLATE "C" NOT NULL,
    other_id   text COLLATE "C" NOT NULL,
    log_seq    bigint NOT NULL REFERENCES curation_log (seq),
    PRIMARY KEY (article_id, other_id)
);

CREATE TABLE isu_fences (
    article_id text COLLATE "C" NOT NULL,
    log_seq    bigint NOT NULL REFERENCES curation_log (seq),
    PRIMARY KEY (article_id, log_seq)
);

CREATE TABLE isu_labels (
    article_id text COLLATE "C" PRIMARY KEY,
    label      text NOT NULL,
    log_seq    bigint NOT NULL REFERENCES curation_log (seq)
);
