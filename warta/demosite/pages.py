"""HTML pages of the demo outlets: home and section indexes, and generated article pages.

Each outlet has its own markup, as real sites do: Kabar Jatim is a WordPress-style theme (`site-header`,
`post-item`, `nav-links`), Suara Nusantara a modern portal (`sn-header`, `sn-card`, `sn-paging`) and Warta
Daerah an old PHP table layout (`id="menu"`, `table.daftar`, `div.halaman`). Links are root-relative, so
a crawler stays on the demo host; canonical URLs of generated articles name the outlet's `.test` host.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from itertools import islice
from urllib.parse import quote

from warta.demosite.generated import Story, long_date
from warta.demosite.outlets import Entry, Outlet, Section

HOME_SIZE = 20
PAGE_SIZE = 10


@dataclass(frozen=True)
class Listing:
    """One index page: what it lists and where its neighbours are."""

    outlet: Outlet
    heading: str
    entries: list[Entry]
    section: Section | None = None
    page: int = 1
    pages: int = 1

    def page_link(self, page: int) -> str:
        """Root-relative link to another page of this listing."""
        base = f"/{self.section.slug}/" if self.section else "/"
        return base if page == 1 else f"{base}?page={page}"


def href(target: str) -> str:
    """A request target as a percent-encoded root-relative link ("/hukum & kriminal/" → "/hukum%20%26%20kriminal/")."""
    path, sep, query = target.partition("?")
    return quote(path) + sep + query


def home(outlet: Outlet) -> tuple[bytes, list[Entry]]:
    """The home page (the newest articles) and the entries it lists."""
    entries = _take(outlet.entries(), 0, HOME_SIZE)
    return _render(Listing(outlet, "Berita Terbaru", entries)), entries


def section_page(outlet: Outlet, section: Section, page: int) -> tuple[bytes, list[Entry]] | None:
    """Page `page` of a section index and its entries; None past the last page."""
    pages = max(1, -(-outlet.total(section.slug) // PAGE_SIZE))
    if page < 1 or page > pages:
        return None
    entries = _take(outlet.entries(section.slug), (page - 1) * PAGE_SIZE, PAGE_SIZE)
    return _render(Listing(outlet, section.name, entries, section, page, pages)), entries


def _take(entries: Iterator[Entry], start: int, size: int) -> list[Entry]:
    return list(islice(entries, start, start + size))


def _render(listing: Listing) -> bytes:
    return LAYOUTS[listing.outlet.spec.layout](listing).encode("utf-8")


def _e(text: str) -> str:
    return escape(text, quote=True)


def _title(listing: Listing) -> str:
    name = listing.outlet.spec.name
    page = f" - Halaman {listing.page}" if listing.page > 1 else ""
    return f"{listing.heading}{page} - {name}" if listing.section else f"{name} - {listing.outlet.spec.tagline}"


def _head(listing: Listing, extra: str = "") -> str:
    """The shared <head> contents: charset, title, feed discovery links."""
    spec = listing.outlet.spec
    atom = f'<link rel="alternate" type="application/atom+xml" title="{_e(spec.name)}" href="/atom.xml">'
    return (
        f'<meta charset="utf-8">\n<title>{_e(_title(listing))}</title>\n'
        f'<meta name="description" content="{_e(spec.tagline)}">\n'
        f'<link rel="alternate" type="application/rss+xml" title="{_e(spec.name)}" href="/rss.xml">\n'
        + (atom + "\n" if spec.atom else "")
        + extra
    )


def _kabar_index(listing: Listing) -> str:
    """Kabar Jatim: WordPress-style theme."""
    spec, outlet = listing.outlet.spec, listing.outlet
    menu = "".join(f'<li><a href="/{s.slug}/">{_e(s.name)}</a></li>' for s in outlet.sections)
    posts = "\n".join(
        f'<article class="post-item"><h2 class="entry-title"><a href="{href(e.target)}">{_e(e.title)}</a></h2>'
        f'<ul class="post-meta"><li class="post-date">{long_date(e.published, _zone(e))}</li>'
        f'<li class="post-cat"><a href="/{e.section.slug}/">{_e(e.section.name)}</a></li></ul>'
        f'<p class="excerpt">{_e(e.description)}</p></article>'
        for e in listing.entries
    )
    pager = _pager(listing, '<a class="prev page-numbers" href="{}">« Sebelumnya</a>',
                   '<a class="next page-numbers" rel="next" href="{}">Berikutnya »</a>')  # fmt: skip
    body_class = f"archive category category-{listing.section.slug}" if listing.section else "home blog"
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
{_head(listing, '<meta name="viewport" content="width=device-width, initial-scale=1">')}
</head>
<body class="{body_class}">
  <div id="topbar">{_e(spec.tagline)}</div>
  <header class="site-header">
    <a class="logo" href="/">{_e(spec.name)}</a>
    <nav class="main-menu"><ul><li><a href="/">Beranda</a></li>{menu}</ul></nav>
  </header>
  <div class="container">
    <main class="content">
      <h1 class="page-title">{_e(listing.heading)}</h1>
{posts}
      <div class="nav-links">{pager}</div>
    </main>
    <aside class="sidebar"><h3 class="widget-title">Kanal Berita</h3><ul class="kanal-list">{menu}</ul></aside>
  </div>
  <footer class="site-footer"><p>© 2025 {_e(spec.name)}. Seluruh hak cipta dilindungi undang-undang.</p></footer>
</body>
</html>
"""


