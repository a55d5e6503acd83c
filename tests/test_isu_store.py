"""Isus in the store (warta/store/isu.py): filed on save through the term index, the same in any order, on
SQLite and PostgreSQL, and equal to the in-memory clusterer's over the same features."""

from __future__ import annotations

import importlib
import json
import random
from pathlib import Path

import pytest

from tests.conftest import Databases
from tests.test_store import dump
from warta.isu import DEFAULT_RULE, Clusterer, Features, label, linked
from warta.isu.link import cosine
from warta.model import Article, Raw
from warta.pipeline import Pipeline
from warta.sources.files import parse_jsonl
from warta.store import isu as store_isu
from warta.store import open_store
from warta.store.sqlstore import SQLStore

GOLD = Path(__file__).parent.parent / "eval" / "isu" / "articles.jsonl"
STORIES = 5  # the gold file's first stories (by first appearance), with every one of their articles


@pytest.fixture(scope="module")
def gold_articles(pipe: Pipeline) -> list[Article]:
    """The articles of the gold file's first stories, through the pipeline (about twenty)."""
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    stories: list[str] = []
    for line in lines:
        story = json.loads(line)["story"]
        if story not in stories:
            stories.append(story)
    keep = set(stories[:STORIES])
    kept = "\n".join(line for line in lines if json.loads(line)["story"] in keep)
    return [pipe.run(raw) for raw in parse_jsonl(kept, str(GOLD)) if isinstance(raw, Raw)]


def isu_map(store: SQLStore) -> dict[str, str]:
    """Article id → isu id, as stored."""
    return dict(store.conn.execute("SELECT article_id, isu_id FROM article_isu").fetchall())


def stored_features(store: SQLStore) -> list[Features]:
    ids = [row[0] for row in store.conn.execute("SELECT article_id FROM isu_features ORDER BY article_id")]
    return store_isu.load(store.conn, ids)


def in_memory(items: list[Features]) -> dict[str, str]:
    """Article id → isu id from the in-memory clusterer over the same features."""
    clusterer = Clusterer(features=items)
    return {item.article: clusterer.isu_of(item.article) for item in items}


def test_the_same_articles_in_two_orders_give_the_same_isus(databases: Databases, gold_articles: list[Article]) -> None:
    assert 15 <= len(gold_articles) <= 30
    shuffled = list(gold_articles)
    random.Random(18).shuffle(shuffled)
    with open_store(databases.new()) as first, open_store(databases.new()) as second:
        for article in gold_articles:
            first.save(article)
        second.save_many(shuffled, batch_size=7)
        assert isu_map(first) == isu_map(second)
        assert len(set(isu_map(first).values())) >= STORIES - 2  # stories, not one blob
        assert len(set(isu_map(first).values())) < len(gold_articles)  # and some articles joined others
        assert isu_map(first) == in_memory(stored_features(first))
        rows = "SELECT id, label, first_article, first_seen, last_seen, articles FROM isus ORDER BY id"
        assert first.conn.execute(rows).fetchall() == second.conn.execute(rows).fetchall()
        assert sum(row[5] for row in first.conn.execute(rows)) == len(gold_articles)


def test_saving_an_article_again_changes_nothing(store: SQLStore, gold_articles: list[Article]) -> None:
    store.save_many(gold_articles[:10])
    before = dump(store)
    for article in gold_articles[:10]:
        store.save(article)
    assert dump(store) == before


def test_an_isu_is_named_after_its_first_article_and_merges_rename(store: SQLStore) -> None:
    words = (("banjir", 0.6), ("tanggul", 0.6), ("jebol", 0.529150262))
    place = (("place-laren", "place", "Laren"),)
    late = Features("late", "2026-02-12", stems=words, entities=place)
    early = Features("early", "2026-02-10", stems=words, entities=place)
    other = Features("other", "2026-02-11", stems=(("pasar", 1.0),))
    with store.conn.transaction() as conn:
        assert store_isu.file(conn, late) == store_isu.isu_id(late)
        assert store_isu.file(conn, other) == store_isu.isu_id(other)
        joined = store_isu.file(conn, early)
    assert joined == store_isu.isu_id(early)
    assert isu_map(store) == {"late": joined, "early": joined, "other": store_isu.isu_id(other)}
    assert store.conn.execute("SELECT id, first_article, articles FROM isus ORDER BY articles").fetchall() == [
        (store_isu.isu_id(other), "other", 1), (joined, "early", 2)
    ]  # fmt: skip


def test_an_article_whose_features_change_leaves_its_isu_which_may_split(store: SQLStore) -> None:
    words = (("banjir", 0.6), ("tanggul", 0.6), ("jebol", 0.529150262))
    a, b, c = (
        Features(name, day, stems=words)
        for name, day in (("a", "2026-02-10"), ("b", "2026-02-13"), ("c", "2026-02-16"))
    )
    with store.conn.transaction() as conn:
        for item in (a, b, c):
            store_isu.file(conn, item)
        assert len(set(isu_map(store).values())) == 1  # a-b and b-c are 3 days apart: one chain
        store_isu.file(conn, Features("b", "2026-02-13", stems=(("pasar", 1.0),)))
    assert isu_map(store) == in_memory(stored_features(store))
    assert len(set(isu_map(store).values())) == 3  # without b, a and c are 6 days apart
    assert store.conn.execute("SELECT COUNT(*) FROM isus").fetchone()[0] == 3


