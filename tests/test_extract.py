"""Tests of the extract stage: HTML pages and text dumps to articles with metadata."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.errors import InputError
from warta.ids import article_id
from warta.model import Raw
from warta.settings import Settings
from warta.stages.extract import extract
from warta.stages.page import short_texts

PAGES = Path(__file__).parent / "data" / "pages"
SETTINGS = Settings()


def page(name: str, **fields: object) -> Raw:
    """A Raw for one of the hand-written pages under tests/data/pages."""
    content = (PAGES / name).read_text(encoding="utf-8")
    return Raw(content=content, format="html", origin=name, **fields)  # type: ignore[arg-type]


def test_page_with_meta_tags() -> None:
    article = extract(page("berita_meta.html"), SETTINGS)
    canonical = "https://www.wartajatim.example/kota/pemkot-surabaya-perluas-taman"
    assert article.title == "Pemkot Surabaya Perluas Taman Kota di Wilayah Timur"
    assert article.published == "2024-03-12T09:15:00+07:00"
    assert (article.url, article.source, article.site) == (canonical, "wartajatim.example", "Warta Jatim")
    assert article.author == "Rina Lestari"
    assert article.id == article_id(None, canonical, article.text)
    assert article.text.startswith("Surabaya (wartajatim.example) - Pemerintah Kota Surabaya")
    assert len(article.text.split("\n\n")) == 5
    assert "Hak cipta" not in article.text and "Beranda" not in article.text
    assert article.origin == "berita_meta.html"


def test_page_with_json_ld() -> None:
    article = extract(page("berita_jsonld.html"), SETTINGS)
    assert article.published == "2024-11-14T10:05:00+09:00"
    assert article.author == "Agus Wijaya"
    assert article.url == "https://kabarbwi.example/ekonomi/harga-cabai-turun"
    assert article.text.startswith("BANYUWANGI – Harga cabai rawit")


def test_page_with_visible_indonesian_date() -> None:
    article = extract(page("berita_visible_date.html"), SETTINGS)
    assert article.published == "2024-09-06T18:23:00+07:00"
    assert article.title == "Festival Apel Digelar di Kota Batu"
    assert (article.author, article.site, article.url) == ("Dewi Anggraini", "Radar Apel", None)


def test_raw_metadata_wins() -> None:
    raw = page("berita_meta.html", id="rec-1", url="https://mirror.example/a", title="Judul Lain",
               published="6 Juni 2022 18:23")  # fmt: skip
    article = extract(raw, SETTINGS)
    assert (article.id, article.url, article.title, article.published) == (
        "rec-1", "https://mirror.example/a", "Judul Lain", "2022-06-06T18:23:00+07:00")  # fmt: skip


def test_date_only_from_plain_meta() -> None:
    html = ('<html><head><meta name="pubdate" content="2022/06/06 18:23:55"></head><body><article>'
            + "<p>Kalimat berita yang cukup panjang untuk dianggap sebuah paragraf artikel.</p>" * 4
            + "</article></body></html>")  # fmt: skip
    assert extract(Raw(html, "html", "p"), SETTINGS).published == "2022-06-06T18:23:55+07:00"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<<<>>> \x00\x01 sampah",
        "<html><body><p>Halo <b>dunia",
        "<div><div><div><span>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        "\ufeff<html><head><title>Kosong</title></head><body></body></html>",
    ],
)
def test_malformed_html_is_an_input_error(html: str) -> None:
    with pytest.raises(InputError, match="no article text found in the page"):
        extract(Raw(html, "html", "bad.html"), SETTINGS)


def test_unclosed_tags_with_article_text_still_extract() -> None:
    html = "<html><body><div><p>" + "<p>Warga desa bergotong royong memperbaiki jembatan yang rusak kemarin." * 5
    article = extract(Raw(html, "html", "unclosed.html"), SETTINGS)
    assert "Warga desa bergotong royong" in article.text


def test_login_page_has_no_article() -> None:
    with pytest.raises(InputError, match=r"login\.html: no article text found in the page"):
        extract(page("login.html"), SETTINGS)


def test_html_as_bytes_is_decoded() -> None:
    html = (PAGES / "berita_meta.html").read_bytes()
    assert "Pemerintah Kota Surabaya" in extract(Raw(html, "html", "b"), SETTINGS).text


@pytest.mark.parametrize(
    ("content", "title", "text"),
    [
        (
            "Judul Berita\n\nIsi berita pertama.\n\nIsi kedua.",
            "Judul Berita",
            "Isi berita pertama.\n\nIsi kedua.",
        ),
        ("Judul Berita  \r\nIsi berita pertama.   \r\n", "Judul Berita", "Isi berita pertama."),
        ("Ini kalimat pertama.\nIni kalimat kedua.", None, "Ini kalimat pertama.\nIni kalimat kedua."),
        ("Hanya satu baris tanpa titik", None, "Hanya satu baris tanpa titik"),
        ("X" * 250 + "\n\nIsi.", None, "X" * 250 + "\n\nIsi."),
        ("\n\nJudul\n\n\nIsi.", "Judul", "Isi."),
    ],
)
def test_text_title_and_body(content: str, title: str | None, text: str) -> None:
    article = extract(Raw(content, "text", "t.txt"), SETTINGS)
    assert (article.title, article.text) == (title, text)


def test_text_with_record_metadata() -> None:
    raw = Raw("Judul Rekaman\n\nIsi.", "text", "b.jsonl:3", url="https://www.a.example/x", id="r9",
              title="Judul Rekaman", published="2022-06-06T18:23:55+07:00")  # fmt: skip
    article = extract(raw, SETTINGS)
    assert (article.id, article.title, article.text, article.source) == (
        "r9",
        "Judul Rekaman",
        "Isi.",
        "a.example",
    )
    assert article.published == "2022-06-06T18:23:55+07:00" and article.origin == "b.jsonl:3"


def test_record_title_differs_from_first_line() -> None:
    raw = Raw("Baris pertama tanpa titik\nIsi.", "text", "r", title="Judul Lain")
    assert extract(raw, SETTINGS).text == "Baris pertama tanpa titik\nIsi."


def test_as_is_text_is_exact() -> None:
    content = "Judul\r\n\n  Isi  berita.  \n"
    article = extract(Raw(content, "text", "t", as_is=True), SETTINGS)
    assert (article.text, article.title, article.as_is) == (content, None, True)


@pytest.mark.parametrize("content", ["", "  \n\r\n  "])
def test_empty_text_is_an_input_error(content: str) -> None:
    with pytest.raises(InputError, match="no article text"):
        extract(Raw(content, "text", "t"), SETTINGS)


def test_ids_are_stable() -> None:
    first = extract(Raw("Judul\n\nIsi.", "text", "a"), SETTINGS)
    again = extract(Raw("Judul\n\nIsi.", "text", "b"), SETTINGS)
    assert first.id == again.id == article_id(None, None, "Isi.")


_PIECES = ["<div class='date'>", "</div>", "<span>", "</span>", "<b>", "</b>", "<!-- c -->", "<br>", "<script>s"]
_WORDS = ["", " ", "\n\t", "Jumat", "6 Sept", " 2024 ", "Rina\u00a0L", "x" * 30, "&amp;", "\u3000"]


@given(st.lists(st.sampled_from(_PIECES + _WORDS), max_size=60), st.integers(min_value=1, max_value=40))
@settings(max_examples=200, deadline=None)
def test_short_texts_equal_text_content_where_short(parts: list[str], most: int) -> None:
    """The one-pass short texts are each element's collapsed `text_content()`, for those of at most `most`."""
    tree = lxml.html.document_fromstring("<html><body>" + "".join(parts) + "</body></html>")
    found = short_texts(tree, most)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        text = " ".join(element.text_content().split())
        assert found.get(element) == (text if 0 < len(text) <= most else None)
