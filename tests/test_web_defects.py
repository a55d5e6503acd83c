"""Data defects that reached the screen (issue 19), over hand-written articles in a store on both backends:
renamed bodies named by date, a region's own bodies and officials apart from national bodies and other regions,
role-only persons with their holder (or a note that it is not known), error pages in the page's language, and
English plurals."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Databases
from warta import web
from warta.app import create_app
from warta.model import Article, Entity, Mention, Quote, Role
from warta.store import open_store
from warta.web import i18n, messages, names

MOJOKERTO = Entity("c-mjk", "Kabupaten Mojokerto", "city", kb={"region_code": "35.16", "region_kind": "kabupaten"})
BKPM_NOW = "Kementerian Investasi dan Hilirisasi/Badan Koordinasi Penanaman Modal"
KOMDIGI_KB = {"key": "kominfo-komdigi", "current_name": "Kementerian Komunikasi dan Digital"}
BUPATI = Role("Bupati", "Kabupaten Mojokerto", "c-mjk")
WAKIL = Role("Wakil Bupati", "Kabupaten Mojokerto", "c-mjk")
KADINKES_SBY = Role("Kepala Dinas Kesehatan", "Kota Surabaya", "gb-dinkes-sby")

WEEK_OF_QUOTES = "dari=2023-04-27&sampai=2023-05-03"  # the web pages' period (warta.web.period) around A_OLD

# Each article: its id, date, text, and for each mentioned entity the surface it is mentioned by.
A_KOMINFO = (
    "a-kominfo",
    "2022-08-15",
    "Kementerian Komunikasi dan Informatika memperluas jaringan internet desa di Kabupaten Mojokerto.",
)
A_OLD = (
    "a-old",
    "2023-05-02",
    "Kementerian Komunikasi dan Informatika melatih perangkat desa di Kabupaten Mojokerto bersama Pemkab Mojokerto, "
    "Dinas Kesehatan Kabupaten Mojokerto, DPRD Kabupaten Mojokerto dan Polres Mojokerto. Karang Taruna Tunas "
    "Harapan ikut membantu, begitu pula Dinas Kesehatan Kota Surabaya.\n\n"
    'Bupati Mojokerto mengatakan, "Pelatihan ini kami sambut dengan gembira." Wakil Bupati Mojokerto menyebut '
    "pelatihan digelar di tiap kecamatan. Kepala Dinas Kesehatan Kota Surabaya Rina Lestari turut hadir.",
)
A_HOLDER = (
    "a-holder",
    "2023-04-20",
    "Bupati Mojokerto Sri Wahyuni meninjau Kabupaten Mojokerto bagian selatan bersama Pemkab Mojokerto dan "
    "Komisi Pemilihan Umum Kabupaten Mojokerto.",
)
A_NEW = (
    "a-new",
    "2025-03-10",
    "Kementerian Komunikasi dan Digital membuka kelas literasi digital di Kabupaten Mojokerto.",
)
A_BKPM = ("a-bkpm", "2020-06-01", "Badan Koordinasi Penanaman Modal mencatat investasi baru di Kabupaten Mojokerto.")

ENTITIES = {
    "Kementerian Komunikasi dan Informatika": Entity("m-kominfo", "", "ministry", kb=KOMDIGI_KB),
    "Kementerian Komunikasi dan Digital": Entity("m-kominfo", "", "ministry", kb=KOMDIGI_KB),
    "Kabupaten Mojokerto": MOJOKERTO,
    "Pemkab Mojokerto": Entity("gb-pemkab", "Pemkab Mojokerto", "government_body", kb={"region_code": "35.16"}),
    "Dinas Kesehatan Kabupaten Mojokerto": Entity(
        "gb-dinkes-mjk", "Dinas Kesehatan Kabupaten Mojokerto", "government_body", kb={"region_code": "35.16"}
    ),
    "DPRD Kabupaten Mojokerto": Entity("gb-dprd", "DPRD Kabupaten Mojokerto", "government_body",
                                       kb={"region_code": "35.16"}),
    "Polres Mojokerto": Entity("gb-polres", "Polres Mojokerto", "government_body",
                               kb={"region_code": "35.16", "unit_kind": "polisi"}),
    "Karang Taruna Tunas Harapan": Entity("o-karang", "Karang Taruna Tunas Harapan", "organization"),
    "Dinas Kesehatan Kota Surabaya": Entity(
        "gb-dinkes-sby", "Dinas Kesehatan Kota Surabaya", "government_body", kb={"region_code": "35.78"}
    ),
    "Bupati Mojokerto": Entity("p-bupati", "Bupati Mojokerto", "person", named=False, roles=(BUPATI,)),
    "Wakil Bupati Mojokerto": Entity("p-wakil", "Wakil Bupati Mojokerto", "person", named=False, roles=(WAKIL,)),
    "Rina Lestari": Entity("p-rina", "Rina Lestari", "person", roles=(KADINKES_SBY,)),
    "Sri Wahyuni": Entity("p-sri", "Sri Wahyuni", "person", roles=(BUPATI,)),
    "Badan Koordinasi Penanaman Modal": Entity("m-bkpm", "Badan Koordinasi Penanaman Modal", "ministry",
                                               kb={"key": "bkpm-investasi", "current_name": BKPM_NOW}),
    "Komisi Pemilihan Umum Kabupaten Mojokerto": Entity("a-kpu-mjk", "Komisi Pemilihan Umum Kabupaten Mojokerto",
                                                        "agency", kb={"key": "kpu", "region_code": "35.16"}),
}  # fmt: skip


def _article(article_id: str, day: str, text: str) -> Article:
    """The article with a mention of every `ENTITIES` surface its text holds (the first place it occurs, the
    longest surface first), and a quote of each role-only person that speaks in it."""
    mentions: list[Mention] = []
    entities: dict[str, Entity] = {}
    taken: list[tuple[int, int]] = []
    for surface in sorted(ENTITIES, key=len, reverse=True):
        start = next((m.start() for m in re.finditer(re.escape(surface), text) if not _inside(m.start(), taken)), -1)
        if start < 0 or (surface == "Bupati Mojokerto" and text.startswith("Bupati Mojokerto Sri")):
            continue
        entity = ENTITIES[surface]
        taken.append((start, start + len(surface)))
        mentions.append(Mention(start, start + len(surface), surface, entity.type, entity.id))
        entities[entity.id] = entity if entity.name else Entity(entity.id, surface, entity.type, kb=entity.kb)
    quotes = []
    said = "Pelatihan ini kami sambut dengan gembira."
    if said in text:
        start = text.index(said)
        quotes.append(Quote(f"{article_id}-q1", start, start + len(said), said, "direct", "mengatakan", "p-bupati"))
        said = "pelatihan digelar di tiap kecamatan"
        start = text.index(said)
        quotes.append(Quote(f"{article_id}-q2", start, start + len(said), said, "indirect", "menyebut", "p-wakil"))
    return Article(article_id, text, title=f"Judul {article_id}", source="uji.test", published=f"{day}T09:00:00+07:00",
                   mentions=tuple(sorted(mentions, key=lambda m: m.start)), entities=tuple(entities.values()),
                   quotes=tuple(quotes))  # fmt: skip


def _inside(start: int, taken: list[tuple[int, int]]) -> bool:
    return any(a <= start < b for a, b in taken)


def _misnamed_old() -> Article:
    """The 2023 article whose document names the ministry by its current name (as an older extractor or a
    curation may leave a document), although its text and date give the name of 2023."""
    old = _article(*A_OLD)
    misnamed = tuple(replace(e, name=KOMDIGI_KB["current_name"]) if e.id == "m-kominfo" else e for e in old.entities)
    return replace(old, entities=misnamed)


@pytest.fixture
def defects_client(databases: Databases) -> Iterator[TestClient]:
    """A client over a store of the five articles, the 2022 one first: the store keeps the name of the ministry
    its first article gives (Kementerian Komunikasi dan Informatika)."""
    location = databases.new()
    with open_store(location) as opened:
        opened.save_many([_article(*a) for a in (A_KOMINFO, A_HOLDER, A_NEW, A_BKPM)] + [_misnamed_old()])
    with TestClient(create_app(location), base_url="http://localhost", raise_server_exceptions=False) as client:
        yield client


def _text(html: str) -> str:
    """The page's text: tags dropped, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _section(html: str, testid: str) -> str:
    """The text of the card `data-testid=testid` (up to the next section)."""
    start = html.index(">", html.index(f'data-testid="{testid}"')) + 1
    return _text(html[start : html.index("</section>", start)])


