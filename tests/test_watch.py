"""Watchlists: their checks (`warta.watch.spec`), the match of one article (`warta.watch.match`), and matching on
save in the store with alerts and deliveries queued (`warta.store.watch`), on hand-built articles.

The articles name these entities:

    w1  Pemkab Mojokerto (written "Pemerintah Kabupaten Mojokerto" once), Bupati Ikfina (a role at the Pemkab),
        Kabupaten Mojokerto (35.16), Kecamatan Pacet (35.16.05): tone negatif, about a flood ("banjir bandang")
    w2  Dinas Kesehatan Surabaya (35.78), Wali Kota Eri: tone positif, about a vaccination
    w3  Ikfina again, in Sidoarjo (35.15), with no role in the article: tone netral
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.app import create_app
from warta.errors import InputError, NotFoundError
from warta.model import Article, Entity, Mention, Role, Tone
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore
from warta.watch import Watchlist, article_keys, checked, facts_of, match, watch_keys

PEMKAB, IKFINA, MJK, PACET = "gb-pemkab", "p-ikfina", "c-mjk", "d-pacet"
DINKES, ERI, SBY, SDA = "gb-dinkes", "p-eri", "c-sby", "c-sda"


def build(article_id: str, text: str, spans: list[tuple[str, str, str]], entities: list[Entity], tone: str) -> Article:
    """An article whose mentions are the first place of each (surface, type, entity id) in `text`."""
    mentions, cursor = [], 0
    for surface, type_, entity in spans:
        start = text.index(surface, cursor)
        mentions.append(Mention(start, start + len(surface), surface, type_, entity))
        cursor = start + 1
    return Article(article_id, text, title=f"Judul {article_id}", source="uji.test",
                   published="2026-12-01T08:00:00+07:00", mentions=tuple(mentions), entities=tuple(entities),
                   tone=Tone(tone, 0.0, 1.0))  # fmt: skip


def region(entity_id: str, name: str, type_: str, code: str) -> Entity:
    return Entity(entity_id, name, type_, kb={"region_code": code})


W1_TEXT = (
    "Pemkab Mojokerto menyiapkan posko. Pemerintah Kabupaten Mojokerto menyebut BANJIR Bandang merusak rumah di "
    "Kecamatan Pacet. Bupati Ikfina meninjau lokasi."
)
W1 = build(
    "w1", W1_TEXT,
    [("Pemkab Mojokerto", "government_body", PEMKAB), ("Mojokerto", "city", MJK),
     ("Pemerintah Kabupaten Mojokerto", "government_body", PEMKAB), ("Kecamatan Pacet", "district", PACET),
     ("Ikfina", "person", IKFINA)],
    [Entity(PEMKAB, "Pemkab Mojokerto", "government_body", kb={"region_code": "35.16"}),
     region(MJK, "Kabupaten Mojokerto", "city", "35.16"), region(PACET, "Pacet", "district", "35.16.05"),
     Entity(IKFINA, "Ikfina", "person", roles=(Role("Bupati", "Pemkab Mojokerto", PEMKAB),))],
    "negatif",
)  # fmt: skip
W2 = build(
    "w2", "Dinas Kesehatan Surabaya membuka vaksinasi. Wali Kota Eri hadir di Surabaya.",
    [("Dinas Kesehatan Surabaya", "government_body", DINKES), ("Eri", "person", ERI), ("Surabaya", "city", SBY)],
    [Entity(DINKES, "Dinas Kesehatan Surabaya", "government_body"), Entity(ERI, "Eri", "person"),
     region(SBY, "Kota Surabaya", "city", "35.78")],
    "positif",
)  # fmt: skip
W3 = build(
    "w3", "Ikfina menghadiri pengajian di Sidoarjo.",
    [("Ikfina", "person", IKFINA), ("Sidoarjo", "city", SDA)],
    [Entity(IKFINA, "Ikfina", "person"), region(SDA, "Kabupaten Sidoarjo", "city", "35.15")],
    "netral",
)  # fmt: skip
ARTICLES = [W1, W2, W3]


def hits(w: Watchlist, known: dict[str, list[str]] | None = None) -> list[str]:
    """The articles `w` matches (with `known` as the store's roles)."""
    return [a.id for a in ARTICLES if match(checked(w), facts_of(a, known or {}, isu=f"isu-{a.id}"))]


@pytest.mark.parametrize(
    ("w", "expected"),
    [
        (Watchlist("a", entities=(PEMKAB,)), ["w1"]),
        (Watchlist("a", entities=(IKFINA,)), ["w1", "w3"]),
        (Watchlist("a", entities=(IKFINA,), region="35.16"), ["w1"]),  # the region narrows
        (Watchlist("a", region="35"), ["w1", "w2", "w3"]),  # a province holds its regencies and districts
        (Watchlist("a", region="35.16.05"), ["w1"]),
        (Watchlist("a", region="35.71"), []),
        (Watchlist("a", keywords=("banjir bandang",)), ["w1"]),  # case and spacing ignored, whole words
        (Watchlist("a", keywords=("banjir band",)), []),
        (Watchlist("a", keywords=("vaksinasi", "pengajian")), ["w2", "w3"]),
        (Watchlist("a", keywords=("Surabaya",), tone="positif"), ["w2"]),
        (Watchlist("a", keywords=("Surabaya",), tone="negatif"), []),
        (Watchlist("a", entities=(IKFINA,), isu="isu-w3"), ["w3"]),
        (Watchlist("a", entities=(PEMKAB,), holders=True), ["w1"]),
    ],
)
def test_what_a_watchlist_matches(w: Watchlist, expected: list[str]) -> None:
    assert hits(w) == expected


def test_holders_come_from_the_article_or_from_the_store() -> None:
    w = Watchlist("a", entities=(PEMKAB,), holders=True)
    assert hits(w) == ["w1"]  # w3 names Ikfina without her role
    assert hits(w, {IKFINA: [PEMKAB]}) == ["w1", "w3"]  # the store knows she holds one at the Pemkab
    assert hits(replace(w, holders=False), {IKFINA: [PEMKAB]}) == ["w1"]
    reasons = match(checked(w), facts_of(W3, {IKFINA: [PEMKAB]}))
    assert [(r.kind, r.value, r.label) for r in reasons] == [("holder", PEMKAB, "Ikfina")]


def test_reasons_say_what_and_where() -> None:
    w = checked(Watchlist("a", entities=(PEMKAB,), keywords=("banjir bandang",), region="35.16"))
    reasons = match(w, facts_of(W1, {}))
    assert [(r.kind, r.label) for r in reasons] == [
        ("entity", "Pemkab Mojokerto"), ("keyword", "BANJIR Bandang"), ("region", "Mojokerto"),
    ]  # fmt: skip
    for r in reasons:
        assert r.start is not None and W1.text[r.start : r.end] == r.label


def test_without_aliases_only_the_name_itself_counts() -> None:
    named = Entity(PEMKAB, "Pemerintah Kabupaten Mojokerto", "government_body", kb={"region_code": "35.16"})
    article = replace(W1, entities=(named, *W1.entities[1:]))
    with_aliases = match(checked(Watchlist("a", entities=(PEMKAB,))), facts_of(article, {}))
    without = match(checked(Watchlist("a", entities=(PEMKAB,), aliases=False)), facts_of(article, {}))
    assert with_aliases[0].label == "Pemkab Mojokerto" and without[0].label == "Pemerintah Kabupaten Mojokerto"
    assert match(checked(Watchlist("a", entities=(PEMKAB,), aliases=False)), facts_of(W1, {}))[0].start == 0


@pytest.mark.parametrize(
    ("w", "message"),
    [
        (Watchlist(" "), "needs a name"),
        (Watchlist("a"), "watches nothing"),
        (Watchlist("a", region="Mojokerto"), "Kemendagri code"),
        (Watchlist("a", region="35.16", tone="marah"), "tone"),
        (Watchlist("a", region="35.16", digest="weekly"), "digest"),
        (Watchlist("a", region="35.16", webhook="ftp://x"), "webhook"),
        (Watchlist("a", region="35.16", emails=("bukan-alamat",)), "e-mail"),
        (Watchlist("a", keywords=tuple(f"k{i}" for i in range(201))), "at most 200"),
    ],
)
def test_a_bad_watchlist_says_why_in_one_line(w: Watchlist, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        checked(w)
    assert "\n" not in str(caught.value)


WORDS = ("banjir", "bandang", "vaksinasi", "pengajian", "posko", "surabaya", "lokasi")
ENTITY_IDS = (PEMKAB, IKFINA, MJK, PACET, DINKES, ERI, SBY, SDA)


@st.composite
def watchlists(draw: st.DrawFn) -> Watchlist:
    """A random watchlist over the articles' entities, words and regions."""
    entities = tuple(draw(st.lists(st.sampled_from(ENTITY_IDS), max_size=2)))
    keywords = tuple(" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2)))
                     for _ in range(draw(st.integers(0, 2))))  # fmt: skip
    code = draw(st.sampled_from([None, "35", "35.16", "35.16.05", "35.78", "35.15"]))
    if not (entities or keywords or code):
        code = "35"
    return Watchlist(f"w-{draw(st.integers(0, 10**6))}", entities, draw(st.booleans()), draw(st.booleans()),
                     keywords, code, draw(st.sampled_from([None, "positif", "negatif", "netral"])))  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(watchlists())
def test_the_index_keys_never_miss_a_match(w: Watchlist) -> None:
    """Every article a watchlist matches is reached by one of its keys: the index is only a shortcut."""
    w = checked(w)
    for article in ARTICLES:
        facts = facts_of(article, {IKFINA: [PEMKAB]})
        if match(w, facts):
            assert watch_keys(w) & article_keys(facts)


# --- in the store ------------------------------------------------------------------------------------------


def test_saving_articles_records_matches_alerts_and_deliveries(store: SQLStore) -> None:
    flood = store.save_watchlist(Watchlist("Banjir Mojokerto", keywords=("banjir",), region="35.16",
                                           webhook="http://127.0.0.1:9/hook", emails=("humas@mojokerto.test",),
                                           digest="hourly"))  # fmt: skip
    store.save_watchlist(Watchlist("Surabaya", region="35.78"))
    assert flood.webhook_secret and len(flood.webhook_secret) == 64
    store.save_many(ARTICLES)
    store.save_many(ARTICLES)  # again: nothing new
    matched = queries.watch_matches(store).items
    assert sorted((m.watchlist, m.article_id) for m in matched) == [("Banjir Mojokerto", "w1"), ("Surabaya", "w2")]
    first = next(m for m in matched if m.article_id == "w1")
    assert [r["kind"] for r in first.reasons] == ["keyword", "region"] and not first.seen
    rows = store.conn.execute("SELECT channel, target, state, due > next_attempt FROM deliveries ORDER BY channel")
    assert [tuple(r) for r in rows] == [("email", "humas@mojokerto.test", "pending", 0),
                                        ("webhook", "http://127.0.0.1:9/hook", "pending", 0)]  # fmt: skip
    assert queries.unseen_alerts(store) == 2
    assert store.mark_alerts_seen([str(first.alert_id)]) == 1 and store.mark_alerts_seen([str(first.alert_id)]) == 0
    assert queries.unseen_alerts(store) == 1
    items = {i.name: i for i in queries.list_watchlists(store)}
    assert (items["Surabaya"].matches, items["Surabaya"].unseen) == (1, 1)
    assert items["Banjir Mojokerto"].spec["webhook_secret"] == "***"
    assert queries.watchlist_articles(store, "banjir mojokerto", "2026-12-01", "2026-12-01") == ["w1"]
    assert queries.watchlist_articles(store, "banjir mojokerto", "2026-12-02", None) == []


def test_an_edited_watchlist_keeps_its_secret_and_matches_and_a_removed_one_leaves_nothing(store: SQLStore) -> None:
    first = store.save_watchlist(Watchlist("Pantau", entities=(IKFINA,), webhook="https://hook.test/a"))
    store.save_many(ARTICLES)
    edited = store.save_watchlist(Watchlist("PANTAU", entities=(IKFINA, ERI), webhook="https://hook.test/a"))
    assert edited.id == first.id and edited.webhook_secret == first.webhook_secret
    assert queries.watchlist(store, "pantau").entities == (IKFINA, ERI)
    store.save(W2)  # already stored: an edit does not match stored articles again
    assert sorted(m.article_id for m in queries.watch_matches(store, "Pantau").items) == ["w1", "w3"]
    store.remove_watchlist("pantau")
    for table in ("watchlists", "watch_keys", "watch_matches", "alerts", "deliveries"):
        assert store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
    with pytest.raises(NotFoundError):
        store.remove_watchlist("pantau")
    with pytest.raises(NotFoundError):
        queries.watchlist(store, "pantau")


def test_matches_page_newest_first(store: SQLStore) -> None:
    store.save_watchlist(Watchlist("Jatim", region="35"))
    store.save_many(ARTICLES)
    first = queries.watch_matches(store, "Jatim", limit=2)
    rest = queries.watch_matches(store, "Jatim", limit=2, cursor=first.next_cursor)
    assert len(first.items) == 2 and len(rest.items) == 1 and rest.next_cursor is None
    assert sorted(m.article_id for m in first.items + rest.items) == ["w1", "w2", "w3"]
    with pytest.raises(InputError):
        queries.watch_matches(store, "Jatim", cursor="rusak")


# --- the API ------------------------------------------------------------------------------------------------


API_BODY = {
    "name": "Dinkes Surabaya",
    "entities": [DINKES],
    "keywords": ["vaksinasi"],
    "webhook": "https://hook.test/x",
}


@pytest.fixture
def watch_api(tmp_path: Path) -> Iterator[tuple[TestClient, str, dict[str, str], dict[str, str]]]:
    """A client of the app over a SQLite store holding W2, its database, and write and read tokens' headers."""
    db = str(tmp_path / "w.db")
    with open_store(db) as store:
        _, write = store.create_token("bot", "write")
        _, read = store.create_token("reader", "read")
        store.save(W2)  # the watched entity must be stored
    with TestClient(create_app(db), base_url="http://localhost") as client:
        yield client, db, {"Authorization": f"Bearer {write}"}, {"Authorization": f"Bearer {read}"}


def test_api_creates_checks_and_removes_watchlists(
    watch_api: tuple[TestClient, str, dict[str, str], dict[str, str]],
) -> None:
    client, _, bearer, reader = watch_api
    assert client.post("/api/v1/watchlists", json=API_BODY).status_code == 401
    assert client.post("/api/v1/watchlists", json=API_BODY, headers=reader).status_code == 403
    created = client.post("/api/v1/watchlists", json=API_BODY, headers=bearer)
    assert created.status_code == 201 and len(created.json()["webhook_secret"]) == 64
    again = client.post("/api/v1/watchlists", json=API_BODY, headers=bearer)
    assert again.status_code == 200 and again.json()["webhook_secret"] is None  # said once
    bad = client.post("/api/v1/watchlists", json={"name": "x", "region": "Surabaya"}, headers=bearer)
    assert bad.status_code == 400 and "Kemendagri code" in bad.json()["error"]["message"]
    assert (
        client.post("/api/v1/watchlists", json={"name": "x", "entities": ["nobody"]}, headers=bearer).status_code == 404
    )
    listed = client.get("/api/v1/watchlists").json()
    assert [w["name"] for w in listed] == ["Dinkes Surabaya"] and listed[0]["spec"]["webhook_secret"] == "***"
    renamed = client.put("/api/v1/watchlists/dinkes surabaya", json={**API_BODY, "name": "Lain"}, headers=bearer)
    assert renamed.status_code == 400
    assert client.put("/api/v1/watchlists/dinkes surabaya", json=API_BODY, headers=bearer).status_code == 200
    assert client.delete("/api/v1/watchlists/dinkes surabaya", headers=bearer).status_code == 204
    assert client.get("/api/v1/watchlists/dinkes surabaya").status_code == 404


def test_api_lists_matches_and_marks_alerts_seen(
    watch_api: tuple[TestClient, str, dict[str, str], dict[str, str]],
) -> None:
    client, db, bearer, _ = watch_api
    assert client.post("/api/v1/watchlists", json=API_BODY, headers=bearer).status_code == 201
    with open_store(db) as store:
        store.save(replace(W2, text=W2.text + " Warga antusias."))  # changed: matched now
    matches = client.get("/api/v1/watchlists/dinkes surabaya/matches").json()["items"]
    assert [(m["article_id"], [r["kind"] for r in m["reasons"]]) for m in matches] == [("w2", ["entity", "keyword"])]
    alerts = client.get("/api/v1/alerts").json()["items"]
    assert len(alerts) == 1
    seen = client.post("/api/v1/alerts/seen", json={"alert_ids": [alerts[0]["alert_id"]]}, headers=bearer)
    assert seen.json() == {"marked": 1} and client.get("/api/v1/alerts").json()["items"] == []


# --- the command line ---------------------------------------------------------------------------------------


def test_cli_watch_matches_what_ingest_saves(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.conftest import DEMO
    from warta.cli import main

    db = str(tmp_path / "w.db")
    page = str(DEMO / "articles" / "kabarjatim-06-debat-pilkada-mojokerto.html")
    other = str(DEMO / "articles" / "kabarjatim-02-retribusi-digital-kota-mojokerto.html")  # Kota Mojokerto: 35.76
    assert main(["--db", db, "watch", "add", "Pemkab Mojokerto", "--region", "35.16"]) == 0
    assert main(["--db", db, "ingest", page, other]) == 0
    capsys.readouterr()
    assert main(["--db", db, "watch", "list", "--format", "jsonl"]) == 0
    (listed,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (listed["name"], listed["matches"], listed["unseen"]) == ("Pemkab Mojokerto", 1, 1)
    assert main(["--db", db, "watch", "show", "pemkab mojokerto", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in shown["newest"][0]["reasons"]] == ["region"]
    assert main(["--db", db, "watch", "remove", "Pemkab Mojokerto"]) == 0
    capsys.readouterr()
    for argv, message in (
        (["watch", "add", "x"], "watches nothing"),
        (["watch", "add", "x", "--entity", "Nobody Here"], "no entity"),
        (["watch", "show", "gone"], "no watchlist"),
        (["watch", "remove", "gone"], "no watchlist"),
    ):
        assert main(["--db", db, *argv]) != 0
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1 and "Traceback" not in err
