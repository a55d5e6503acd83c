"""Tests of warta.crawl.discover: feeds, sitemaps, section pages, URL lists and the article-URL filter."""

from __future__ import annotations

import gzip
import re
import tracemalloc
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.crawl import discover
from warta.crawl.discover import Link, is_article_url, parse_feed, parse_sitemap, read_url_list, section_links
from warta.errors import InputError
from warta.urls import host_of

BASE = "https://kabarjatim.test/"
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'

RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kabar Jatim</title><link>https://kabarjatim.test/</link>
<item><title>Banjir rendam &amp; lumpuhkan Mojokerto</title>
  <link>https://kabarjatim.test/berita/2024/03/05/banjir-rendam-mojokerto?utm_source=rss#top</link>
  <pubDate>Tue, 05 Mar 2024 10:15:00 +0700</pubDate></item>
<item><title>Bupati tinjau posko</title><link>/berita/2024/03/05/bupati-tinjau-posko</link></item>
<item><title>Tanpa tautan</title><description>tidak ada link</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Suara Nusantara</title><id>urn:x</id>
<updated>2024-03-05T12:00:00+07:00</updated>
<entry><title type="html">Gubernur &lt;b&gt;resmikan&lt;/b&gt; jembatan</title>
  <link rel="alternate" href="https://suara.test/read/1845678/gubernur-resmikan-jembatan"/>
  <id>urn:1</id><published>2024-03-05T09:00:00+07:00</published><updated>2024-03-05T11:00:00+07:00</updated></entry>
<entry><title>Hanya diperbarui</title><link href="daerah/2024/03/04/hanya-diperbarui"/><id>urn:2</id>
  <updated>2024-03-04T08:00:00Z</updated></entry>
</feed>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://warta.test/"><title>Warta Daerah</title><link>https://warta.test/</link>
  <items><rdf:Seq><rdf:li rdf:resource="https://warta.test/berita/12345/dprd-sahkan-apbd"/></rdf:Seq></items></channel>
<item rdf:about="https://warta.test/berita/12345/dprd-sahkan-apbd"><title>DPRD sahkan APBD</title>
  <link>https://warta.test/berita/12345/dprd-sahkan-apbd</link><dc:date>2024-03-01T07:30:00+07:00</dc:date></item>
</rdf:RDF>"""

BROKEN_RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Rusak</title>
<item><title>Satu</title><link>https://kabarjatim.test/berita/2024/03/05/satu-dua-tiga</link></item>
<item><title>Dua <b>tebal</title><link>https://kabarjatim.test/berita/2024/03/05/dua-tiga-empat</link></item>
</channel>"""

HTML_PAGE = b"""<!doctype html><html><head><title>Kabar Jatim</title></head>
<body><h1>Berita terbaru</h1><a href="/berita/2024/03/05/satu">Satu</a><p>Halo</p></body></html>"""


# Feeds ------------------------------------------------------------------------------------------------------


def test_rss2_entries_resolved_normalized_and_dated() -> None:
    links = parse_feed(RSS2, "https://kabarjatim.test/rss")
    assert links == [
        Link(
            "https://kabarjatim.test/berita/2024/03/05/banjir-rendam-mojokerto",
            "2024-03-05T10:15:00+07:00",
            "Banjir rendam & lumpuhkan Mojokerto",
        ),
        Link("https://kabarjatim.test/berita/2024/03/05/bupati-tinjau-posko", None, "Bupati tinjau posko"),
    ]


def test_atom_published_then_updated_relative_links_and_plain_titles() -> None:
    links = parse_feed(ATOM, "https://suara.test/feed/atom")
    assert [link.url for link in links] == [
        "https://suara.test/read/1845678/gubernur-resmikan-jembatan",
        "https://suara.test/feed/daerah/2024/03/04/hanya-diperbarui",
    ]
    assert [link.published for link in links] == ["2024-03-05T09:00:00+07:00", "2024-03-04T08:00:00Z"]
    assert links[0].title == "Gubernur resmikan jembatan"