# --- renamed bodies ------------------------------------------------------------------------------------------


def test_a_renamed_body_is_named_as_on_the_article_date(defects_client: TestClient) -> None:
    assert 'title="Kementerian Komunikasi dan Digital"' in defects_client.get("/artikel/a-new").text
    assert "m-kominfo" in {e.id for e in _misnamed_old().entities}
    page = defects_client.get("/artikel/a-old").text
    assert 'title="Kementerian Komunikasi dan Informatika"' in page
    assert "Kementerian Komunikasi dan Digital" not in page  # nor in the graph's data, nor the extracted groups


def test_the_article_page_dates_names_from_the_knowledge_base() -> None:
    doc: dict[str, Any] = {
        "article": {"published": "2023-05-02T09:00:00+07:00"},
        "entities": [{"id": "m", "name": "Kementerian Komunikasi dan Digital", "kb": KOMDIGI_KB},
                     {"id": "p", "name": "Sri Wahyuni", "kb": {}}],
        "extracted": {"ministries": ["Kementerian Komunikasi dan Digital"], "persons": ["Sri Wahyuni"]},
    }  # fmt: skip
    dated = names.dated_document(doc)
    assert [e["name"] for e in dated["entities"]] == ["Kementerian Komunikasi dan Informatika", "Sri Wahyuni"]
    assert dated["extracted"]["ministries"] == ["Kementerian Komunikasi dan Informatika"]
    assert doc["entities"][0]["name"] == "Kementerian Komunikasi dan Digital"  # the stored one is left alone


