"""Person coreference and evidence for persons, on team-written sentences (invented persons)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.model import Article, Entity
from warta.pipeline import Pipeline
from warta.stages.coref import resolve_persons


def _doc(pipe: Pipeline, text: str) -> Article:
    return pipe.annotate(Article(id="t", text=text))


def _persons(article: Article) -> list[Entity]:
    return [e for e in article.entities if e.type == "person"]


def _named(article: Article) -> set[str]:
    return {e.name for e in _persons(article) if e.named}


def _speakers(article: Article) -> list[str | None]:
    names = {e.id: e.name for e in article.entities}
    return [names.get(q.speaker or "") for q in article.quotes if q.kind == "direct"]


def test_coref_every_part_of_a_name_is_one_person(pipe: Pipeline) -> None:
    text = (
        "Ketua tim peneliti, Siti Rahmawati Lubis, mengatakan hasil uji air sungai keluar pekan depan.\n\n"
        '"Kami mengambil sampel dari dua puluh titik," kata Rahmawati.\n\n'
        '"Hasilnya akan kami serahkan ke dinas," ujar Lubis.'
    )
    article = _doc(pipe, text)
    assert _named(article) == {"Siti Rahmawati Lubis"}
    siti = _persons(article)[0]
    assert {"Rahmawati", "Lubis"} <= set(siti.aliases)
    assert _speakers(article) == ["Siti Rahmawati Lubis", "Siti Rahmawati Lubis"]


@pytest.mark.parametrize(
    ("intro", "nick"),
    [
        ("Wali Kota Sukamaju Tri Wahyuningsih atau Ningsih", "Ningsih"),
        ("Ketua paguyuban Ridwan Hasibuan (Iwan)", "Iwan"),
        ("Pengusaha Suryanto Hadi, yang akrab disapa Cak Yanto,", "Cak Yanto"),
    ],
)
def test_coref_nicknames_join_the_person(pipe: Pipeline, intro: str, nick: str) -> None:
    text = f'{intro} meninjau pasar pada Senin pagi.\n\n"Pedagang harus tertib," kata {nick}.'
    article = _doc(pipe, text)
    assert len(_named(article)) == 1
    person = _persons(article)[0]
    assert nick in person.aliases
    assert _speakers(article) == [person.name]


def test_coref_shared_name_part_stays_unresolved(pipe: Pipeline) -> None:
    text = (
        "Kepala Desa Sumberejo, Budi Santoso, meninjau bendungan bersama petani bernama Budi Hartono.\n\n"
        '"Airnya sudah surut," kata Budi.'
    )
    article = _doc(pipe, text)
    assert {"Budi Santoso", "Budi Hartono"} <= _named(article)
    assert _speakers(article) != ["Budi Santoso"] and _speakers(article) != ["Budi Hartono"]


def test_coref_title_acronym_and_back_reference(pipe: Pipeline) -> None:
    text = (
        "Menteri Perhubungan (Menhub) Arief Setiawan Nugroho meninjau pelabuhan.\n\n"
        "Menhub mengatakan kapal tambahan disiapkan.\n\n"
        '"Kami tambah dua kapal," ujar Menhub.'
    )
    article = _doc(pipe, text)
    assert _named(article) == {"Arief Setiawan Nugroho"}
    assert not any(e.type == "event" for e in article.entities)
    assert {_speakers(article)[0]} == {"Arief Setiawan Nugroho"}
    assert all(e.name != "Menhub" for e in article.entities)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Salah seorang mahasiswa, Darmawan, mengaku senang dengan program itu.", "Darmawan"),
        ("Pedagang sayur, Suparman (45), mengeluhkan harga cabai.", "Suparman"),
        ('"Kami berlatih setiap hari," kata pelatih tim, Yusuf.', "Yusuf"),
        ("Kuasa hukum terdakwa, Hendra Wijaksono, menilai dakwaan itu lemah.", "Hendra Wijaksono"),
    ],
)
def test_persons_one_word_or_untitled_names_with_evidence(pipe: Pipeline, text: str, name: str) -> None:
    assert name in _named(_doc(pipe, text))


@pytest.mark.parametrize(
    "text",
    [
        "Warga antusias mengikuti Salat Tarawih di masjid raya.",
        "Asosiasi Petani Garam menggelar rapat tahunan.",
        "Copyright © 2025 Harian Contoh. All Rights Reserved",
    ],
)
def test_persons_common_words_and_bodies_are_not_persons(pipe: Pipeline, text: str) -> None:
    assert not _named(_doc(pipe, text))


_NAMES = st.sampled_from(["Siti Rahmawati Lubis", "Rahmawati", "Lubis", "Budi", "Budi Santoso", "Ningsih"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_NAMES, min_size=1, max_size=6))
def test_coref_invariants(pipe: Pipeline, names: list[str]) -> None:
    """Offsets stay in the text, every mention points at an entity, and resolving again changes nothing."""
    text = " ".join(f"{name} mengatakan program berjalan." for name in names)
    article = _doc(pipe, text)
    ids = {e.id for e in article.entities}
    for mention in article.mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.entity in ids
    again = resolve_persons(replace(article))
    assert again.mentions == article.mentions and again.entities == article.entities


@pytest.mark.parametrize(
    ("text", "body", "person"),
    [
        (
            "Direktur Eksekutif Perkumpulan Jaga Pantai Arif Wicaksono menilai dana desa naik.",
            "Perkumpulan Jaga Pantai",
            "Arif Wicaksono",
        ),
        (
            "Koordinator Forum Warga Peduli Lingkungan Rina Marlina mengatakan, air mulai keruh.",
            "Forum Warga Peduli Lingkungan",
            "Rina Marlina",
        ),
    ],
)
def test_role_bodies_unknown_to_the_knowledge_base(pipe: Pipeline, text: str, body: str, person: str) -> None:
    article = _doc(pipe, text)
    assert person in _named(article)
    assert body in {e.name for e in article.entities if e.type == "organization"}
