"""Isus in the store: each saved article filed into an isu inside the write path (`SQLStore.write_article`).

The rule and the label are `warta.isu`'s; this module keeps their state in SQL (migration 0010). An article's
features (`isu_features`) and its terms (`isu_terms`: stems with their weights, specific places, the
near-duplicate key) are stored; a new article's candidates are found through the term index, every article
`warta.isu.Clusterer.links` would link it to: articles within the rule's near window sharing a stem, whose
summed weights (the cosine) reach the rule's lowest threshold, articles within the far window sharing a
specific place whose cosine (summed the same way) reaches the far rule's lowest threshold (`Rule.far_floor`;
the clusterer tests those below it too, and links none of them), and articles with the same near-duplicate
key. Only those candidates' features are loaded, and `warta.isu.linked` decides each pair. The isus the article
links to merge into one, named after its first article (`warta.isu.isu_id`), so a merge renames the merged isus'
rows.

Every link is found when the later of its two articles is filed, so after any order the isus are the connected
components of the whole link graph: the same articles give the same isus. Saving an article whose features are
unchanged changes nothing; one whose features changed (saved again after a curation decision) leaves its isu,
whose other articles are clustered again among themselves (an isu can split), then is filed anew.

Curators' decisions on isus (`warta.store.isu_curation`, migration 0011) are rules on articles, read here each
time an article is filed or an isu is clustered again: forced links and fences (`warta.isu.Decisions`), and
label overrides. `fill_isus`, migration 0010's data step, runs before those tables exist: it files uncurated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from warta.document import from_document
from warta.isu import DEFAULT_RULE, Clusterer, Decisions, Features, Rule, features, isu_id, label, linked
from warta.isu.decisions import NONE
from warta.isu.label import SAMPLE, sample
from warta.model import Article
from warta.store.isu_scan import COMMON, SLACK, similar

if TYPE_CHECKING:
    from warta.store.connection import Connection

CHUNK = 500  # ids per IN (…) list
PARSED = 4096  # stored features kept parsed: about the near window's articles and the active isus' samples


def assign(conn: Connection, article: Article, rule: Rule = DEFAULT_RULE, curated: bool = True) -> str:
    """File a (canonical) article into its isu inside the caller's transaction; returns the isu id. The
    near-duplicate key is left out: the crawler's groups depend on the order pages were crawled in."""
    return file(conn, features(article), rule, curated)


def file(conn: Connection, item: Features, rule: Rule = DEFAULT_RULE, curated: bool = True) -> str:
    """File an article's features (a no-op when they are stored unchanged); returns its isu id. `curated`:
    apply the curators' decisions (False only before migration 0011)."""
    data = _json(item)
    stored = conn.execute("SELECT features FROM isu_features WHERE article_id = ?", (item.article,)).fetchone()
    if stored is not None:
        if stored[0] == data:
            return str(
                conn.execute("SELECT isu_id FROM article_isu WHERE article_id = ?", (item.article,)).fetchone()[0]
            )
        _detach(conn, item.article, rule, curated)
    olds = _linked_isus(conn, item, rule, curated)
    _remember(conn, item, data)
    return _join(conn, item, olds, curated) if olds else _write_isu(conn, [item], [], [item], curated)


def _linked_isus(conn: Connection, item: Features, rule: Rule, curated: bool) -> list[str]:
    """The isus of the filed articles `item` links to, sorted. An isu counts once one of its candidates links,
    and a candidate within the near window whose summed shared weights reach the rule's `strong` cosine (or
    sharing the near-duplicate key) links for certain, so most candidates' features are never loaded. With a
    curator's decision on the article or a candidate, every candidate is decided, then the decisions apply."""
    scores = _scores(conn, item, rule)
    ids = sorted(scores)
    if curated and decisions(conn, [item.article, *ids]):
        peers = [other.article for other in load(conn, ids) if linked(item, other, rule)]
        return sorted(set(_isus_of(conn, _curated(conn, item.article, peers))))
    isu_of = {
        str(article): str(isu)
        for article, isu in select_in(conn, "SELECT article_id, isu_id FROM article_isu WHERE article_id IN ({})", ids)
    }
    found = {isu for article, isu in isu_of.items() if scores[article] >= rule.strong + SLACK}
    for other in load(conn, sorted(a for a, isu in isu_of.items() if isu not in found)):
        if isu_of[other.article] not in found and linked(item, other, rule):
            found.add(isu_of[other.article])
    return sorted(found)