def test_a_renamed_body_page_shows_its_current_name_and_earlier_ones(defects_client: TestClient) -> None:
    page = defects_client.get("/entitas/m-kominfo").text
    heading = re.search(r'data-testid="entity-name">([^<]*)<', page)
    assert heading is not None and heading.group(1) == "Kementerian Komunikasi dan Digital"
    former = _section_line(page, "former-names")
    assert former == (
        "sebelumnya: Kementerian Komunikasi dan Informatika (2009–2024); "
        "Departemen Komunikasi dan Informatika (2005–2009)"
    )
    assert "Nama lain:" not in page  # its only other name, the current one, is the heading
    english = _section_line(defects_client.get("/entitas/m-bkpm?lang=en").text, "former-names")
    assert english == (
        "formerly: Kementerian Investasi/Badan Koordinasi Penanaman Modal (2021–2024); "
        "Badan Koordinasi Penanaman Modal (until 2021)"
    )
    assert "former-names" not in defects_client.get("/entitas/gb-pemkab").text
    office = defects_client.get("/entitas/a-kpu-mjk").text  # a regional office keeps its own name
    assert 'data-testid="entity-name">Komisi Pemilihan Umum Kabupaten Mojokerto<' in office


def _section_line(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return _text(html[html.index(">", start) + 1 : html.index("</p>", start)])


# --- a region's own bodies and officials -----------------------------------------------------------------------


def test_a_region_lists_its_own_bodies_and_officials_apart(defects_client: TestClient) -> None:
    page = defects_client.get("/wilayah/35.16?dari=2020-01-01&sampai=2025-12-31").text  # every article's day
    own = _section(page, "region-own-bodies")
    for body in (
        "Pemkab Mojokerto",
        "Dinas Kesehatan Kabupaten Mojokerto",
        "DPRD Kabupaten Mojokerto",
    ):
        assert body in own
    vertical = _section(page, "region-vertical")  # national bodies' offices in the region: not the OPD
    assert "Polres Mojokerto" in vertical and "Komisi Pemilihan Umum Kabupaten Mojokerto" in vertical
    assert "Polres" not in own and "Komisi Pemilihan Umum" not in own
    assert "Kementerian" not in own and "Surabaya" not in own and "Karang Taruna" not in own
    national = _section(page, "region-national")  # by their current names
    assert "Kementerian Komunikasi dan Digital" in national and BKPM_NOW in national
    assert "Informatika" not in national and "Komisi Pemilihan Umum" not in national
    elsewhere = _section(page, "region-elsewhere")
    assert "Dinas Kesehatan Kota Surabaya" in elsewhere and "Mojokerto" not in elsewhere
    assert "Karang Taruna Tunas Harapan" in _section(page, "region-other_bodies")
    officials = page[page.index('class="officials"') : page.index("</ul>", page.index('class="officials"'))]
    assert "Bupati Mojokerto" in officials and "Sri Wahyuni" in officials and "Rina Lestari" not in officials
    assert page.index('class="officials"') < page.index('data-testid="region-own-bodies"')
    assert page.index('data-testid="region-own-bodies"') < page.index('data-testid="region-national"')
    english = _text(defects_client.get("/wilayah/35.16?lang=en").text)
    assert (
        "National bodies" in english and "Other regions" in english and "Regional government and its offices" in english
    )
    assert "National offices in this region" in english


# --- role-only persons -----------------------------------------------------------------------------------------


def test_a_role_only_person_offers_its_holder_or_says_it_is_unknown(defects_client: TestClient) -> None:
    bupati = _text(defects_client.get("/entitas/p-bupati").text)
    assert "hanya disebut jabatannya kemungkinan dijabat oleh Sri Wahyuni" in bupati
    wakil = defects_client.get("/entitas/p-wakil").text
    assert "nama pejabat belum diketahui" in wakil and "kemungkinan dijabat" not in wakil
    assert "the official's name is not known yet" in _text(defects_client.get("/entitas/p-wakil?lang=en").text)


def test_role_only_speakers_in_quote_lists_and_tokoh(defects_client: TestClient) -> None:
    region = defects_client.get(f"/wilayah/35.16?{WEEK_OF_QUOTES}").text
    quotes = [_text(q) for q in region.split('data-testid="quote"')[1:]]
    said = next(q for q in quotes if "Pelatihan ini kami sambut" in q)
    assert "Bupati Mojokerto kemungkinan dijabat oleh Sri Wahyuni" in said
    assert "Wakil Bupati Mojokerto nama pejabat belum diketahui" in next(q for q in quotes if "tiap kecamatan" in q)
    tokoh = _text(defects_client.get("/artikel/a-old").text)
    assert "Bupati Mojokerto (hanya disebut jabatannya) kemungkinan dijabat oleh Sri Wahyuni" in tokoh
    assert "Wakil Bupati Mojokerto (hanya disebut jabatannya) nama pejabat belum diketahui" in tokoh
    assert "Sri Wahyuni nama pejabat" not in tokoh  # a named person gets no note
    isu = defects_client.get("/artikel/a-old").text.split('href="/isu/')[1].split('"')[0]
    tokoh = _section(defects_client.get(f"/isu/{isu}").text, "isu-tokoh")
    assert "Bupati Mojokerto kemungkinan dijabat oleh Sri Wahyuni" in tokoh
    assert "Wakil Bupati Mojokerto nama pejabat belum diketahui" in tokoh


# --- error pages in the page's language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "indonesian", "english"),
    [
        ("/entitas/nope", 404, "Entitas 'nope' tidak ditemukan.", "Entity 'nope' not found."),
        ("/artikel/nope", 404, "Berita 'nope' tidak ditemukan.", "Article 'nope' not found."),
        ("/wilayah/abc", 400, "'abc' bukan kode wilayah Kemendagri", "'abc' is not a Kemendagri region code"),
        ("/wilayah/99.99", 404, "Wilayah dengan kode '99.99' tidak ditemukan.", "No region with code '99.99'."),
        ("/wilayah/35.16?sampai=kemarin", 400, "'kemarin' bukan tanggal", "'kemarin' is not a date"),
        ("/no/such/page", 404, "Halaman /no/such/page tidak ada.", "There is no page /no/such/page."),
        ("/entitas/p-sri?berita=zzz", 400, "Tautan halaman berikutnya sudah tidak berlaku",
         "The next-page link is no longer valid"),
    ],
)  # fmt: skip
def test_error_pages_speak_the_page_language(
    defects_client: TestClient, path: str, status: int, indonesian: str, english: str
) -> None:
    page = defects_client.get(path)
    assert page.status_code == status and "text/html" in page.headers["content-type"]
    assert indonesian in _section(page.text, "error-message") and "Terjadi kesalahan" in page.text
    joiner = "&" if "?" in path else "?"
    other = defects_client.get(path + joiner + "lang=en")
    assert other.status_code == status and english in _section(other.text, "error-message")
    assert "Something went wrong" in other.text