def test_rss1_rdf_feed() -> None:
    [link] = parse_feed(RSS1, "https://warta.test/index.rdf")
    assert link == Link(
        "https://warta.test/berita/12345/dprd-sahkan-apbd", "2024-03-01T07:30:00+07:00", "DPRD sahkan APBD"
    )


def test_broken_feed_keeps_the_entries_found() -> None:
    links = parse_feed(BROKEN_RSS, "https://kabarjatim.test/rss")
    assert links[0].url == "https://kabarjatim.test/berita/2024/03/05/satu-dua-tiga"
    assert len(links) == 2


def test_empty_but_valid_feed_gives_no_links() -> None:
    assert parse_feed(b'<rss version="2.0"><channel><title>T</title></channel></rss>', BASE) == []


@pytest.mark.parametrize("content", [HTML_PAGE, b"", b"\x00\x01binary", b'{"items": []}', b"<rss><channel>"])
def test_not_a_feed_is_one_line_input_error(content: bytes) -> None:
    with pytest.raises(InputError, match=r"^https://kabarjatim.test/rss: not a readable RSS or Atom feed \(") as info:
        parse_feed(content, "https://kabarjatim.test/rss")
    assert "\n" not in str(info.value)


def test_feed_bytes_are_never_read_as_a_file_name() -> None:
    with pytest.raises(InputError):
        parse_feed(b"/etc/hostname", BASE)


# Sitemaps ---------------------------------------------------------------------------------------------------

URLSET = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset {SITEMAP_NS} {NEWS_NS}>
<url><loc>https://kabarjatim.test/berita/2024/03/05/banjir-rendam-mojokerto</loc>
  <lastmod>2024-03-05T11:00:00+07:00</lastmod>
  <news:news><news:publication><news:name>Kabar Jatim</news:name><news:language>id</news:language></news:publication>
    <news:publication_date>2024-03-05T10:15:00+07:00</news:publication_date>
    <news:title>Banjir rendam Mojokerto</news:title></news:news></url>
<url><loc>https://kabarjatim.test/berita/2024/03/04/jalan-tol-dibuka?utm_medium=sitemap</loc>
  <lastmod>2024-03-04</lastmod></url>
<url><loc>/berita/2024/03/03/relatif-juga-diterima</loc></url>
<url><loc>ftp://kabarjatim.test/arsip.zip</loc></url>
<url><loc>mailto:redaksi@kabarjatim.test</loc></url>
<url><loc>javascript:alert(1)</loc></url>
<url><loc>https://kabarjatim.test/berita/2024/03/05/banjir-rendam-mojokerto</loc></url>
</urlset>""".encode()

INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex {SITEMAP_NS}>
<sitemap><loc>https://kabarjatim.test/sitemap-news.xml</loc><lastmod>2024-03-05</lastmod></sitemap>
<sitemap><loc>https://kabarjatim.test/sitemap-2024-03.xml.gz</loc></sitemap>
<sitemap><loc>file:///etc/passwd</loc></sitemap>
</sitemapindex>""".encode()

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode() for i in range(1, 10)
    )
    + f"]>\n<urlset {SITEMAP_NS}><url><loc>https://a.test/&lol9;</loc></url></urlset>".encode()
)


def test_urlset_with_news_and_lastmod() -> None:
    links, children = parse_sitemap(URLSET, "https://kabarjatim.test/sitemap-news.xml")
    assert children == []
    assert links == [
        Link(
            "https://kabarjatim.test/berita/2024/03/05/banjir-rendam-mojokerto",
            "2024-03-05T10:15:00+07:00",
            "Banjir rendam Mojokerto",
        ),
        Link("https://kabarjatim.test/berita/2024/03/04/jalan-tol-dibuka", "2024-03-04"),
        Link("https://kabarjatim.test/berita/2024/03/03/relatif-juga-diterima"),
    ]


def test_sitemapindex_gives_child_sitemaps_http_only() -> None:
    links, children = parse_sitemap(INDEX, "https://kabarjatim.test/sitemap.xml")
    assert links == []
    assert children == ["https://kabarjatim.test/sitemap-news.xml", "https://kabarjatim.test/sitemap-2024-03.xml.gz"]