def _curated(conn: Connection, article: str, by_rule: Sequence[str]) -> list[str]:
    """The articles `article` is linked to once the curators' decisions force or cut links (those the rule
    links it to: `by_rule`)."""
    rules = decisions(conn, [article, *by_rule])
    if not rules:
        return list(by_rule)
    forced = [other for other in rules.peers(article) if other not in by_rule]
    if forced:  # their fences too
        rules = decisions(conn, [article, *by_rule, *forced])
    return [other for other in sorted({*by_rule, *forced}) if rules.allows(article, other, other in by_rule)]


def decisions(conn: Connection, article_ids: Sequence[str]) -> Decisions:
    """The curators' decisions on these articles: the forced links from them and the fences around them."""
    links: dict[str, dict[str, int]] = {}
    fences: dict[str, set[int]] = {}
    sql = "SELECT article_id, other_id, log_seq FROM isu_links WHERE article_id IN ({})"
    for article, other, seq in select_in(conn, sql, article_ids):
        links.setdefault(str(article), {})[str(other)] = int(seq)
    sql = "SELECT article_id, log_seq FROM isu_fences WHERE article_id IN ({})"
    for article, seq in select_in(conn, sql, article_ids):
        fences.setdefault(str(article), set()).add(int(seq))
    return Decisions(links, {article: frozenset(seqs) for article, seqs in fences.items()})


def regroup(conn: Connection, isus: Sequence[str], rule: Rule = DEFAULT_RULE, curated: bool = True) -> list[str]:
    """Cluster the articles of these isus again among themselves, after a decision that can only change links
    among them (or when one of their articles left); returns the ids of the isus they now form."""
    members = _members(conn, isus)
    rules = decisions(conn, [m.article for m in members]) if curated else NONE
    clusterer = Clusterer(rule, members, rules)
    groups = [clusterer.members(isu) for isu in clusterer.isus()]
    conn.executemany("DELETE FROM isus WHERE id = ?", [(old,) for old in isus])
    return [_write_isu(conn, group, [], group, curated) for group in groups]


def candidates(conn: Connection, item: Features, rule: Rule = DEFAULT_RULE) -> list[Features]:
    """The filed articles the rule could link `item` to, found through the term index (every one that
    `warta.isu.Clusterer` links it to), sorted by article id."""
    return load(conn, sorted(_scores(conn, item, rule)))


def _scores(conn: Connection, item: Features, rule: Rule) -> dict[str, float]:
    """The candidates' ids (`candidates`), each with a score that is its cosine with `item` when it is within
    the near window, and below the rule's `strong` cosine otherwise (1.0 for a near-duplicate: a certain link)."""
    scores = similar(conn, item, rule)
    if item.neardup is not None:
        rows = conn.execute("SELECT article_id FROM isu_terms WHERE term = ?", (f"n:{item.neardup}",))
        scores.update((str(row[0]), 1.0) for row in rows)
    scores.pop(item.article, None)
    return scores


def load(conn: Connection, article_ids: Sequence[str]) -> list[Features]:
    """The stored features of these articles, in the order given (missing ones left out)."""
    found: dict[str, Features] = {}
    for (text,) in select_in(conn, "SELECT features FROM isu_features WHERE article_id IN ({})", article_ids):
        item = parsed(text)
        found[item.article] = item
    return [found[a] for a in article_ids if a in found]