def _suara_index(listing: Listing) -> str:
    """Suara Nusantara: a modern portal with cards."""
    spec, outlet = listing.outlet.spec, listing.outlet
    nav = "".join(f'<li><a href="/{s.slug}/">{_e(s.name)}</a></li>' for s in outlet.sections)
    cards = "\n".join(
        f'  <div class="sn-card{" sn-headline" if i == 0 and listing.page == 1 else ""}">'
        f'<div class="sn-kanal">{_e(e.section.name)}</div>'
        f'<h3 class="sn-title"><a href="{href(e.target)}">{_e(e.title)}</a></h3>'
        f'<time datetime="{e.published.isoformat()}">{long_date(e.published, _zone(e), " | ")}</time>'
        f'<p class="sn-lead">{_e(e.description)}</p></div>'
        for i, e in enumerate(listing.entries)
    )
    pager = _pager(listing, '<a class="sn-prev" rel="prev" href="{}">Sebelumnya</a>',
                   '<a class="sn-next" rel="next" href="{}">Selanjutnya</a>')  # fmt: skip
    return f"""<!doctype html>
<html lang="id-ID">
<head>
{_head(listing, '<meta property="og:site_name" content="' + _e(spec.name) + '">')}
</head>
<body>
<div class="sn-header">
  <div class="sn-logo"><a href="/">{_e(spec.name.upper())}</a></div>
  <ul class="sn-nav">{nav}</ul>
</div>
<div class="sn-wrap">
<section class="sn-list">
  <h1 class="sn-section-title">{_e(listing.heading)}</h1>
{cards}
  <nav class="sn-paging">{pager}</nav>
</section>
</div>
<div class="sn-footer"><p>Copyright © 2021-2025 {_e(spec.name)}. All rights reserved.</p></div>
</body>
</html>
"""