def test_a_server_error_page_is_in_indonesian(defects_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(web.pages, "entity", broken)
    page = defects_client.get("/entitas/p-sri")
    assert page.status_code == 500 and "Terjadi kesalahan di server" in page.text and "boom" not in page.text
    assert "Something went wrong on the server" in defects_client.get("/entitas/p-sri?lang=en").text


def test_unknown_messages_get_their_status_message_and_the_detail() -> None:
    said = messages.localize("id", 413, "body of 9000000 bytes is over the limit")
    assert said.text == "Permintaan terlalu besar." and said.detail == "body of 9000000 bytes is over the limit"
    assert messages.localize("en", 418, "").text == "The request cannot be answered."
    assert messages.localize("id", 400, "dari 2024-05-02 setelah sampai 2024-05-01; tukar").text.startswith(
        "Tanggal awal 2024-05-02 jatuh setelah tanggal akhir 2024-05-01"
    )
    assert messages.localize("en", 400, "periode 'besok' tidak dikenal; gunakan hari-ini").text == (
        "The value 'besok' is not one of the choices here."
    )


def test_every_error_text_exists_in_both_languages() -> None:
    assert messages.ERRORS["id"].keys() == messages.ERRORS["en"].keys()
    used = {key for _, key in messages.PATTERNS}
    assert used <= messages.ERRORS["id"].keys()


def test_every_word_has_both_languages() -> None:
    """Every key of words.tsv is in both languages, but the English singulars (`….one`), which Indonesian lacks."""
    indonesian, english = i18n.STRINGS["id"].keys(), i18n.STRINGS["en"].keys()
    assert english - indonesian == {key for key in english if key.endswith(".one")}
    assert indonesian <= english


# --- plurals ---------------------------------------------------------------------------------------------------


def test_english_counts_have_their_plural() -> None:
    assert i18n.count_text("en", 1, "count.mentions") == "1 mention"
    assert i18n.count_text("en", 2, "count.mentions") == "2 mentions"
    assert i18n.count_text("en", 0, "count.articles") == "0 articles"
    assert i18n.count_text("en", 1, "count.articles") == "1 article"
    assert i18n.count_text("en", 1, "count.outlets") == "1 outlet"
    assert i18n.count_text("id", 1, "count.mentions") == "1 sebutan"
    assert i18n.count_text("id", 3, "count.articles") == "3 berita"
    for key in ("count.mentions", "count.articles", "count.quotes", "count.outlets"):
        assert i18n.STRINGS["en"][key + ".one"] != i18n.STRINGS["en"][key]


def test_pages_use_the_plural_forms(defects_client: TestClient) -> None:
    wakil = _text(defects_client.get("/entitas/p-wakil?lang=en").text)
    assert "1 mention · 1 article" in wakil
    komdigi = _text(defects_client.get("/entitas/m-kominfo?lang=en").text)
    assert "3 mentions · 3 articles" in komdigi
    assert "1 sebutan · 1 berita" in _text(defects_client.get("/entitas/p-wakil?lang=id").text)
    region = _text(defects_client.get("/wilayah/35.16?lang=en").text)
    assert re.search(r"\b5 articles\b", region) and not re.search(r"\b1 articles\b", region)