@lru_cache(maxsize=PARSED)
def parsed(text: str) -> Features:
    """The features stored as `text` (a pure function of the text, so a cache of it never goes stale: a
    candidate or a label sample is read again by the articles filed after it)."""
    return Features.from_dict(json.loads(text))


def select_in(conn: Connection, sql: str, ids: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """The rows of `sql` (whose `{}` stands for the ids' placeholders), run on `CHUNK` ids at a time."""
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        yield from conn.execute(sql.format(_marks(chunk)), chunk)


def _remember(conn: Connection, item: Features, data: str) -> None:
    """Store the article's features and post its terms."""
    conn.execute(
        "INSERT INTO isu_features (article_id, day, features) VALUES (?, ?, ?)", (item.article, item.day, data)
    )
    terms = [(item.article, f"s:{stem}", item.day, weight) for stem, weight in item.stems]
    terms += [(item.article, f"p:{place}", item.day, 0.0) for place in sorted(item.places)]
    if item.neardup is not None:
        terms.append((item.article, f"n:{item.neardup}", item.day, 0.0))
    conn.executemany("INSERT INTO isu_terms (article_id, term, day, weight) VALUES (?, ?, ?, ?)", terms)
    COMMON.add(stem for stem, _ in item.stems)


def _detach(conn: Connection, article_id: str, rule: Rule, curated: bool) -> None:
    """Take an article out of its isu; the isu's other articles are clustered again among themselves (they
    link to no article outside it, so their components are the new isus)."""
    row = conn.execute("SELECT isu_id FROM article_isu WHERE article_id = ?", (article_id,)).fetchone()
    for table in ("isu_terms", "isu_features", "article_isu"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))  # fixed identifiers
    if row is not None:
        regroup(conn, [str(row[0])], rule, curated)


def _isus_of(conn: Connection, article_ids: Sequence[str]) -> list[str]:
    if not article_ids:
        return []
    rows = conn.execute(
        f"SELECT DISTINCT isu_id FROM article_isu WHERE article_id IN ({_marks(article_ids)})", article_ids
    )
    return [str(row[0]) for row in rows]


def _members(conn: Connection, isus: Sequence[str]) -> list[Features]:
    """The features of the articles of these isus."""
    if not isus:
        return []
    rows = conn.execute(
        f"SELECT f.features FROM article_isu i JOIN isu_features f ON f.article_id = i.article_id "
        f"WHERE i.isu_id IN ({_marks(isus)}) ORDER BY f.article_id",
        list(isus),
    )
    return [parsed(text) for (text,) in rows]


def _join(conn: Connection, item: Features, olds: Sequence[str], curated: bool) -> str:
    """File the new article `item` into the isu that the isus `olds` and it merge into. Reads the isus' rows,
    their first articles and their label samples (`warta.isu.label.sample`), never all their articles, so
    filing into a large isu costs what filing into a small one does."""
    rows = conn.execute(
        f"SELECT id, first_article, first_seen, last_seen, articles, label FROM isus WHERE id IN ({_marks(olds)})",
        list(olds),
    ).fetchall()
    samples = [_sample_ids(conn, str(row[0])) for row in rows]
    first = min([item, *load(conn, sorted({str(row[1]) for row in rows}))], key=lambda f: f.order)
    new = isu_id(first)
    _rename(conn, olds, new)
    conn.execute("INSERT INTO article_isu (article_id, isu_id) VALUES (?, ?)", (item.article, new))
    dates = sorted(
        [str(d) for row in rows for d in (row[2], row[3]) if d] + ([item.published] if item.published else [])
    )
    if curated and (anchored := _anchored_label(conn, new)):
        name = anchored
    elif len(rows) == 1 and len(samples[0]) == SAMPLE and item.article > samples[0][-1] and rows[0][5]:
        name = str(rows[0][5])  # outside a full isu's sample: the sample, so the label, is unchanged
    else:
        name = label(sample([item, *load(conn, sorted({i for ids in samples for i in ids}))]))
    _write_row(conn, new, name, first.article, dates, 1 + sum(int(row[4]) for row in rows))
    return new


