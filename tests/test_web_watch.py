"""The watchlist (/pantauan) and alert (/peringatan) pages and their forms, over a store of the hand-built
articles of tests/test_watch.py on both backends: what the pages show, the forms' writes (and that a POST without
its CSRF token, from another site, or without a `write` token where reads need tokens, changes nothing), the
form's errors in Indonesian, and the header's count of unread alerts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.conftest import Databases
from tests.test_watch import ARTICLES, IKFINA, PEMKAB, W1
from warta.app import create_app
from warta.settings import Settings
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore
from warta.watch import Watchlist, watchlist_id
from warta.web import watch_data
from warta.web.watch import CSRF_COOKIE

FLOOD = Watchlist("Banjir Mojokerto", entities=(PEMKAB,), keywords=("banjir",), region="35.16")
JATIM = Watchlist("Jawa Timur", region="35")
LOCAL = "http://localhost"


@pytest.fixture
def location(databases: Databases) -> str:
    """A store of the three hand-built articles, saved after two watchlists: 1 + 3 alerts."""
    where = databases.new()
    with open_store(where) as store:
        store.save_watchlist(FLOOD)
        store.save_watchlist(JATIM)
        store.save_many(ARTICLES)
    return where


@pytest.fixture
def client(location: str) -> Iterator[TestClient]:
    with TestClient(create_app(location), base_url=LOCAL) as c:
        yield c


def opened(location: str) -> SQLStore:
    return open_store(location)


def text_of(response: Response) -> str:
    """A page's visible words, tags dropped and spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def token(client: TestClient, path: str = "/pantauan") -> str:
    """The CSRF token of a page's forms (its cookie is then held by the client)."""
    response = client.get(path)
    assert response.status_code == 200, path
    found = re.search(r'name="csrf" value="([^"]+)"', response.text)
    assert found and client.cookies.get(CSRF_COOKIE) == found.group(1)
    return found.group(1)


def unseen_in_header(response: Response) -> int:
    found = re.search(r'data-testid="unseen-count" data-count="(\d+)"', response.text)
    return int(found.group(1)) if found else 0


def stored(location: str) -> list[tuple[str, str]]:
    with opened(location) as store:
        return [(i.name, repr(i.spec)) for i in queries.list_watchlists(store)]


def unseen(location: str) -> int:
    with opened(location) as store:
        return queries.unseen_alerts(store)


def test_the_list_shows_each_watchlist_its_counts_and_the_form(client: TestClient) -> None:
    response = client.get("/pantauan")
    assert response.status_code == 200
    words = text_of(response)
    assert "Banjir Mojokerto" in words and "Jawa Timur" in words and "Buat pantauan" in words
    assert "“banjir”" in words and "Kabupaten Mojokerto" in words and "Pemkab Mojokerto" in words
    assert "1 berita · 1 peringatan belum dibaca" in words and "3 berita · 3 peringatan belum dibaca" in words
    assert f'href="/pantauan/{FLOOD.id}"' in response.text
    assert unseen_in_header(response) == 4
    assert 'data-suggest="suggest-e1"' in response.text and '<option value="Kabupaten Mojokerto">35.16' in response.text


def test_a_watchlist_page_shows_its_matches_with_why(client: TestClient) -> None:
    response = client.get(f"/pantauan/{FLOOD.id}")
    assert response.status_code == 200
    html, words = response.text, text_of(response)
    feed = f"/api/v1/watchlists/{FLOOD.id}/feed.atom"
    assert f'<link rel="alternate" type="application/atom+xml" title="Banjir Mojokerto" href="{feed}">' in html
    assert f'href="/pantauan/{FLOOD.id}/ubah"' in html and f'action="/pantauan/{FLOOD.id}/hapus"' in html
    assert client.get(feed).status_code == 200  # the feed the page links to
    assert 'href="/artikel/w1"' in html and "Judul w1" in words and "uji.test" in words
    assert "1 Desember 2026 08:00 WIB" in words
    reasons = re.findall(r'<li data-testid="reason" data-kind="(\w+)">(.*?)</li>', html, re.S)
    assert [kind for kind, _ in reasons] == ["entity", "keyword", "region"]
    entity, keyword, region = (" ".join(unescape(re.sub(r"<[^>]+>", "|", body)).split()) for _, body in reasons)
    assert 'href="/entitas/gb-pemkab"' in reasons[0][1] and "<mark>Pemkab Mojokerto</mark>" in reasons[0][1]
    assert "menyiapkan posko" in entity  # the words around the mention
    assert "<mark>BANJIR</mark>" in reasons[1][1] and "menyebut" in keyword and "Bandang" in keyword
    assert 'href="/wilayah/35.16"' in reasons[2][1] and "Kabupaten Mojokerto" in region
    assert client.get("/pantauan/tidak-ada").status_code == 404


