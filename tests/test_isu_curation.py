"""Curation of isus (warta/store/isu_curation.py, warta/isu/decisions.py): merge two isus, split articles out,
rename, each logged with who and why and kept as rules on articles, which hold when articles are saved again
and when they are filed in any order into another store with the same rules; on SQLite and PostgreSQL; the
`warta isu merge|split|rename` commands and `POST /api/v1/isu/{id}/curation`."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Databases
from warta.errors import InputError, NotFoundError
from warta.isu import Clusterer, Decisions, Features
from warta.model import Article
from warta.store import isu as store_isu
from warta.store import open_store
from warta.store.sqlstore import SQLStore

# Team-written articles: a flood in one village told over three days (a1-a3), a market fire (b1, b2), and a
# scholarship (c1).
TEXTS = {
    "a1": ("2026-03-02T08:00:00+07:00", "Banjir rendam Desa Sukamaju setelah tanggul sungai jebol",
           "Tanggul sungai di Desa Sukamaju jebol pada Senin malam. Air banjir merendam ratusan rumah dan sawah. "
           "Petugas mengungsikan penduduk ke balai desa."),
    "a2": ("2026-03-03T09:00:00+07:00", "Tanggul jebol, ratusan rumah di Sukamaju terendam banjir",
           "Banjir merendam ratusan rumah di Desa Sukamaju setelah tanggul sungai jebol. Penduduk mengungsi ke "
           "balai desa dan sawah terendam air."),
    "a3": ("2026-03-04T10:00:00+07:00", "Tanggul sungai Sukamaju yang jebol mulai diperbaiki usai banjir",
           "Petugas mulai memperbaiki tanggul sungai yang jebol di Desa Sukamaju. Banjir sudah surut, tetapi sawah "
           "dan rumah masih terendam lumpur."),
    "b1": ("2026-03-03T05:00:00+07:00", "Kebakaran hanguskan puluhan kios Pasar Baru",
           "Api membakar puluhan kios di Pasar Baru pada Selasa dini hari. Pedagang kehilangan dagangan. Petugas "
           "pemadam kebakaran memadamkan api selama tiga jam."),
    "b2": ("2026-03-04T07:00:00+07:00", "Pedagang Pasar Baru hitung kerugian usai kebakaran kios",
           "Puluhan pedagang Pasar Baru menghitung kerugian setelah kebakaran menghanguskan kios mereka. Api "
           "dipadamkan petugas pemadam kebakaran setelah tiga jam."),
    "c1": ("2026-03-04T11:00:00+07:00", "Beasiswa kuliah untuk siswa berprestasi dibuka",
           "Pendaftaran beasiswa kuliah bagi siswa berprestasi dari keluarga kurang mampu dibuka hingga akhir bulan."),
}  # fmt: skip


@pytest.fixture
def articles(annotated: Callable[..., Article]) -> dict[str, Article]:
    """The hand-written articles, by id."""
    return {
        key: annotated(text, id=key, title=title, published=published, source=f"media-{key[0]}")
        for key, (published, title, text) in TEXTS.items()
    }


def isu_map(store: SQLStore) -> dict[str, str]:
    """Article id → isu id, as stored."""
    return dict(store.conn.execute("SELECT article_id, isu_id FROM article_isu").fetchall())


def isu_of(store: SQLStore, article: str) -> str:
    return isu_map(store)[article]


def groups(store: SQLStore) -> set[frozenset[str]]:
    """The stored isus as sets of article ids."""
    found: dict[str, set[str]] = {}
    for article, isu in isu_map(store).items():
        found.setdefault(isu, set()).add(article)
    return {frozenset(members) for members in found.values()}


def isu_rows(store: SQLStore) -> list[tuple[object, ...]]:
    sql = "SELECT id, label, first_article, first_seen, last_seen, articles FROM isus ORDER BY id"
    return list(store.conn.execute(sql).fetchall())


def label_of(store: SQLStore, isu: str) -> str:
    return str(store.conn.execute("SELECT label FROM isus WHERE id = ?", (isu,)).fetchone()[0])


RULE_TABLES = (
    ("curation_log", "seq, at, who, action, entity, args, why"),
    ("isu_links", "article_id, other_id, log_seq"),
    ("isu_fences", "article_id, log_seq"),
    ("isu_labels", "article_id, label, log_seq"),
)


def copy_rules(source: SQLStore, target: SQLStore) -> None:
    """The curation log and the isu rule tables of `source`, copied into `target`."""
    with target.conn.transaction() as conn:
        for table, columns in RULE_TABLES:
            rows = source.conn.execute(f"SELECT {columns} FROM {table}").fetchall()
            marks = ", ".join("?" * len(columns.split(", ")))
            conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def in_memory(store: SQLStore, order: list[str]) -> set[frozenset[str]]:
    """The isus of the in-memory clusterer over the stored features, with the stored decisions, filed in `order`."""
    items = store_isu.load(store.conn, order)
    clusterer = Clusterer(features=items, decisions=store_isu.decisions(store.conn, order))
    return {frozenset(f.article for f in clusterer.members(isu)) for isu in clusterer.isus()}


def test_the_articles_form_three_stories(store: SQLStore, articles: dict[str, Article]) -> None:
    store.save_many(articles.values())
    assert groups(store) == {frozenset({"a1", "a2", "a3"}), frozenset({"b1", "b2"}), frozenset({"c1"})}


def test_merge_joins_two_isus_and_holds_when_articles_are_saved_again(
    store: SQLStore, articles: dict[str, Article]
) -> None:
    store.save_many(articles.values())
    fire, school = isu_of(store, "b1"), isu_of(store, "c1")
    args: dict[str, object] = {"into": fire}
    seq = store.curate_isu("merge", school, args, "editor", "the fund helps the traders' children")
    merged = isu_of(store, "b1")
    assert args["result"] == [merged] and merged == fire  # b1 is the earlier first article
    assert frozenset({"b1", "b2", "c1"}) in groups(store)
    assert (merged, 3) in [(row[0], row[5]) for row in isu_rows(store)]
    for article in articles.values():  # unchanged: nothing happens; changed: the article is filed anew
        store.save(article)
    store.save(replace(articles["c1"], text=articles["c1"].text + " Pendaftaran dibuka secara daring."))
    assert frozenset({"b1", "b2", "c1"}) in groups(store)
    entry = store.curation_log(school)[0]
    assert (entry.seq, entry.who, entry.action, entry.why) == (
        seq, "editor", "isu-merge", "the fund helps the traders' children"
    )  # fmt: skip
    assert entry.args == {"into": fire, "link": ["c1", "b1"], "result": [merged]}


def test_split_takes_articles_out_into_their_own_isu(store: SQLStore, articles: dict[str, Article]) -> None:
    store.save_many(articles.values())
    flood = isu_of(store, "a1")
    args: dict[str, object] = {"articles": ["a3", "a2"], "label": "Perbaikan tanggul Sukamaju"}
    store.curate_isu("split", flood, args, "editor", "the repairs are a story of their own")
    part = isu_of(store, "a2")
    assert args["result"] == [part, isu_of(store, "a1")] and part != isu_of(store, "a1")
    assert {frozenset({"a1"}), frozenset({"a2", "a3"})} <= groups(store)
    assert label_of(store, part) == "Perbaikan tanggul Sukamaju"
    store.save(replace(articles["a3"], text=articles["a3"].text + " Tanggul ditargetkan selesai pekan depan."))
    assert {frozenset({"a1"}), frozenset({"a2", "a3"})} <= groups(store)
    late = replace(articles["a2"], id="a4", published="2026-03-05T08:00:00+07:00")  # the same story, later
    store.save(late)
    assert isu_of(store, "a4") == isu_of(store, "a1")  # the fenced articles link to no article outside
    assert label_of(store, isu_of(store, "a2")) == "Perbaikan tanggul Sukamaju"


def test_a_later_decision_overrides_an_earlier_one(store: SQLStore, articles: dict[str, Article]) -> None:
    store.save_many(articles.values())
    store.curate_isu("split", isu_of(store, "a1"), {"articles": ["a3"]}, "editor", "repairs")
    assert frozenset({"a3"}) in groups(store)
    store.curate_isu("merge", isu_of(store, "a3"), {"into": isu_of(store, "a1")}, "chief", "one flood after all")
    assert frozenset({"a1", "a2", "a3"}) in groups(store)
    store.curate_isu("split", isu_of(store, "a1"), {"articles": ["a3"]}, "editor", "repairs after all")
    assert {frozenset({"a1", "a2"}), frozenset({"a3"})} <= groups(store)  # the new fence cuts the forced link
    store.curate_isu("split", isu_of(store, "a1"), {"articles": ["a1"]}, "editor", "the first report apart")
    assert {frozenset({"a1"}), frozenset({"a2"}), frozenset({"a3"})} <= groups(store)  # a2-a3 cut since seq 1


def test_rename_labels_the_isu_even_when_an_earlier_article_joins(
    store: SQLStore, articles: dict[str, Article]
) -> None:
    store.save_many([a for key, a in articles.items() if key != "a1"])
    flood = isu_of(store, "a2")
    args: dict[str, object] = {"label": "  Banjir   Sukamaju 2026 "}
    store.curate_isu("rename", flood, args, "editor", "a plainer label")
    assert args["result"] == [flood] and label_of(store, flood) == "Banjir Sukamaju 2026"
    store.save(articles["a1"])  # earlier: the isu is now named after a1
    assert isu_of(store, "a2") == isu_of(store, "a1") != flood
    assert label_of(store, isu_of(store, "a1")) == "Banjir Sukamaju 2026"
    assert store.curation_log(flood)[0].args == {"anchor": "a2", "label": "Banjir Sukamaju 2026", "result": [flood]}


def test_decisions_replay_in_any_filing_order(databases: Databases, articles: dict[str, Article]) -> None:
    with open_store(databases.new()) as first:
        first.save_many(articles.values())
        first.curate_isu("merge", isu_of(first, "c1"), {"into": isu_of(first, "b1")}, "editor", "one matter")
        first.curate_isu("split", isu_of(first, "a1"), {"articles": ["a2", "a3"]}, "editor", "two stories")
        first.curate_isu("rename", isu_of(first, "a1"), {"label": "Tanggul jebol"}, "editor", "plainer")
        first.curate_isu("split", isu_of(first, "b1"), {"articles": ["b2"], "label": "Kerugian"}, "editor", "loss")
        expected = groups(first)
        assert expected == {frozenset(g) for g in (("a1",), ("a2", "a3"), ("b1", "c1"), ("b2",))}
        ids = sorted(articles)
        assert in_memory(first, ids) == expected
        assert in_memory(first, ids[::-1]) == expected
        for seed in (1, 2):
            shuffled = list(articles.values())
            random.Random(seed).shuffle(shuffled)
            location = databases.new()
            with open_store(location) as fresh:
                copy_rules(first, fresh)
                fresh.save_many(shuffled, batch_size=2)
                assert isu_map(fresh) == isu_map(first)
                assert isu_rows(fresh) == isu_rows(first)
            databases.drop(location)


def test_the_curation_log_lists_isu_decisions(store: SQLStore, articles: dict[str, Article]) -> None:
    store.save_many(articles.values())
    flood = isu_of(store, "a1")
    store.curate_isu("rename", flood, {"label": "Banjir"}, "ana", "shorter")
    store.curate_isu("split", flood, {"articles": ["a3"]}, "budi", "repairs")
    log = store.curation_log()
    assert [(e.action, e.entity, e.who, e.why) for e in log] == [
        ("isu-split", flood, "budi", "repairs"), ("isu-rename", flood, "ana", "shorter")
    ]  # fmt: skip
    assert [e.action for e in store.curation_log(isu_of(store, "a3"))] == ["isu-split"]  # found by its result


@pytest.mark.parametrize(
    ("action", "subject", "args", "why", "error"),
    [
        ("merge", "isu-nope", {"into": "b1"}, "x", NotFoundError),
        ("merge", "a1", {"into": "isu-nope"}, "x", NotFoundError),
        ("merge", "a1", {"into": "a2"}, "x", InputError),  # the same isu
        ("merge", "a1", {}, "x", InputError),
        ("split", "a1", {"articles": ["b1"]}, "x", InputError),  # not in the isu
        ("split", "a1", {"articles": ["nope"]}, "x", NotFoundError),
        ("split", "a1", {"articles": ["a1", "a2", "a3"]}, "x", InputError),  # every article
        ("split", "a1", {"articles": []}, "x", InputError),
        ("split", "a1", {"articles": ["a2"], "label": " "}, "x", InputError),
        ("rename", "a1", {"label": " "}, "x", InputError),
        ("rename", "a1", {}, "x", InputError),
        ("rename", "a1", {"label": "Banjir"}, "  ", InputError),
        ("explode", "a1", {}, "x", InputError),
    ],
)
def test_bad_decisions_are_refused_and_leave_nothing(
    store: SQLStore,
    articles: dict[str, Article],
    action: str,
    subject: str,
    args: dict[str, object],
    why: str,
    error: type[Exception],
) -> None:
    store.save_many(articles.values())
    before = (isu_map(store), isu_rows(store))
    given = dict(args)
    if "into" in given and given["into"] in articles:
        given["into"] = isu_of(store, str(given["into"]))
    with pytest.raises(error) as raised:
        store.curate_isu(action, isu_of(store, subject) if subject in articles else subject, given, "x", why)
    assert "\n" not in str(raised.value)
    assert (isu_map(store), isu_rows(store)) == before and store.curation_log() == []
    for table, _ in RULE_TABLES:
        assert store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


# ------------------------------------------------------------------ the decision rule alone (warta.isu)


def test_the_latest_decision_on_a_pair_holds() -> None:
    decisions = Decisions(links={"a": {"b": 2}, "b": {"a": 2}}, fences={"a": frozenset({1}), "c": frozenset({3})})
    assert decisions.allows("a", "b", by_rule=False)  # forced (2) after the fence around a (1)
    assert not decisions.allows("a", "d", by_rule=True)  # the fence around a cuts a rule link
    assert not decisions.allows("c", "b", by_rule=True) and not decisions.allows("a", "c", by_rule=True)
    assert decisions.allows("d", "e", by_rule=True) and not decisions.allows("d", "e", by_rule=False)
    assert decisions.peers("a") == ["b"] and not Decisions()


def test_the_clusterer_with_decisions_is_order_independent() -> None:
    words = (("banjir", 0.6), ("tanggul", 0.6), ("jebol", 0.529150262))
    items = [Features(name, f"2026-02-1{n}", stems=words) for n, name in enumerate("pqrst")]
    items.append(Features("u", "2026-02-12", stems=(("pasar", 1.0),)))
    # r and s fenced off by a split (seq 1), then u forced to p (seq 2) and to s (seq 3, after the fence)
    decisions = Decisions(
        links={"u": {"p": 2, "s": 3}, "p": {"u": 2}, "s": {"u": 3}},
        fences={"r": frozenset({1}), "s": frozenset({1})},
    )
    seen = set()
    for order in itertools.permutations(items):
        clusterer = Clusterer(features=order, decisions=decisions)
        seen.add(frozenset(frozenset(f.article for f in clusterer.members(i)) for i in clusterer.isus()))
    assert seen == {frozenset({frozenset("pqrstu")})}  # u joins both sides of the fence
    without = Decisions(links={}, fences=decisions.fences)
    clusterer = Clusterer(features=items, decisions=without)
    assert {frozenset(f.article for f in clusterer.members(i)) for i in clusterer.isus()} == {
        frozenset("pqt"), frozenset("rs"), frozenset("u")
    }  # fmt: skip


# ------------------------------------------------------------------ the command and the API


def test_isu_commands_merge_split_rename(
    databases: Databases, articles: dict[str, Article], capsys: pytest.CaptureFixture[str]
) -> None:
    from warta.cli import main

    location = databases.new()
    with open_store(location) as store:
        store.save_many(articles.values())
        fire, school, flood = isu_of(store, "b1"), isu_of(store, "c1"), isu_of(store, "a1")
    db = ["--db", location, "isu"]
    assert main([*db, "merge", school, "--into", fire, "--why", "one matter", "--by", "ana"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("decision 1: isu merge") and out[1:] == [fire]
    assert main([*db, "split", flood, "--articles", "a2, a3", "--label", "Perbaikan", "--why", "repairs"]) == 0
    out = capsys.readouterr().out.splitlines()
    with open_store(location) as store:
        assert out[1:] == [isu_of(store, "a2"), isu_of(store, "a1")]
        assert label_of(store, isu_of(store, "a2")) == "Perbaikan"
    assert main([*db, "rename", flood, "--label", "Banjir Sukamaju", "--why", "plainer"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [flood]
    assert main(["--db", location, "entity", "log"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[3] for line in listed] == ["isu-rename", "isu-split", "isu-merge"]
    assert listed[-1].split("\t")[2] == "ana" and listed[-1].endswith("\tone matter")
    assert main([*db, "merge", flood, "--into", flood, "--why", "x"]) == 1
    assert main([*db, "rename", "isu-nope", "--label", "x", "--why", "x"]) == 1
    assert main([*db, "split", flood, "--articles", ",", "--why", "x"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 3 and all(e.startswith("warta: ") for e in errors)


@pytest.fixture
def curation_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, dict[str, str]]]:
    """An app over a new SQLite store, its location, and a token of each scope."""
    from warta.app import create_app

    location = str(tmp_path_factory.mktemp("api") / "w.db")
    with open_store(location) as store:
        keys = {scope: store.create_token(f"{scope} user", scope)[1] for scope in ("write", "admin")}
    with TestClient(create_app(location), base_url="http://localhost") as client:
        yield client, location, keys


def test_isu_curation_over_http(
    curation_client: tuple[TestClient, str, dict[str, str]], articles: dict[str, Article]
) -> None:
    client, location, keys = curation_client
    with open_store(location) as store:
        store.save_many(articles.values())
        fire, school, flood = isu_of(store, "b1"), isu_of(store, "c1"), isu_of(store, "a1")
    admin = {"Authorization": f"Bearer {keys['admin']}"}
    url = f"/api/v1/isu/{school}/curation"
    decision = {"action": "merge", "args": {"into": fire}, "why": "one matter"}
    assert client.post(url, json=decision, headers={"Authorization": f"Bearer {keys['write']}"}).status_code == 403
    response = client.post(url, json=decision, headers=admin)
    assert response.status_code == 200, response.text
    assert response.json() == {"seq": 1, "action": "merge", "entity": school, "who": "admin user", "isus": [fire]}
    split = {"action": "split", "args": {"articles": ["a3"], "label": "Perbaikan"}, "why": "repairs"}
    assert client.post(f"/api/v1/isu/{flood}/curation", json=split, headers=admin).status_code == 200
    assert client.get(f"/api/v1/isu/{fire}").json()["label"]
    with open_store(location) as store:
        assert frozenset({"b1", "b2", "c1"}) in groups(store) and frozenset({"a3"}) in groups(store)
        assert [(e.who, e.action) for e in store.curation_log()] == [
            ("admin user", "isu-split"),
            ("admin user", "isu-merge"),
        ]
    for body, status, path in (
        ({"action": "merge", "args": {"into": 5}, "why": "x"}, 400, flood),
        ({"action": "merge", "args": {"into": "isu-nope"}, "why": "x"}, 404, flood),
        ({"action": "split", "args": {"articles": "a1"}, "why": "x"}, 400, flood),
        ({"action": "rename", "args": {"label": "x"}, "why": "x"}, 404, "isu-nope"),
        ({"action": "rename", "args": {"label": "a\x00"}, "why": "x"}, 400, flood),
        ({"action": "alias", "args": {}, "why": "x"}, 422, flood),
    ):
        assert client.post(f"/api/v1/isu/{path}/curation", json=body, headers=admin).status_code == status, body