def _sample_ids(conn: Connection, isu: str) -> list[str]:
    """The ids of the isu's label sample (its `SAMPLE` smallest article ids), in order."""
    rows = conn.execute(
        "SELECT article_id FROM article_isu WHERE isu_id = ? ORDER BY article_id LIMIT ?", (isu, SAMPLE)
    )
    return [str(row[0]) for row in rows]


def _anchored_label(conn: Connection, isu: str) -> str | None:
    """The label of the latest curator's decision anchored on one of the isu's articles, if any."""
    rows = conn.execute(
        "SELECT l.label, l.log_seq FROM isu_labels l JOIN article_isu i ON i.article_id = l.article_id "
        "WHERE i.isu_id = ?",
        (isu,),
    ).fetchall()
    return max((int(seq), str(text)) for text, seq in rows)[1] if rows else None


def _write_isu(
    conn: Connection, members: Sequence[Features], renamed: Sequence[str], point: Sequence[Features], curated: bool
) -> str:
    """Write the row of the isu of `members` (named after their first article, labelled by a curator's label
    when `curated` and one is anchored on a member): the articles of the isus `renamed` are moved to it, the
    articles `point` are pointed at it; returns its id."""
    ordered = sorted(members, key=lambda f: f.order)
    new = isu_id(ordered[0])
    _rename(conn, renamed, new)
    conn.executemany(
        "INSERT INTO article_isu (article_id, isu_id) VALUES (?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET isu_id = excluded.isu_id",
        [(f.article, new) for f in point],
    )
    dates = sorted(f.published for f in ordered if f.published)
    name = (_label(conn, ordered) if curated else None) or label(ordered)
    _write_row(conn, new, name, ordered[0].article, dates, len(ordered))
    return new


def _rename(conn: Connection, renamed: Sequence[str], new: str) -> None:
    """Move the articles of the isus `renamed` (other than `new`) to `new`, and drop their rows."""
    moved = [old for old in renamed if old != new]
    if moved:
        conn.execute(f"UPDATE article_isu SET isu_id = ? WHERE isu_id IN ({_marks(moved)})", [new, *moved])
        conn.executemany("DELETE FROM isus WHERE id = ?", [(old,) for old in moved])


def _write_row(conn: Connection, isu: str, name: str, first: str, dates: Sequence[str], articles: int) -> None:
    """Insert or update the isu's row: its label, first article, first and last days (`dates` sorted)."""
    conn.execute(
        "INSERT INTO isus (id, label, first_article, first_seen, last_seen, articles) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET label = excluded.label, first_article = excluded.first_article, "
        "first_seen = excluded.first_seen, last_seen = excluded.last_seen, articles = excluded.articles",
        (isu, name, first, dates[0] if dates else None, dates[-1] if dates else None, articles),
    )


def _label(conn: Connection, members: Sequence[Features]) -> str | None:
    """The label of the latest curator's decision anchored on one of these articles, if any."""
    sql = "SELECT label, log_seq FROM isu_labels WHERE article_id IN ({})"
    found = [(int(seq), str(text)) for text, seq in select_in(conn, sql, [m.article for m in members])]
    return max(found)[1] if found else None


def fill_isus(conn: Connection) -> None:
    """File every stored article (migration 0010's data step), from its stored document, in id order (any order
    gives the same isus). A document that is not a whole article (none the write path stores) is left out."""
    for (text,) in conn.execute("SELECT document FROM articles ORDER BY id").fetchall():
        try:
            article = from_document(json.loads(text))
        except (KeyError, TypeError, ValueError):
            continue
        assign(conn, article, curated=False)


def _json(item: Features) -> str:
    return json.dumps(item.to_dict(), ensure_ascii=False, sort_keys=True)


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))