def test_the_candidates_are_those_the_rule_could_link(store: SQLStore) -> None:
    near = Features("near", "2026-02-10", stems=(("banjir", 1.0),))
    far = Features("far", "2026-03-20", stems=(("banjir", 1.0),), entities=(("place-x", "place", "X"),))
    farther = Features("farther", "2026-06-20", stems=(("banjir", 1.0),), entities=(("place-x", "place", "X"),))
    weak = Features("weak", "2026-03-20", stems=(("banjir", 0.3), ("pasar", 0.953939201)), entities=far.entities)
    undated = Features("undated", "", stems=(("banjir", 0.8), ("tanggul", 0.6)))
    with store.conn.transaction() as conn:
        for item in (near, far, farther, weak, undated):
            store_isu.file(conn, item)
        new = Features("new", "2026-02-12", stems=(("banjir", 1.0),), entities=(("place-x", "place", "X"),))
        found = [f.article for f in store_isu.candidates(conn, new)]
    assert found == ["far", "near", "undated"]  # "farther" is beyond the far window
    assert DEFAULT_RULE.floor < cosine(new, weak) < DEFAULT_RULE.far_floor and not linked(new, weak)  # too weak


def test_a_far_article_sharing_two_places_counts_its_cosine_once(store: SQLStore) -> None:
    places = (("place-x", "place", "X"), ("place-y", "place", "Y"))
    twice = Features("twice", "2026-03-20", stems=(("banjir", 0.3), ("pasar", 0.953939201)), entities=places)
    with store.conn.transaction() as conn:
        store_isu.file(conn, twice)
        new = Features("new", "2026-02-12", stems=(("banjir", 1.0),), entities=places)
        assert store_isu.candidates(conn, new) == []
    assert cosine(new, twice) < DEFAULT_RULE.far_floor < 2 * cosine(new, twice)  # counted once per place, it passed


def test_a_store_of_version_9_gets_the_isus_of_its_articles(databases: Databases, gold_articles: list[Article]) -> None:
    from tests.test_store_open import open_at_version
    from warta.store import rows

    location = databases.new(migrated=False)
    conn = open_at_version(location, 9)  # as a Warta before migration 0010 left it
    lent = (("articles", "category"), ("article_entities", "published"))  # columns of versions 12 and 16
    with conn.transaction():  # today's write path also sets them: lent, then taken
        for table, column in lent:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
        for article in gold_articles[:8]:
            rows.write(conn, article, rows.document_of(article))
        for table, column in lent:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.close()
    with open_store(location) as store, open_store(databases.new()) as fresh:
        fresh.save_many(gold_articles[:8])
        assert isu_map(store) == isu_map(fresh)
        assert len(isu_map(store)) == 8


def test_isu_commands_list_as_jsonl_and_show(
    databases: Databases, gold_articles: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    from warta.cli import main

    location = databases.new()
    with open_store(location) as store:
        store.save_many(gold_articles)
        expected = isu_map(store)
    assert main(["--db", location, "isu", "list", "--format", "jsonl", "--limit", "1000"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(set(r) == {"id", "label", "articles", "first_seen", "last_seen"} for r in records)
    assert {a: r["id"] for r in records for a in r["articles"]} == expected
    assert all(r["label"] and r["first_seen"] <= r["last_seen"] for r in records)
    biggest = max(records, key=lambda r: len(r["articles"]))
    assert main(["--db", location, "isu", "show", biggest["id"]]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(biggest["label"]) and "pencetus:" in shown and biggest["articles"][0] in shown
    assert main(["--db", location, "isu", "list", "--since", "2025-02-30"]) == 1
    assert main(["--db", location, "isu", "show", "isu-nope"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and all(e.startswith("warta: ") for e in errors)


@pytest.mark.parametrize("size", [1, 4])
def test_a_large_isus_row_is_what_its_articles_give_in_any_order(
    databases: Databases, gold_articles: list[Article], size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filing reads an isu's row and label sample, not its articles: with a sample smaller than the isus,
    the stored rows still equal those counted from all their articles, whatever the order of saving."""
    monkeypatch.setattr(importlib.import_module("warta.isu.label"), "SAMPLE", size)  # the module, not `label`
    monkeypatch.setattr(store_isu, "SAMPLE", size)
    shuffled = list(gold_articles)
    random.Random(size).shuffle(shuffled)
    rows = "SELECT id, label, first_article, first_seen, last_seen, articles FROM isus ORDER BY id"
    with open_store(databases.new()) as first, open_store(databases.new()) as second:
        first.save_many(gold_articles, batch_size=5)
        second.save_many(shuffled, batch_size=3)
        assert first.conn.execute(rows).fetchall() == second.conn.execute(rows).fetchall()
        members: dict[str, list[Features]] = {}
        for item in stored_features(first):
            members.setdefault(isu_map(first)[item.article], []).append(item)
        assert max(len(items) for items in members.values()) > size  # some isu is larger than its sample
        expected = []
        for isu, items in sorted(members.items()):
            ordered = sorted(items, key=lambda f: f.order)
            dates = sorted(f.published for f in items if f.published)
            expected.append((isu, label(items), ordered[0].article, dates[0], dates[-1], len(items)))
        assert first.conn.execute(rows).fetchall() == expected