def _warta_index(listing: Listing) -> str:
    """Warta Daerah: an old PHP site laid out with tables."""
    spec, outlet = listing.outlet.spec, listing.outlet
    menu = " | ".join(
        ['<a href="/">HOME</a>'] + [f'<a href="/{s.slug}/">{_e(s.name.upper())}</a>' for s in outlet.sections]
    )
    rows = "\n".join(
        f'<tr><td class="tgl">{e.published:%d/%m/%Y %H:%M}</td>'
        f'<td class="judul-list"><a href="{href(e.target)}">{_e(e.title)}</a></td></tr>'
        for e in listing.entries
    )
    pager = _pager(listing, '<a href="{}">&laquo; Sebelumnya</a>', '<a href="{}">Berikutnya &raquo;</a>')
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
{_head(listing)}
</head>
<body bgcolor="#ffffff">
<table width="980" align="center" cellpadding="0" cellspacing="0" border="0">
<tr><td id="header">{_e(spec.name)} - {_e(spec.tagline)}</td></tr>
<tr><td id="menu">{menu}</td></tr>
<tr><td valign="top"><div id="indeks">
<h2 class="judul">{_e(listing.heading.upper())}</h2>
<table class="daftar" width="100%" cellpadding="3">
{rows}
</table>
<div class="halaman">{pager}</div>
</div></td></tr>
<tr><td id="footer">Copyright &copy; 2008-2025 {_e(spec.name)}. Redaksi | Iklan | Disclaimer</td></tr>
</table>
</body>
</html>
"""


def article(outlet: Outlet, entry: Entry) -> bytes:
    """An article page: a bundled file's bytes as they are, or a generated story in the outlet's layout."""
    if entry.number is None:
        return outlet.files[entry.target]
    spec = outlet.spec
    numbers = (entry.number + outlet.count * j for j in range(1, 4))
    related = [outlet.make(n) for n in numbers if n < outlet.generated]
    page = Page(outlet, entry, outlet.story(entry.number), related, f"{spec.scheme}://{spec.host}{href(entry.target)}")
    return ARTICLES[spec.layout](page).encode("utf-8")


@dataclass(frozen=True)
class Page:
    """What a generated article page shows."""

    outlet: Outlet
    entry: Entry
    story: Story
    related: list[Entry]
    canonical: str

    def paragraphs(self, bold: str) -> str:
        """The body paragraphs, the dateline in `bold` ("strong" or "b") before the first."""
        first, *rest = self.story.paragraphs
        lines = [f"<p><{bold}>{_e(self.story.dateline)}</{bold}> {_e(first)}</p>"]
        return "\n".join(lines + [f"<p>{_e(p)}</p>" for p in rest])

    def views(self) -> int:
        """A made-up but stable view counter."""
        return (self.entry.number or 0) * 7919 % 5000 + 12


def _article_head(page: Page, title: str) -> str:
    """The meta tags every article page carries (as the bundled Suara Nusantara pages do)."""
    e, name = page.entry, page.outlet.spec.name
    return (
        f'<meta charset="utf-8">\n<title>{_e(title)}</title>\n'
        f'<meta name="description" content="{_e(e.description)}">\n'
        f'<meta property="og:type" content="article">\n<meta property="og:title" content="{_e(e.title)}">\n'
        f'<meta property="og:site_name" content="{_e(name)}">\n<meta property="og:url" content="{page.canonical}">\n'
        f'<meta property="article:published_time" content="{e.published.isoformat()}">\n'
        f'<meta property="article:section" content="{_e(e.section.name)}">\n'
        f'<meta name="author" content="{_e(e.author)}">\n<link rel="canonical" href="{page.canonical}">'
    )


def _kabar_article(page: Page) -> str:
    """Kabar Jatim article: breadcrumb, entry title, post meta, post content, popular sidebar."""
    e, spec = page.entry, page.outlet.spec
    popular = "".join(f'<li><a href="{href(r.target)}">{_e(r.title)}</a></li>' for r in page.related)
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
{_article_head(page, f"{e.title} - {spec.name}")}
</head>
<body class="single single-post">
  <div id="topbar">{_e(spec.tagline)}</div>
  <header class="site-header"><a class="logo" href="/">{_e(spec.name)}</a></header>
  <div class="container">
    <main class="content">
      <div class="breadcrumb"><a href="/">Beranda</a> » <a href="/{e.section.slug}/">{_e(e.section.name)}</a></div>
      <h1 class="entry-title">{_e(e.title)}</h1>
      <ul class="post-meta">
        <li class="post-date">{long_date(e.published, page.story.zone)}</li>
        <li class="post-views">Views: {page.views()}</li>
      </ul>
      <div class="post-content">
{page.paragraphs("strong")}
      </div>
    </main>
    <aside class="sidebar"><h3 class="widget-title">Berita Terpopuler</h3><ol class="popular">{popular}</ol></aside>
  </div>
  <footer class="site-footer"><p>© {e.published.year} {_e(spec.name)}. Hak cipta dilindungi.</p></footer>
</body>
</html>
"""