def test_gzip_sitemap_is_decompressed() -> None:
    links, _ = parse_sitemap(gzip.compress(URLSET), "https://kabarjatim.test/sitemap.xml.gz")
    assert len(links) == 3


def _zero_bomb(size: int) -> bytes:
    """gzip data that decompresses to `size` zero bytes, built without holding them in memory."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()


def test_gzip_bomb_is_refused_without_decompressing_it() -> None:
    bomb = _zero_bomb(256 << 20)  # 256 MiB of zeros in about 1 MB
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="larger than 52428800 bytes once decompressed"):
            parse_sitemap(bomb, "https://kabarjatim.test/sitemap.xml.gz")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 160 * (1 << 20)  # bounded by the 50 MB cap, far from 256 MiB


def test_gunzip_cap_is_exact() -> None:
    assert discover.gunzip(gzip.compress(b"a" * 100), "x", limit=100) == b"a" * 100
    with pytest.raises(InputError, match="larger than 99 bytes"):
        discover.gunzip(gzip.compress(b"a" * 100), "x", limit=99)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "DTD or entities"),
        (b'<!DOCTYPE urlset SYSTEM "http://evil.test/x.dtd"><urlset/>', "DTD or entities"),
        (f"<urlset {SITEMAP_NS}><url><loc>https://a.test/x</url></urlset>".encode(), "broken sitemap XML"),
        (b"", "broken sitemap XML"),
        (HTML_PAGE, "broken sitemap XML|not a sitemap"),
        (b"<rss version='2.0'><channel/></rss>", r"not a sitemap \(root element <rss>"),
        (gzip.compress(URLSET)[:40], "truncated gzip"),
        (b"\x1f\x8bnot really gzip", "broken gzip"),
    ],
)
def test_bad_sitemaps_are_one_line_input_errors(content: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_sitemap(content, "https://kabarjatim.test/sitemap.xml")
    assert str(info.value).startswith("https://kabarjatim.test/sitemap.xml: ")
    assert "\n" not in str(info.value)


def test_billion_laughs_never_expands(monkeypatch: pytest.MonkeyPatch) -> None:
    # Even past the DTD pre-check, lxml is told not to resolve entities: nothing grows.
    monkeypatch.setattr(discover, "_SITEMAP_BAD", re.compile(rb"(?!x)x"))
    tracemalloc.start()
    try:
        with pytest.raises(InputError):
            parse_sitemap(BILLION_LAUGHS, "https://a.test/sitemap.xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * (1 << 20)


def test_billion_laughs_in_a_feed_never_expands() -> None:
    entities = BILLION_LAUGHS.split(b"]>")[0].replace(b"DOCTYPE lolz", b"DOCTYPE rss") + b"]>\n"
    item = b"<item><title>&lol9;</title><link>https://a.test/berita/12345/judul</link></item>"
    [link] = parse_feed(entities + b'<rss version="2.0"><channel>' + item + b"</channel></rss>", "https://a.test/rss")
    assert len(link.title or "") < 100


# Section pages ----------------------------------------------------------------------------------------------

SECTION = """<!doctype html><html><head><title>Nusantara</title>
<link rel="next" href="/nusantara?page=2"><link rel="stylesheet" href="/style.css"></head><body>
<nav><a href="/">Beranda</a><a href="/nusantara">Nusantara</a><a href="/tag/banjir">#banjir</a>
  <a href="/author/budi-santoso">Budi</a><a href="/indeks">Indeks</a><a href="/rss.xml">RSS</a></nav>
<div class="list">
  <h2><a href="/berita/2024/03/05/banjir-rendam-mojokerto?utm_source=home#komentar">Banjir rendam Mojokerto</a></h2>
  <img src="/img/banjir.jpg"><a href="/img/banjir.jpg">foto</a>
  <h2><a href="https://kabarjatim.test/berita/2024/03/05/bupati-tinjau-posko">Bupati tinjau posko</a></h2>
  <a href="/berita/2024/03/05/banjir-rendam-mojokerto">Banjir rendam Mojokerto (lagi)</a>
  <a href="https://www.kabarjatim.test/read/1845678/gubernur-resmikan-jembatan">Gubernur resmikan</a>
  <a href="https://lain.test/berita/2024/03/05/berita-situs-lain">Situs lain</a>
  <a href="//cdn.kabarjatim.test/berita/2024/03/05/subdomain-lain-juga">CDN</a>
  <a href="mailto:redaksi@kabarjatim.test">Kontak</a><a href="javascript:void(0)">Muat</a>
  <a href="#">Atas</a><a>tanpa href</a>