def test_creating_and_editing_through_the_form(client: TestClient, location: str) -> None:
    csrf = token(client)
    form = {"csrf": csrf, "nama": "  Ikfina  di   Mojokerto ", "entitas": ["Ikfina", ""],
            "kata_kunci": "posko\nbanjir bandang", "wilayah": "Mojokerto", "alias": "1", "nada": "negatif",
            "email": "humas@mojokerto.test", "ringkasan": "daily"}  # fmt: skip
    response = client.post("/pantauan", data=form, follow_redirects=False)
    wid = watchlist_id("Ikfina di Mojokerto")
    assert response.status_code == 303 and response.headers["location"] == f"/pantauan/{wid}"
    with opened(location) as store:
        assert queries.watchlist(store, wid) == Watchlist(
            "Ikfina di Mojokerto", (IKFINA,), True, False, ("posko", "banjir bandang"), "35.16", "negatif",
            emails=("humas@mojokerto.test",), digest="daily")  # fmt: skip
    assert "Ikfina di Mojokerto" in text_of(client.get("/pantauan"))

    edit = client.get(f"/pantauan/{wid}/ubah")
    assert 'name="entitas_id" value="p-ikfina" checked' in edit.text and "readonly" in edit.text
    assert 'value="Kabupaten Mojokerto"' in edit.text  # the region by its name
    changed = {"csrf": csrf, "nama": "Another name", "entitas": "Pemkab Mojokerto", "kata_kunci": "",
               "wilayah": "35.16.05", "pejabat": "1", "ringkasan": "immediate"}  # fmt: skip
    response = client.post(f"/pantauan/{wid}", data=changed, follow_redirects=False)
    assert response.status_code == 303
    with opened(location) as store:
        w = queries.watchlist(store, wid)
        assert (w.name, w.entities, w.keywords, w.region, w.aliases, w.holders, w.emails, w.tone) == (
            "Ikfina di Mojokerto", (PEMKAB,), (), "35.16.05", False, True, (), None)  # fmt: skip


def test_a_new_webhook_shows_its_secret_once(client: TestClient, location: str) -> None:
    form = {"csrf": token(client), "nama": "Hook", "kata_kunci": "banjir", "webhook": "https://hook.test/warta"}
    response = client.post("/pantauan", data=form)
    assert response.status_code == 201
    with opened(location) as store:
        secret = store.conn.execute("SELECT spec FROM watchlists WHERE name = 'Hook'").fetchone()[0]
    shown = re.search(r'data-testid="watch-secret".*?<code>([0-9a-f]{64})</code>', response.text, re.S)
    assert shown and shown.group(1) in secret
    assert shown.group(1) not in client.get(f"/pantauan/{watchlist_id('Hook')}").text


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"nama": "Kosong"}, "Pantauan 'Kosong' belum memantau apa pun"),
        ({"nama": "X", "wilayah": "Atlantis"}, "Wilayah 'Atlantis' tidak ditemukan"),
        ({"nama": "X", "entitas": "Zzyzx Qwv"}, "Entitas 'Zzyzx Qwv' tidak ditemukan"),
        ({"nama": "X", "kata_kunci": "banjir", "email": "bukan-alamat"}, "'bukan-alamat' bukan alamat e-mail"),
        ({"nama": "X", "kata_kunci": "banjir", "webhook": "ftp://x"}, "bukan alamat http:// atau https://"),
        ({"nama": "banjir  MOJOKERTO", "kata_kunci": "banjir"}, "Pantauan bernama 'Banjir Mojokerto' sudah ada"),
        ({"nama": "", "kata_kunci": "banjir"}, "Pantauan perlu nama"),
    ],
)
def test_form_errors_are_said_on_the_form_in_indonesian(
    client: TestClient, location: str, fields: dict[str, str], said: str
) -> None:
    before = stored(location)
    response = client.post("/pantauan", data={"csrf": token(client), **fields})
    assert response.status_code == 400
    assert said in text_of(response) and 'data-testid="watch-form"' in response.text
    assert f'value="{fields["nama"]}"' in response.text  # what was typed is kept
    assert stored(location) == before


