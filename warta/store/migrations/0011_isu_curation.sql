-- Warta store, schema version 11: curation of isus (issue 18; docs/isu.md "Curation"). A curator's decision on
-- an isu (`warta isu merge|split|rename`) is logged in curation_log (action isu-merge, isu-split, isu-rename;
-- `entity` holds the isu id decided on) and kept as a rule on ARTICLES, since isu ids change as articles arrive.
-- warta/store/isu.py reads these rules whenever it files an article (warta.isu.decisions: for a pair of
-- articles the latest decision touching it holds, else the link rule), so they hold in any filing order.

-- Forced links (a merge; a split's articles kept together), stored in both directions: `other_id` is joined to
-- `article_id` by decision `log_seq` (the latest one, when the pair was joined twice).
CREATE TABLE isu_links (
    article_id TEXT NOT NULL,
    other_id   TEXT NOT NULL,
    log_seq    INTEGER NOT NULL REFERENCES curation_log (seq),
    PRIMARY KEY (article_id, other_id)
) WITHOUT ROWID;

-- Fences (a split): the articles decision `log_seq` took out of their isu; no article inside a fence is linked
-- to one outside it, unless by a later decision.
CREATE TABLE isu_fences (
    article_id TEXT NOT NULL,
    log_seq    INTEGER NOT NULL REFERENCES curation_log (seq),
    PRIMARY KEY (article_id, log_seq)
) WITHOUT ROWID;

-- Labels a curator gave (a rename; a split's --label), anchored on an article (the isu's first article at the
-- time): an isu is labelled by the latest decision anchored on one of its articles (the latest per anchor here).
CREATE TABLE isu_labels (
    article_id TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    log_seq    INTEGER NOT NULL REFERENCES curation_log (seq)
) WITHOUT ROWID;