def _suara_article(page: Page) -> str:
    """Suara Nusantara article: kanal label, headline, byline with <time>, sn-body, credits, Terkini."""
    e, spec = page.entry, page.outlet.spec
    latest = "".join(f'<li><a href="{href(r.target)}">{_e(r.title)}</a></li>' for r in page.related)
    when = f'<time datetime="{e.published.isoformat()}">{long_date(e.published, page.story.zone, " | ")}</time>'
    return f"""<!doctype html>
<html lang="id-ID">
<head>
{_article_head(page, f"{e.title} | {spec.name}")}
</head>
<body>
<div class="sn-header"><div class="sn-logo"><a href="/">{_e(spec.name.upper())}</a></div></div>
<div class="sn-wrap">
  <article class="sn-article">
    <div class="sn-kanal">{_e(e.section.name)}</div>
    <h1 class="headline">{_e(e.title)}</h1>
    <div class="sn-byline">Penulis: {_e(e.author)} &middot; {when}</div>
    <div class="sn-body">
{page.paragraphs("strong")}
    </div>
    <div class="sn-credit"><p>Penulis: {_e(e.author)}</p></div>
    <div class="sn-share bottom">Bagikan: <a href="#fb">Facebook</a> <a href="#wa">WhatsApp</a></div>
  </article>
  <div class="sn-sidebar"><section><h2>Terkini</h2><ul>{latest}</ul></section></div>
</div>
<div class="sn-footer"><p>Copyright © 2021-2025 {_e(spec.name)}. All rights reserved.</p></div>
</body>
</html>
"""


def _warta_article(page: Page) -> str:
    """Warta Daerah article: table layout, div#isi with kanal, judul, tanggal, hits; BERITA LAINNYA."""
    e, spec = page.entry, page.outlet.spec
    hits = f'<span class="hits">Dibaca: {page.views()} kali</span>'
    others = "\n".join(
        f'<tr><td class="side">&raquo; <a href="{href(r.target)}">{_e(r.title)}</a></td></tr>' for r in page.related
    )
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
{_article_head(page, f"{spec.name} :: {e.title}")}
</head>
<body bgcolor="#ffffff">
<table width="980" align="center" cellpadding="0" cellspacing="0" border="0">
<tr><td colspan="2" id="header">{_e(spec.name)} - {_e(spec.tagline)}</td></tr>
<tr><td colspan="2" id="menu"><a href="/">HOME</a></td></tr>
<tr>
<td width="680" valign="top">
<div id="isi">
<span class="kanal">{_e(e.section.name.upper())}</span>
<h2 class="judul">{_e(e.title)}</h2>
<span class="tanggal">{long_date(e.published, page.story.zone, " - ")}</span> | {hits}
<br><br>
{page.paragraphs("b")}
<p class="sumber">Sumber: {_e(spec.name)}</p>
</div>
</td>
<td width="300" valign="top" id="kanan">
<table width="100%" cellpadding="3">
<tr><td class="judul-side">BERITA LAINNYA</td></tr>
{others}
</table>
</td>
</tr>
<tr><td colspan="2" id="footer">Copyright &copy; 2008-2025 {_e(spec.name)}. Redaksi | Iklan | Disclaimer</td></tr>
</table>
</body>
</html>
"""


def _pager(listing: Listing, prev: str, nxt: str) -> str:
    """Previous link, "Halaman X dari Y", next link (each only where it applies)."""
    if listing.section is None:
        return ""
    parts = [prev.format(listing.page_link(listing.page - 1))] if listing.page > 1 else []
    parts.append(f"<span>Halaman {listing.page} dari {listing.pages}</span>")
    if listing.page < listing.pages:
        parts.append(nxt.format(listing.page_link(listing.page + 1)))
    return " ".join(parts)


def _zone(entry: Entry) -> str:
    offset = entry.published.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else 7
    return {7: "WIB", 8: "WITA", 9: "WIT"}.get(int(hours), "WIB")


LAYOUTS: dict[str, Callable[[Listing], str]] = {"kabar": _kabar_index, "suara": _suara_index, "warta": _warta_index}
ARTICLES: dict[str, Callable[[Page], str]] = {"kabar": _kabar_article, "suara": _suara_article, "warta": _warta_article}
