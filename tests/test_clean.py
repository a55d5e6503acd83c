"""Tests of the clean stage: scraper noise removed, metadata read, paragraph spans computed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warta.model import Article, Raw
from warta.settings import Settings
from warta.stages.clean import EMPTY_ERROR, Clean, blank_line_spans
from warta.stages.extract import extract

PAGES = Path(__file__).parent / "data" / "pages"
BODY = "Bupati meminta seluruh OPD berperan aktif dalam penyusunan masterplan."


def clean(text: str, **fields: object) -> Article:
    """Run the clean stage over an article made of `text` and the given fields."""
    article = replace(Article(id="a1", text=text), **fields)  # type: ignore[arg-type]
    return Clean(Settings())(article)


@pytest.mark.parametrize(
    "noise",
    [
        "google.com, pub-9591068673925608, DIRECT, f08c47fec0942fa0",
        "appnexus.com, 1234, RESELLER",
        "• Views: 5",
        "Dibaca 1.234 kali",
        "1.2K views",
        "Baca juga: Banjir Rendam Tiga Kecamatan",
        "Baca Juga : Harga Cabai Turun",
        "BACA JUGA",
        "Simak juga video berikut",
        "Lihat juga: Festival Apel",
        "Bagikan:",
        "Share:",
        "Ikuti kami di Google News",
        "Follow Instagram @wartajatim",
        "Dapatkan update berita pilihan dan breaking news setiap hari di WhatsApp",
        "Klik di sini untuk berlangganan",
        "Editor: Ani",
        "Redaktur: Budi",
        "Foto: Dok. Humas",
        "Pewarta: Slamet",
        "https://contoh.example/berita/123",
        "•",
    ],
)
def test_noise_line_is_removed(noise: str) -> None:
    article = clean(f"{BODY}\n\n{noise}\n\nParagraf kedua tetap ada di sini.")
    assert article.text == f"{BODY}\n\nParagraf kedua tetap ada di sini."


@pytest.mark.parametrize(
    ("ending", "kept"),
    [
        ("akan berlanjut. [tin/ted]", "akan berlanjut."),
        ("akan berlanjut. (ant/ram)", "akan berlanjut."),
        ("akan berlanjut. (red)", "akan berlanjut."),
        ("akan berlanjut.(*)", "akan berlanjut."),
        ("akan berlanjut.\n\n[tin/ted]", "akan berlanjut."),
        ("akan berlanjut (OPD).", "akan berlanjut (OPD)."),
    ],
)
def test_editor_initials_at_the_end(ending: str, kept: str) -> None:
    assert clean(f"{BODY}\n\nProgram {ending}").text == f"{BODY}\n\nProgram {kept}"


@pytest.mark.parametrize(
    ("opening", "place", "source"),
    [
        ("Mojokerto (beritajatim.com) – ", "Mojokerto", "beritajatim.com"),
        ("JAKARTA, KOMPAS.com - ", "Jakarta", "kompas.com"),
        ("Surabaya (ANTARA) - ", "Surabaya", "ANTARA"),
        ("MALANG, RADARMALANG.ID – ", "Malang", "radarmalang.id"),
        ("Kota Batu - ", "Kota Batu", None),
        ("BANYUWANGI – ", "Banyuwangi", None),
    ],
)
def test_dateline(opening: str, place: str, source: str | None) -> None:
    article = clean(opening + BODY)
    assert (article.text, article.dateline, article.source) == (BODY, place, source)


def test_dateline_does_not_override_source() -> None:
    article = clean("Surabaya (ANTARA) - " + BODY, source="antaranews.com")
    assert (article.dateline, article.source) == ("Surabaya", "antaranews.com")


def test_metadata_lines_fill_missing_fields() -> None:
    text = f"• 06 Juni 2022 18:23:55\n\n{BODY}\n\nPenulis: Rina Lestari | Editor: Ani\n\nSumber: https://www.contoh.example/a/1"
    article = clean(text)
    assert article.text == BODY
    assert article.published == "2022-06-06T18:23:55+07:00"
    assert article.author == "Rina Lestari"
    assert article.url == "https://www.contoh.example/a/1"
    assert article.source == "contoh.example"


def test_metadata_lines_do_not_override() -> None:
    text = f"• 06 Juni 2022 18:23:55\n\n{BODY}\n\nReporter: Budi\n\nSumber: https://lain.example/x"
    article = clean(text, published="2020-01-01", author="Ani", url="https://a.example/1", source="a.example")
    assert (article.published, article.author, article.url, article.source) == (
        "2020-01-01", "Ani", "https://a.example/1", "a.example")  # fmt: skip


def test_trailing_extraction_sections_are_dropped() -> None:
    text = f"{BODY}\n\nTokoh\n\n\n\nGraph\n\nExtracted\n\npersons Sofyan,\ncompanies Google,\nbrands Suzuki,"
    assert clean(text).text == BODY


def test_a_section_word_inside_prose_is_kept() -> None:
    text = f"Graph\n\n{BODY} Kalimat lanjutan yang panjang."
    assert "Graph" in clean(text).text


def test_whitespace_collapsed_and_spans() -> None:
    article = clean("  Baris  satu\ndan   baris dua.  \n\n\n\tParagraf\t kedua. \n")
    assert article.text == "Baris satu dan baris dua.\n\nParagraf kedua."
    assert [span.slice(article.text) for span in article.paragraphs] == ["Baris satu dan baris dua.",
                                                                          "Paragraf kedua."]  # fmt: skip


def test_one_paragraph_per_line_without_blank_lines() -> None:
    article = clean(f"{BODY}\nBaca juga: Lain\nParagraf kedua.\r\nParagraf ketiga.")
    assert article.text == f"{BODY}\n\nParagraf kedua.\n\nParagraf ketiga."


@pytest.mark.parametrize("text", ["", "   \n\n ", "• Views: 5\n\ngoogle.com, pub-1, DIRECT", "(red)"])
def test_empty_after_cleaning_is_an_error(text: str) -> None:
    article = clean(text)
    assert (article.text, article.paragraphs, article.errors) == ("", (), (EMPTY_ERROR,))


def test_as_is_keeps_text_unchanged() -> None:
    text = "Mojokerto (beritajatim.com) – Bupati  meminta.\r\n\n  • Views: 5  \n\n\nAkhir. [tin/ted] "
    article = clean(text, as_is=True)
    assert article.text == text
    assert (article.dateline, article.source) == ("Mojokerto", "beritajatim.com")
    assert [s.slice(text) for s in article.paragraphs] == [
        "Mojokerto (beritajatim.com) – Bupati  meminta.", "• Views: 5", "Akhir. [tin/ted]"]  # fmt: skip


def test_seed_like_dump_end_to_end() -> None:
    raw = Raw(content=(PAGES / "dump_noise.txt").read_text(encoding="utf-8"), format="text", origin="dump")
    article = Clean(Settings())(extract(raw, Settings()))
    assert article.title == "Warga Desa Sumberejo Gotong Royong Perbaiki Jembatan Bambu"
    assert article.text.startswith("Ratusan warga Desa Sumberejo")
    assert article.text.endswith("swadaya warga.")
    assert (article.dateline, article.source) == ("Blitar", "jatimterkini.example")
    assert article.published == "2024-11-14T10:05:00+07:00"
    assert article.url == "https://jatimterkini.example/desa/warga-sumberejo-perbaiki-jembatan/"
    for noise in ("pub-", "Views", "Baca juga", "Google News", "(ant/ram)", "Tokoh", "Extracted", "http"):
        assert noise not in article.text


def _check_spans(article: Article) -> None:
    """Spans lie inside the text, in order, without overlap."""
    end = 0
    for span in article.paragraphs:
        assert end <= span.start < span.end <= len(article.text)
        end = span.end


@given(st.text(max_size=400), st.booleans())
def test_clean_never_raises_and_spans_are_sound(text: str, as_is: bool) -> None:
    article = clean(text, as_is=as_is)
    _check_spans(article)
    if as_is:
        assert article.text == text
    else:
        assert article.text == article.text.strip()
        assert [s.slice(article.text) for s in article.paragraphs] == article.text.split("\n\n") or not article.text


noise_lines = st.sampled_from(["• Views: 5", "Baca juga: x", "[tin/ted]", "Tokoh", "Sumber: https://a.example/"])


@given(st.lists(st.one_of(noise_lines, st.text(alphabet="abc .\n–-()", max_size=40)), max_size=12))
def test_clean_on_noisy_lines(lines: list[str]) -> None:
    _check_spans(clean("\n".join(lines)))


def test_blank_line_spans_skip_whitespace() -> None:
    text = "\n a \n \n\n b\n"
    assert [s.slice(text) for s in blank_line_spans(text)] == ["a", "b"]