def test_what_is_typed_is_escaped(client: TestClient) -> None:
    form = {"csrf": token(client), "nama": "<b>Tebal</b>", "kata_kunci": "<script>x</script>", "wilayah": "<i>"}
    response = client.post("/pantauan", data=form)
    assert response.status_code == 400 and "<script>x" not in response.text and "<b>Tebal" not in response.text
    assert "&lt;script&gt;x&lt;/script&gt;" in response.text and 'value="&lt;b&gt;Tebal&lt;/b&gt;"' in response.text
    form["wilayah"] = ""
    created = client.post("/pantauan", data=form, follow_redirects=False)
    assert created.status_code == 303
    page = client.get(created.headers["location"]).text
    assert "<script>x" not in page and "&lt;b&gt;Tebal&lt;/b&gt;" in page


def test_form_errors_in_english(client: TestClient) -> None:
    response = client.post("/pantauan?lang=en", data={"csrf": token(client), "nama": "X", "wilayah": "Atlantis"})
    assert response.status_code == 400 and "No region named 'Atlantis'" in text_of(response)


def test_writes_without_the_csrf_token_or_from_another_site_change_nothing(client: TestClient, location: str) -> None:
    csrf = token(client)
    before, count = stored(location), unseen(location)
    create = {"nama": "Baru", "kata_kunci": "banjir"}
    attempts: list[tuple[str, dict[str, str], dict[str, str]]] = [
        ("/pantauan", create, {}),  # no token
        ("/pantauan", {**create, "csrf": "x" * 43}, {}),  # not the cookie's
        ("/pantauan", {**create, "csrf": csrf}, {"origin": "http://evil.test"}),
        ("/pantauan", {**create, "csrf": csrf}, {"referer": "http://evil.test/form"}),
        ("/pantauan", {**create, "csrf": csrf}, {"sec-fetch-site": "cross-site"}),
        (f"/pantauan/{FLOOD.id}", {"nama": "x", "kata_kunci": "lain"}, {}),
        (f"/pantauan/{FLOOD.id}/hapus", {"yakin": "1"}, {}),
        ("/peringatan/dibaca", {"sampai": "9999"}, {}),
    ]
    for path, form, headers in attempts:
        response = client.post(path, data=form, headers=headers, follow_redirects=False)
        assert response.status_code == 403, (path, headers)
        assert "Token keamanan formulir" in response.text or "dikirim dari situs lain" in response.text
    client.cookies.clear()
    response = client.post("/pantauan", data={**create, "csrf": csrf}, follow_redirects=False)
    assert response.status_code == 403  # the token without its cookie
    assert stored(location) == before and unseen(location) == count
    assert client.get("/pantauan").headers["set-cookie"].startswith(CSRF_COOKIE)  # a new one is given
    ok = client.post("/pantauan", data={**create, "csrf": token(client)}, headers={"origin": LOCAL},
                     follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303


def test_deleting_needs_the_confirmation(client: TestClient, location: str) -> None:
    csrf = token(client)
    response = client.post(f"/pantauan/{FLOOD.id}/hapus", data={"csrf": csrf})
    assert response.status_code == 400 and "Centang kotak konfirmasi" in text_of(response)
    assert len(stored(location)) == 2
    response = client.post(f"/pantauan/{FLOOD.id}/hapus", data={"csrf": csrf, "yakin": "1"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/pantauan"
    assert [name for name, _ in stored(location)] == ["Jawa Timur"] and unseen(location) == 3


def test_alerts_are_listed_and_marked_read(client: TestClient, location: str) -> None:
    page = client.get("/peringatan")
    assert unseen_in_header(page) == 4
    alerts = re.findall(r'data-testid="match" data-alert="([^"]+)"', page.text)
    with opened(location) as store:
        expected = [m.alert_id for m in queries.watch_matches(store, unseen=True).items]
    assert alerts == expected and len(alerts) == 4  # newest first, as the store orders them
    assert 'data-testid="match-watchlist"' in page.text and 'data-testid="reason"' in page.text
    csrf = token(client, "/peringatan")
    response = client.post("/peringatan/dibaca", data={"csrf": csrf, "alert": alerts[0]}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/peringatan"
    after = client.get("/peringatan")
    assert unseen_in_header(after) == 3 and alerts[0] not in after.text
    assert alerts[0] in client.get("/peringatan?semua=1").text  # every alert, the read one too
    newest = re.search(r'name="sampai" value="([^"]+)"', after.text)
    assert newest
    client.post("/peringatan/dibaca", data={"csrf": csrf, "sampai": newest.group(1)})
    done = client.get("/peringatan")
    assert unseen(location) == 0 and unseen_in_header(done) == 0
    assert "Tidak ada peringatan yang belum dibaca" in text_of(done)


def test_mark_all_leaves_alerts_newer_than_the_page(location: str) -> None:
    with opened(location) as store:
        matched = sorted(m.matched for m in queries.watch_matches(store, unseen=True).items)
        assert watch_data.mark_read(store, [], "2000-01-01T00:00:00+00:00") == 0
        assert watch_data.mark_read(store, [], matched[-1]) == 4


def test_where_reads_need_a_token_writes_need_a_write_token(location: str) -> None:
    with opened(location) as store:
        _, reader = store.create_token("pembaca", "read")
        _, writer = store.create_token("penulis", "write")
    with TestClient(create_app(location, Settings(read_access="required")), base_url=LOCAL) as c:
        refused = c.get("/pantauan")
        assert refused.status_code == 401 and 'data-testid="unseen-count"' not in refused.text
        c.headers["authorization"] = f"Bearer {reader}"
        csrf = token(c)
        form = {"csrf": csrf, "nama": "Baru", "kata_kunci": "banjir"}
        assert c.post("/pantauan", data=form).status_code == 403
        assert c.post("/peringatan/dibaca", data={"csrf": csrf, "sampai": "9999"}).status_code == 403
        assert len(stored(location)) == 2 and unseen(location) == 4
        c.headers["authorization"] = f"Bearer {writer}"
        assert c.post("/pantauan", data=form, follow_redirects=False).status_code == 303
        del c.headers["authorization"]
        assert c.post("/pantauan", data=form).status_code == 401
    assert len(stored(location)) == 3


def test_the_header_count_costs_one_indexed_count(
    client: TestClient, location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    counted = queries.unseen_alerts

    def counting(store: SQLStore) -> int:
        calls.append(counted(store))
        return calls[-1]

    monkeypatch.setattr(queries, "unseen_alerts", counting)
    for path in ("/", "/berita", f"/pantauan/{FLOOD.id}", "/peringatan"):
        calls.clear()
        assert unseen_in_header(client.get(path)) == 4 and calls == [4], path
    calls.clear()
    assert client.get("/entitas/tidak-ada").status_code == 404 and calls == []  # not on error pages
    if location.startswith("postgresql"):
        return
    with opened(location) as store:
        plan = " ".join(str(row[-1]) for row in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM alerts WHERE seen = 0"))  # fmt: skip
    assert "USING COVERING INDEX alerts_unseen" in plan


def test_reason_context_cuts_at_words() -> None:
    start = W1.text.index("BANJIR")
    before, after = watch_data.context(W1.text, start, start + len("BANJIR"))
    assert before.endswith("Mojokerto menyebut ") and after.startswith(" Bandang merusak")
    assert before.startswith("…") and after.endswith("…")
    assert watch_data.context("abc", None, None) == ("", "") and watch_data.context("abc", 2, 9) == ("", "")


def test_reasons_name_what_was_watched() -> None:
    names = watch_data.Names({PEMKAB: watch_data.Named(PEMKAB, "Pemkab Mojokerto", f"/entitas/{PEMKAB}")},
                             {"35.16": "Kabupaten Mojokerto"})  # fmt: skip
    start = W1.text.index("Ikfina")
    holder = watch_data.reason_view({"kind": "holder", "value": PEMKAB, "label": "Ikfina", "start": start,
                                     "end": start + 6}, W1.text, names)  # fmt: skip
    assert (holder.watched.name, holder.word, holder.before[-7:]) == ("Pemkab Mojokerto", "Ikfina", "Bupati ")
    inferred = watch_data.reason_view({"kind": "region", "value": "35.16.05", "label": "35.16.05"}, W1.text, names)
    assert (inferred.watched.name, inferred.watched.href, inferred.word, inferred.before) == (
        "35.16.05", "/wilayah/35.16.05", "35.16.05", "")  # fmt: skip
    moved = watch_data.reason_view({"kind": "keyword", "value": "banjir", "label": "banjir", "start": 900,
                                    "end": 906}, W1.text, names)  # fmt: skip
    assert (moved.word, moved.before, moved.after) == ("banjir", "", "")  # offsets past the text: the label alone


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_word_is_translated(client: TestClient, lang: str) -> None:
    for path in ("/pantauan", f"/pantauan/{FLOOD.id}", f"/pantauan/{FLOOD.id}/ubah", "/peringatan?semua=1"):
        words = text_of(client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}"))
        assert not re.findall(r"\b(?:watch|alerts|nav)\.[a-z_.]+", words), path
    assert "Mark as read" in text_of(client.get("/peringatan?lang=en"))
