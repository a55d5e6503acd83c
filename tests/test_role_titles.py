"""A role's title and body said together without doubled words ("Kepala Dinas" of "Dinas Kesehatan …" is
"Kepala Dinas Kesehatan …"): the shared joining function, the role-only person's name the extractor gives,
and the places the store and pages show a role. Hand-written texts and rows."""

from __future__ import annotations

import pytest

from warta.kb.roles import role_parts, role_text
from warta.model import Article, Entity, Mention, Role
from warta.pipeline import Pipeline
from warta.store import queries
from warta.store.queries.regions import _officials
from warta.store.sqlstore import SQLStore
from warta.summary import to_text
from warta.web.pages import role_text as page_role_text

DPRD = "Dewan Perwakilan Rakyat Daerah Kabupaten Malang"


@pytest.mark.parametrize(
    ("title", "of", "shown"),
    [
        ("Kepala Dinas", "Dinas Kesehatan Kota Batu", "Kepala Dinas Kesehatan Kota Batu"),
        ("Kepala Dinas Kesehatan", "Dinas Kesehatan Kota Batu", "Kepala Dinas Kesehatan Kota Batu"),
        ("Plt Kepala Dinas", "Dinas Sosial Kabupaten Jember", "Plt Kepala Dinas Sosial Kabupaten Jember"),
        ("Ketua DPRD", DPRD, f"Ketua {DPRD}"),
        ("Ketua KPU", "Komisi Pemilihan Umum Kabupaten Sleman", "Ketua Komisi Pemilihan Umum Kabupaten Sleman"),
        ("Kepala Desa", "Desa Punten", "Kepala Desa Punten"),
        # nothing shared: unchanged
        ("Bupati", "Kabupaten Mojokerto", "Bupati Kabupaten Mojokerto"),
        ("Kepala", "Dinas Sosial Kabupaten Mojokerto", "Kepala Dinas Sosial Kabupaten Mojokerto"),
        (
            "Anggota Komisi III",
            "Dewan Perwakilan Rakyat Daerah Kota Bogor",
            "Anggota Komisi III Dewan Perwakilan Rakyat Daerah Kota Bogor",
        ),
        ("Ketua DPRD", "Kabupaten Malang", "Ketua DPRD Kabupaten Malang"),
        ("Kepala Desa", "Sumberbrantas", "Kepala Desa Sumberbrantas"),
        ("Tenaga Ahli", None, "Tenaga Ahli"),
        ("Juru Bicara", "", "Juru Bicara"),
    ],
)
def test_role_text_says_shared_words_once(title: str, of: str | None, shown: str) -> None:
    assert role_text(title, of) == shown


def test_role_parts_keep_the_body_whole() -> None:
    """The body stays whole (it is a link on the entity page); the title gives up the shared words."""
    assert role_parts("Ketua DPRD", DPRD) == ("Ketua", DPRD)
    assert role_parts("Kepala Dinas", "Dinas Kesehatan Kota Batu") == ("Kepala", "Dinas Kesehatan Kota Batu")
    assert role_parts("Bupati", None) == ("Bupati", "")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ketua DPRD Kabupaten Lamongan menyebut anggaran sekolah naik.",
         "Ketua Dewan Perwakilan Rakyat Daerah Kabupaten Lamongan"),
        ("Kepala Dinas Kesehatan Kabupaten Lamongan menyebut kasus demam berdarah turun.",
         "Kepala Dinas Kesehatan Kabupaten Lamongan"),
    ],
)  # fmt: skip
def test_role_only_person_name_has_no_doubled_words(pipe: Pipeline, text: str, name: str) -> None:
    article = pipe.annotate(Article(id="t", text=text))
    persons = [e for e in article.entities if e.type == "person"]
    assert [p.name for p in persons] == [name]
    assert not persons[0].named


def test_pages_and_summary_join_without_doubling() -> None:
    role = {"title": "Kepala Dinas", "of": "Dinas Perhubungan Kota Bogor", "of_entity": None}
    assert page_role_text(role) == "Kepala Dinas Perhubungan Kota Bogor"
    assert page_role_text({"title": "Bupati"}) == "Bupati"
    doc = {
        "article": {"title": "Uji", "text": "Teks uji."},
        "entities": [{"id": "p-1", "name": "Rina Puspita", "named": True, "type": "person", "inferred": False,
                      "roles": [{"title": "Ketua DPRD", "of": DPRD}], "aliases": []}],
        "quotes": [],
        "edges": [],
        "mentions": [],
        "extracted": {},
    }  # fmt: skip
    assert f"Rina Puspita — Ketua {DPRD}" in to_text(doc)


def _article() -> Article:
    body = Entity("gb-dprd", DPRD, "government_body", kb={"region_code": "35.07"})
    rina = Entity("p-rina", "Rina Puspita", "person", roles=(Role("Ketua DPRD", DPRD, "gb-dprd"),))
    text = f"Ketua DPRD {DPRD} Rina Puspita hadir."
    return Article(
        id="art-dprd",
        text=text,
        published="2024-03-01T10:00:00+07:00",
        mentions=(
            Mention(0, 10, "Ketua DPRD", "person", "p-rina", "pattern", Role("Ketua DPRD", DPRD, "gb-dprd")),
            Mention(11, 11 + len(DPRD), DPRD, "government_body", "gb-dprd", "kb"),
            Mention(12 + len(DPRD), 24 + len(DPRD), "Rina Puspita", "person", "p-rina", "kb"),
        ),
        entities=(rina, body),
    )


def test_store_rows_show_roles_without_doubling(store: SQLStore) -> None:
    store.save(_article())
    [period] = queries.entity_detail(store, "p-rina").roles
    assert (period.title, period.shown_title, period.of_name) == ("Ketua DPRD", "Ketua", DPRD)
    [official] = _officials(store, "35.07")
    assert official.roles == [f"Ketua {DPRD}"]
