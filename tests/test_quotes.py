"""Quote extraction and attribution on hand-built articles (no knowledge base, no model)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import person
from warta.model import Article, Mention
from warta.settings import Settings
from warta.stages.quotes import Quotes

SEED_LIKE = (
    "Bupati Sleman meminta seluruh OPD aktif.\n\n"
    "Didampingi Sekretaris Daerah Agus Wibowo, Bupati menegaskan dibutuhkan partisipasi dari seluruh OPD.\n\n"
    "“Rencana induk ini nanti menjadi acuan kita bersama dalam bekerja, ungkapnya, Senin (6/6/2022).\n\n"
    "Hal tersebut, lanjut Bupati, membuat semua bisa bekerja secara transparan dan cepat."
)


def _run(article: Article) -> Article:
    return Quotes(Settings())(article)


def _seed_article(annotated: Callable[..., Article]) -> Article:
    mentions = (
        person(SEED_LIKE, "Bupati Sleman", "bupati"),
        person(SEED_LIKE, "Agus Wibowo", "agus"),
        person(SEED_LIKE, "Bupati", "bupati", nth=1),
        person(SEED_LIKE, "Bupati", "bupati", nth=2),
    )
    return annotated(SEED_LIKE, mentions)


def test_quotes_unclosed_direct_quote_ends_at_nya_cue(annotated: Callable[..., Article]) -> None:
    quotes = _run(_seed_article(annotated)).quotes
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].text == "Rencana induk ini nanti menjadi acuan kita bersama dalam bekerja"
    assert direct[0].cue == "ungkapnya"
    assert direct[0].speaker == "bupati"


def test_quotes_nya_cue_skips_object_mentions_for_the_subject(annotated: Callable[..., Article]) -> None:
    direct = next(q for q in _run(_seed_article(annotated)).quotes if q.kind == "direct")
    assert direct.speaker != "agus"  # "Didampingi … Agus Wibowo" is not the subject of speech


def test_quotes_indirect_forms(annotated: Callable[..., Article]) -> None:
    indirect = [q for q in _run(_seed_article(annotated)).quotes if q.kind == "indirect"]
    assert [q.cue for q in indirect] == ["menegaskan", "lanjut"]
    assert all(q.speaker == "bupati" for q in indirect)
    interjected = indirect[1]
    assert len(interjected.parts) == 2
    assert interjected.text == "Hal tersebut membuat semua bisa bekerja secara transparan dan cepat."


@pytest.mark.parametrize(
    ("text", "surface", "cue", "said"),
    [
        (
            "“Kami siap membantu warga terdampak banjir,” kata Rina Kusumawati.",
            "Rina Kusumawati",
            "kata",
            "Kami siap membantu warga terdampak banjir",
        ),
        (
            '"Jalan ini selesai akhir tahun," ujar Budi Santoso di Surabaya.',
            "Budi Santoso",
            "ujar",
            "Jalan ini selesai akhir tahun",
        ),
        (
            "Budi Santoso hadir.\n\n“Kami akan terus mengawasi proyek itu,” tegasnya.",
            "Budi Santoso",
            "tegasnya",
            "Kami akan terus mengawasi proyek itu",
        ),
    ],
)
def test_quotes_direct_with_cue_after(
    annotated: Callable[..., Article], text: str, surface: str, cue: str, said: str
) -> None:
    quotes = _run(annotated(text, (person(text, surface, "p1"),))).quotes
    assert [(q.kind, q.text, q.cue, q.speaker) for q in quotes] == [("direct", said, cue, "p1")]


@pytest.mark.parametrize(
    ("text", "surface", "said"),
    [
        (
            "Menurut Andi Wijaya, harga beras di pasar mulai turun pekan ini.",
            "Andi Wijaya",
            "harga beras di pasar mulai turun pekan ini.",
        ),
        (
            "Andi Wijaya mengatakan bahwa harga beras di pasar mulai turun.",
            "Andi Wijaya",
            "harga beras di pasar mulai turun.",
        ),
        (
            "Andi Wijaya menambahkan, stok beras aman hingga akhir tahun.",
            "Andi Wijaya",
            "stok beras aman hingga akhir tahun.",
        ),
    ],
)
def test_quotes_indirect_speaker_and_statement(
    annotated: Callable[..., Article], text: str, surface: str, said: str
) -> None:
    quotes = _run(annotated(text, (person(text, surface, "p1"),))).quotes
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [("indirect", said, "p1")]


def test_quotes_offsets_point_into_text(annotated: Callable[..., Article]) -> None:
    article = _run(_seed_article(annotated))
    for quote in article.quotes:
        assert 0 <= quote.start < quote.end <= len(article.text)
        assert quote.text == " ".join(article.text[p.start : p.end] for p in quote.parts)


def test_quotes_short_scare_quotes_are_not_statements(annotated: Callable[..., Article]) -> None:
    text = "Program “smart city” itu berjalan baik, kata Andi Wijaya."
    quotes = _run(annotated(text, (person(text, "Andi Wijaya", "p1"),))).quotes
    assert all(q.kind != "direct" for q in quotes)


def test_quotes_ids_are_deterministic(annotated: Callable[..., Article]) -> None:
    first = _run(_seed_article(annotated)).quotes
    second = _run(_seed_article(annotated)).quotes
    assert [q.id for q in first] == [q.id for q in second]


def _body(text: str, surface: str, entity: str) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), surface, "agency", entity)


def test_quotes_run_over_paragraphs_that_reopen_the_mark(annotated: Callable[..., Article]) -> None:
    text = (
        "Rina Kusumawati meninjau tanggul.\n\n"
        "“Tanggul ini retak di dua titik. Kami tutup sementara.\n\n"
        "“Perbaikan selesai dalam sepekan jika cuaca mendukung,” kata Rina."
    )
    mentions = (person(text, "Rina Kusumawati", "p1"), person(text, "Rina", "p1", nth=1))
    direct = [q for q in _run(annotated(text, mentions)).quotes if q.kind == "direct"]
    assert len(direct) == 1
    assert len(direct[0].parts) == 2
    assert direct[0].text.startswith("Tanggul ini retak") and direct[0].text.endswith("jika cuaca mendukung")
    assert (direct[0].cue, direct[0].speaker) == ("kata", "p1")


@pytest.mark.parametrize("marks", ["“”", '""', "””"])
def test_quotes_interrupted_by_the_attribution_are_one_quote(annotated: Callable[..., Article], marks: str) -> None:
    o, c = marks
    text = f"{o}Kami akan menambah armada,{c} kata Budi Santoso, {o}tetapi anggarannya harus disetujui dulu.{c}"
    direct = [q for q in _run(annotated(text, (person(text, "Budi Santoso", "p1"),))).quotes if q.kind == "direct"]
    assert [(len(q.parts), q.speaker) for q in direct] == [(2, "p1")]
    assert direct[0].text == "Kami akan menambah armada tetapi anggarannya harus disetujui dulu."


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Polri menyatakan pengamanan arus mudik melibatkan seratus ribu personel.", "Polri"),
        (
            "Kementerian Kesehatan (Kemenkes) menegaskan bahwa vaksin tersedia di semua puskesmas.",
            "Kementerian Kesehatan",
        ),
        ("BPBD Kota Pasuruan sebelumnya mengimbau warga di bantaran sungai untuk mengungsi.", "BPBD Kota Pasuruan"),
    ],
)
def test_quotes_a_body_can_be_the_speaker(annotated: Callable[..., Article], text: str, body: str) -> None:
    quotes = _run(annotated(text, (_body(text, body, "org"),))).quotes
    assert [(q.kind, q.speaker) for q in quotes] == [("indirect", "org")]


def test_quotes_subject_with_a_relative_clause(annotated: Callable[..., Article]) -> None:
    text = "Wali Kota Pasuruan, yang meninjau pengungsian pada Kamis, menilai normalisasi sungai tidak bisa ditunda."
    quotes = _run(annotated(text, (person(text, "Wali Kota Pasuruan", "wk"),))).quotes
    assert [(q.cue, q.speaker, q.text) for q in quotes] == [("menilai", "wk", "normalisasi sungai tidak bisa ditunda.")]


def test_quotes_menurut_with_title_and_apposed_name(annotated: Callable[..., Article]) -> None:
    text = "Menurut Kepala BKPSDM Kabupaten Sidoarjo, Lintang Kusumawardani, pendaftaran dibuka secara daring."
    quotes = _run(annotated(text, (person(text, "Lintang Kusumawardani", "p1"),))).quotes
    assert [(q.speaker, q.text) for q in quotes] == [("p1", "pendaftaran dibuka secara daring.")]


def test_quotes_nya_cue_follows_the_latest_speaker_not_an_earlier_one(annotated: Callable[..., Article]) -> None:
    text = (
        "“Stok beras aman sampai Lebaran,” kata Andi Wijaya.\n\n"
        "Sementara itu, Siti Rahayu mengatakan, harga cabai masih tinggi di pasar induk.\n\n"
        "“Kami pantau setiap hari bersama dinas,” ujarnya."
    )
    mentions = (person(text, "Andi Wijaya", "andi"), person(text, "Siti Rahayu", "siti"))
    direct = [q for q in _run(annotated(text, mentions)).quotes if q.kind == "direct"]
    assert [(q.cue, q.speaker) for q in direct] == [("kata", "andi"), ("ujarnya", "siti")]