</div>
<div class="pagination"><a href="/nusantara?page=1">1</a><a href="/nusantara?page=3">3</a>
  <a href="/nusantara/page/4">Berikutnya</a><a href="/berita?page=9">Lain</a></div>
</body></html>"""


def test_section_page_articles_in_order_without_duplicates_or_other_hosts() -> None:
    articles, pages = section_links(SECTION, "https://kabarjatim.test/nusantara")
    assert [link.url for link in articles] == [
        "https://kabarjatim.test/berita/2024/03/05/banjir-rendam-mojokerto",
        "https://kabarjatim.test/berita/2024/03/05/bupati-tinjau-posko",
        "https://www.kabarjatim.test/read/1845678/gubernur-resmikan-jembatan",
    ]
    assert articles[0].title == "Banjir rendam Mojokerto"
    assert pages == [
        "https://kabarjatim.test/nusantara?page=2",
        "https://kabarjatim.test/nusantara?page=1",
        "https://kabarjatim.test/nusantara?page=3",
        "https://kabarjatim.test/nusantara/page/4",
    ]


@pytest.mark.parametrize("label", ["Berikutnya", "Selanjutnya", "Next", "›", "»", "Halaman berikutnya"])
def test_next_page_by_anchor_text(label: str) -> None:
    page = f'<ul><li><a href="/arsip-lama?start=20">{label}</a></li></ul>'
    assert section_links(page, "https://kabarjatim.test/terkini") == (
        [],
        ["https://kabarjatim.test/arsip-lama?start=20"],
    )


def test_rel_next_on_an_anchor_and_base_href() -> None:
    page = '<html><head><base href="https://kabarjatim.test/daerah/"></head><body>'
    page += '<a rel="next" href="?page=2">2</a><a href="2024/03/05/sapi-kurban">Sapi</a></body></html>'
    articles, pages = section_links(page, "https://kabarjatim.test/")
    assert pages == ["https://kabarjatim.test/daerah/?page=2"]
    assert [link.url for link in articles] == ["https://kabarjatim.test/daerah/2024/03/05/sapi-kurban"]


@pytest.mark.parametrize("html", ["", "   ", "<<<>>>", "<a href='http://[::1'>x</a>", "\x00<a href=/a>", "<?xml?><a>"])
def test_section_links_survive_broken_html(html: str) -> None:
    assert section_links(html, BASE) == ([], [])


@settings(max_examples=200, deadline=None)
@given(hrefs=st.lists(st.text(max_size=60), max_size=8), base_host=st.sampled_from(["kabarjatim.test", "127.0.0.1"]))
def test_section_links_stay_on_the_host(hrefs: list[str], base_host: str) -> None:
    base = f"https://{base_host}/nusantara"
    anchors = "".join(f'<a href="{h.replace(chr(34), "")}">x</a>' for h in hrefs)
    articles, pages = section_links(f"<html><body>{anchors}</body></html>", base)
    for url in [link.url for link in articles] + pages:
        assert host_of(url) == host_of(base)
        assert url.startswith(("http://", "https://")) and "#" not in url


# Article URLs -----------------------------------------------------------------------------------------------

ARTICLES = [
    "https://www.kompas.id/baca/nusantara/2024/03/05/banjir-melanda-kota-semarang",
    "https://news.detik.com/berita/d-7234567/judul-berita",
    "https://www.antaranews.com/berita/4012345/judul-berita",
    "https://regional.kompas.com/read/2024/03/05/12345678/judul",
    "https://nasional.tempo.co/read/1845678/judul-berita-tempo",
    "https://www.cnnindonesia.com/nasional/20240305123456-20-1093456/judul-berita",
    "https://www.liputan6.com/news/read/5543210/judul-berita",
    "https://nasional.okezone.com/read/2024/03/05/337/2984567/judul-berita",
    "https://www.tribunnews.com/regional/2024/03/05/banjir-rendam-ratusan-rumah",
    "https://www.republika.co.id/berita/s9x8y7z123/pemkot-bandung-siapkan-posko-banjir",
    "https://jatimprov.go.id/berita/gubernur-tinjau-lokasi-banjir",
    "https://www.beritasatu.com/nusantara/2812345/judul-berita",
    "https://example.co.id/2024/03/judul-artikel-wordpress/",
    "https://mojokertokab.go.id/index.php?option=com_content&view=article&id=123",
    "http://127.0.0.1:8765/kabarjatim/2024/03/05/banjir-di-mojokerto",
    "http://localhost:8000/berita/2024/03/05/banjir",
    "https://www.kompas.id/baca/nusantara/2024/03/05/banjir?utm_source=x",
    "https://www.suara.com/news/2024/03/05/101500/situs-video-porno-diblokir-kominfo",
    "https://www.detik.com/jatim/berita/d-7234567/judul.html",
]
NOT_ARTICLES = [
    "https://www.kompas.id/",
    "https://www.kompas.id",
    "https://www.kompas.id/tag/banjir",
    "https://www.kompas.id/tag/banjir-di-kota-semarang",
    "https://www.kompas.id/indeks",
    "https://www.kompas.id/author/x",
    "https://www.kompas.id/nusantara",
    "https://www.kompas.id/page/2",
    "https://www.kompas.id/rss.xml",
    "https://www.kompas.id/foto/banjir.jpg",
    "https://news.detik.com/indeks?date=03/05/2024",
    "https://www.antaranews.com/rss/terkini.xml",
    "https://www.antaranews.com/topik/banjir-jakarta-2024",
    "https://www.tribunnews.com/search?q=banjir-di-kota-semarang",
    "https://www.tribunnews.com/kategori/regional",
    "https://example.co.id/category/berita-daerah-jawa-timur/",
    "https://example.co.id/berita/2024/03/05/",
    "https://example.co.id/berita/2024/03/05",
    "https://example.co.id/2024/03/",
    "https://example.co.id/login",
    "https://example.co.id/feed",
    "https://example.co.id/wp-content/uploads/2024/03/foto-banjir-besar.jpg",
    "https://example.co.id/pedoman-media-siber",
    "mailto:redaksi@example.co.id",
    "ftp://example.co.id/2024/03/05/judul-berita-ftp",
    "https://example.co.id/static/app.min.js",
    "https://example.co.id/sitemap.xml",
    "https://example.co.id/penulis/budi-santoso-wibowo",
    "https://example.co.id/berita?page=3",
    "https://example.co.id/regional/jawa-timur",
    "javascript:void(0)",
    "not a url",
]


@pytest.mark.parametrize("url", ARTICLES)
def test_article_urls_pass(url: str) -> None:
    assert is_article_url(url)


@pytest.mark.parametrize("url", NOT_ARTICLES)
def test_listing_feed_file_and_account_urls_do_not(url: str) -> None:
    assert not is_article_url(url)


@given(st.text(max_size=200))
def test_is_article_url_never_raises(text: str) -> None:
    assert isinstance(is_article_url(text), bool)


# URL lists --------------------------------------------------------------------------------------------------


def test_url_list_with_comments_and_blank_lines() -> None:
    text = "# seed list\n\nhttps://kabarjatim.test/\n  https://suara.test/nusantara?utm_campaign=x  \n# end\n"
    text += "https://kabarjatim.test/\n"
    assert read_url_list(text, "seeds.txt") == [Link("https://kabarjatim.test/"), Link("https://suara.test/nusantara")]


@pytest.mark.parametrize("bad", ["kabarjatim.test/berita", "ftp://kabarjatim.test/", "https://", "https://a.test/x y"])
def test_url_list_bad_line_names_origin_and_line(bad: str) -> None:
    with pytest.raises(InputError, match=r"^seeds\.txt:3: not an http\(s\) URL") as info:
        read_url_list(f"# seeds\nhttps://kabarjatim.test/\n{bad}\n", "seeds.txt")
    assert "\n" not in str(info.value)
