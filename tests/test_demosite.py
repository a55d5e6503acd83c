"""The demo news site (warta.demosite) served on 127.0.0.1 with free ports, checked over HTTP with httpx."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.robotparser import RobotFileParser

import feedparser
import httpx
import pytest
from lxml import etree

from tests.conftest import DEMO, ROOT
from warta.demosite import DemoSite, Entry, build_outlets
from warta.demosite import generated as synthetic
from warta.demosite.pages import href
from warta.errors import InputError

ARTICLES = DEMO / "articles"
FILES = sorted(ARTICLES.glob("*.html"))
PREFIXES = ("kabarjatim-", "suaranusantara-", "warta-")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
GENERATED = 10_000


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    """The bundled demo articles only."""
    with DemoSite(ARTICLES, base_port=0) as running:
        yield running


@pytest.fixture(scope="module")
def big() -> Iterator[DemoSite]:
    """The demo articles plus 10,000 generated ones."""
    with DemoSite(ARTICLES, base_port=0, generated=GENERATED) as running:
        yield running


@pytest.fixture(scope="module")
def http_client() -> Iterator[httpx.Client]:
    """One HTTP client for the module's requests to the demo sites."""
    with httpx.Client(timeout=30) as client:
        yield client


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def article_links(html: str) -> list[str]:
    """Links to article pages (not sections, feeds or the home page) in an index page."""
    return [h for h in links(html) if h.startswith("/") and (h.count("/") > 2 or "berita.php" in h)]


def outlet_of(path: Path) -> int:
    return next(i for i, prefix in enumerate(PREFIXES) if path.name.startswith(prefix))


def sitemap_locs(http_client: httpx.Client, index_url: str) -> tuple[list[str], list[str]]:
    """(URLs in the plain sitemaps, URLs in the news sitemap) reached from a sitemap index."""
    index = etree.fromstring(http_client.get(index_url).content)
    plain: list[str] = []
    news: list[str] = []
    for child in index.findall("sm:sitemap/sm:loc", NS):
        doc = etree.fromstring(http_client.get(child.text).content)
        locs = [loc.text for loc in doc.findall("sm:url/sm:loc", NS)]
        (news if child.text.endswith("sitemap-news.xml") else plain).extend(locs)
    return plain, news


def test_outlets_are_three_hosts(site: DemoSite) -> None:
    assert len(site.urls) == 3
    assert len({re.sub(r"/$", "", u) for u in site.urls}) == 3
    assert all(re.fullmatch(r"http://127\.0\.0\.1:\d+/", u) for u in site.urls)
    assert site.sitemap_urls() == [u + "sitemap.xml" for u in site.urls]
    assert site.feed_urls() == [site.urls[0] + "rss.xml", site.urls[1] + "rss.xml", site.urls[1] + "atom.xml",
                                site.urls[2] + "rss.xml"]  # fmt: skip


def test_build_outlets_reads_every_file() -> None:
    outlets = build_outlets(ARTICLES)
    assert [o.spec.name for o in outlets] == ["Kabar Jatim", "Suara Nusantara", "Warta Daerah"]
    assert sum(len(o.bundled) for o in outlets) == len(FILES) == 40
    assert {s.slug for s in outlets[0].sections} >= {"pemerintahan", "hukum-kriminal", "pendidikan"}
    assert {s.slug for s in outlets[1].sections} >= {"tekno", "daerah", "gaya-hidup"}
    assert {s.slug for s in outlets[2].sections} >= {"peristiwa", "pilkada", "ekonomi"}


@pytest.mark.parametrize("position", [0, 1, 2])
def test_home_lists_the_newest_articles(site: DemoSite, http_client: httpx.Client, position: int) -> None:
    response = http_client.get(site.urls[position])
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    outlet = site.outlets[position]
    expected = [href(e.target) for e in outlet.bundled]  # newest first, fewer than 20
    assert article_links(response.text) == expected


def test_layouts_differ(site: DemoSite, http_client: httpx.Client) -> None:
    markers = ('class="post-item"', 'class="sn-card', 'class="daftar"')
    homes = [http_client.get(u).text for u in site.urls]
    for position, home in enumerate(homes):
        assert [m in home for m in markers] == [i == position for i in range(3)]
    classes = [set(re.findall(r'class="([^"]+)"', h)) for h in homes]
    assert not (classes[0] & classes[1]) and not (classes[1] & classes[2]) and not (classes[0] & classes[2])


@pytest.mark.parametrize("position", [0, 1, 2])
def test_section_pages_cover_every_article(site: DemoSite, http_client: httpx.Client, position: int) -> None:
    outlet, root = site.outlets[position], site.urls[position]
    home = http_client.get(root).text
    found: list[str] = []
    for section in outlet.sections:
        assert f'href="/{section.slug}/"' in home
        page = http_client.get(f"{root}{section.slug}/")
        assert page.status_code == 200 and "Halaman 1 dari 1" in page.text and "?page=2" not in page.text
        found += article_links(page.text)
        assert http_client.get(f"{root}{section.slug}/?page=2").status_code == 404
    assert sorted(found) == sorted(href(e.target) for e in outlet.bundled)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_article_page_is_the_file(site: DemoSite, http_client: httpx.Client, path: Path) -> None:
    position = outlet_of(path)
    entry = _entry_of(site, path)
    response = http_client.get(site.urls[position].rstrip("/") + href(entry.target))
    assert response.status_code == 200
    assert response.content == path.read_bytes()
    charset = "windows-1252" if "cp1252" in path.name else "utf-8"
    assert response.headers["content-type"] == f"text/html; charset={charset}"


def test_pagination_follows_next_links(big: DemoSite, http_client: httpx.Client) -> None:
    outlet, root = big.outlets[1], big.urls[1].rstrip("/")
    section = outlet.sections[0]
    url: str | None = f"{root}/{section.slug}/"
    seen: list[str] = []
    pages = 0
    while url:
        html = http_client.get(url).text
        listed = article_links(html)
        assert 0 < len(listed) <= 10
        seen += listed
        pages += 1
        following = re.search(r'<a class="sn-next" rel="next" href="([^"]+)"', html)
        url = f"{root}{following.group(1)}" if following else None
    assert len(seen) == len(set(seen)) == outlet.total(section.slug) > 100
    assert pages == -(-len(seen) // 10)


@pytest.mark.parametrize("position", [0, 1, 2])
def test_rss_lists_articles_on_the_same_host(site: DemoSite, http_client: httpx.Client, position: int) -> None:
    response = http_client.get(site.urls[position] + "rss.xml")
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "rss20"
    expected = {site.urls[position].rstrip("/") + href(e.target) for e in site.outlets[position].bundled}
    assert {entry.link for entry in feed.entries} == expected
    assert all(entry.published_parsed for entry in feed.entries)


def test_atom_feed(site: DemoSite, http_client: httpx.Client) -> None:
    response = http_client.get(site.urls[1] + "atom.xml")
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10"
    assert len(feed.entries) == len(site.outlets[1].bundled)
    assert all(e.link.startswith(site.urls[1]) and e.published_parsed for e in feed.entries)


def test_sitemaps_list_every_demo_article_once(site: DemoSite, http_client: httpx.Client) -> None:
    everywhere: list[str] = []
    for position, index_url in enumerate(site.sitemap_urls()):
        plain, news = sitemap_locs(http_client, index_url)
        assert all(u.startswith(site.urls[position]) for u in plain)
        assert news and set(news) <= set(plain)
        everywhere += plain
    demo = [site.urls[outlet_of(p)].rstrip("/") + href(_entry_of(site, p).target) for p in FILES]
    assert sorted(everywhere) == sorted(demo)


def _entry_of(site: DemoSite, path: Path) -> Entry:
    outlet = site.outlets[outlet_of(path)]
    return next(e for e in outlet.bundled if outlet.files[e.target] == path.read_bytes())


def test_news_sitemap_has_google_news_fields(big: DemoSite, http_client: httpx.Client) -> None:
    doc = etree.fromstring(http_client.get(big.urls[0] + "sitemap-news.xml").content)
    urls = doc.findall("sm:url", NS)
    assert 1 < len(urls) <= 1000
    for url in urls:
        assert url.findtext("news:news/news:publication_date", namespaces=NS)
        assert url.findtext("news:news/news:title", namespaces=NS)
        assert url.findtext("news:news/news:publication/news:language", namespaces=NS) == "id"


@pytest.mark.parametrize("position", [0, 1, 2])
def test_robots_txt(site: DemoSite, http_client: httpx.Client, position: int) -> None:
    root = site.urls[position]
    response = http_client.get(root + "robots.txt")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "User-agent: *" in response.text and "Disallow: /admin/" in response.text
    assert f"Sitemap: {root}sitemap.xml" in response.text
    parser = RobotFileParser()
    parser.parse(response.text.splitlines())
    assert not parser.can_fetch("WartaBot", root + "admin/")
    assert parser.can_fetch("WartaBot", root)
    assert parser.crawl_delay("WartaBot") == 0
    assert http_client.get(root + "admin/").status_code == 403


@pytest.mark.parametrize("path", ["", "rss.xml", "sitemap.xml", "sitemap-articles.xml", "robots.txt", "ARTICLE"])
def test_conditional_get(site: DemoSite, http_client: httpx.Client, path: str) -> None:
    root = site.urls[2]
    url = root.rstrip("/") + href(site.outlets[2].bundled[-1].target) if path == "ARTICLE" else root + path
    first = http_client.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert http_client.get(url).headers["etag"] == etag
    again = http_client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert http_client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert http_client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200
    assert http_client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_article_last_modified_is_its_date(site: DemoSite, http_client: httpx.Client) -> None:
    entry = next(e for e in site.outlets[0].bundled if "smart-city" in e.target)
    response = http_client.get(site.urls[0].rstrip("/") + href(entry.target))
    assert response.headers["last-modified"] == "Mon, 15 Aug 2022 07:10:00 GMT"


def test_head_has_no_body(site: DemoSite, http_client: httpx.Client) -> None:
    response = http_client.head(site.urls[0])
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["content-length"]) == len(http_client.get(site.urls[0]).content)


@pytest.mark.parametrize(
    ("position", "path"),
    [(0, "nope"), (0, "atom.xml"), (2, "atom.xml"), (1, "daerah/?page=9"), (1, "daerah/?page=x"),
     (2, "berita.php?id=1"), (2, "berita.php?id=100005"), (0, "sitemap-articles-2.xml")],
)  # fmt: skip
def test_unknown_paths_are_404(site: DemoSite, http_client: httpx.Client, position: int, path: str) -> None:
    response = http_client.get(site.urls[position] + path)
    assert response.status_code == 404
    assert "etag" not in response.headers


def test_generated_site_starts_without_making_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    real = synthetic.story

    def counting(index: int, *args: str | tuple[str, ...]) -> synthetic.Story:
        made.append(index)
        return real(index, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(synthetic, "story", counting)
    with DemoSite(ARTICLES, base_port=0, generated=GENERATED) as running:
        assert made == []
        outlet = running.outlets[9876 % 3]
        target = outlet.make(9876).target
        made.clear()
        response = httpx.get(running.urls[9876 % 3].rstrip("/") + href(target), timeout=30)
        assert response.status_code == 200
        assert set(made) <= {9876, 9879, 9882, 9885}  # the article and its "related" sidebar


@pytest.mark.parametrize("number", [0, 9876, 9877, 9878, GENERATED - 1])
def test_generated_article_page(big: DemoSite, http_client: httpx.Client, number: int) -> None:
    outlet = big.outlets[number % 3]
    entry = outlet.make(number)
    response = http_client.get(big.urls[number % 3].rstrip("/") + href(entry.target))
    assert response.status_code == 200
    html = response.text
    canonical = f"{outlet.spec.scheme}://{outlet.spec.host}{href(entry.target)}"
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="article:published_time" content="{entry.published.isoformat()}">' in html
    assert f'<meta property="article:section" content="{entry.section.name}">' in html
    assert '<meta name="author"' in html and '<meta property="og:title"' in html
    assert f", {outlet.spec.name} —" in html and "mengatakan, " in html and "” kata " in html
    assert response.content == http_client.get(str(response.url)).content  # deterministic


def test_generated_sitemaps_list_every_article(big: DemoSite, http_client: httpx.Client) -> None:
    everywhere: list[str] = []
    for index_url in big.sitemap_urls():
        plain, _ = sitemap_locs(http_client, index_url)
        everywhere += plain
    assert len(everywhere) == len(set(everywhere)) == GENERATED + len(FILES)


def test_sitemaps_split_at_5000(monkeypatch: pytest.MonkeyPatch, big: DemoSite, http_client: httpx.Client) -> None:
    from warta.demosite import feeds

    monkeypatch.setattr(feeds, "SITEMAP_SIZE", 1000)
    index = etree.fromstring(http_client.get(big.urls[0] + "sitemap.xml").content)
    children = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert children[1:] == [big.urls[0] + "sitemap-articles.xml"] + [
        f"{big.urls[0]}sitemap-articles-{n}.xml" for n in range(2, 5)
    ]
    sizes = [len(etree.fromstring(http_client.get(c).content)) for c in children[1:]]
    assert sizes[:-1] == [1000, 1000, 1000] and sum(sizes) == big.outlets[0].total()


def test_generated_stories_are_deterministic_and_dated_in_order() -> None:
    first = synthetic.story(42, "Warta Daerah", "peristiwa")
    assert first == synthetic.story(42, "Warta Daerah", "peristiwa")
    assert first.paragraphs[0] and first.title and first.slug.endswith("-42")
    dates = [synthetic.published_at(n) for n in range(200)]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == 200
    jatim = {synthetic.story(n, "Kabar Jatim", "kesehatan", ("Jawa Timur",)).region for n in range(100)}
    allowed = {f"{r.kind} {r.name}" for r in synthetic.REGIONS if r.province == "Jawa Timur"}
    assert jatim <= allowed


def test_port_in_use_is_an_input_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError) as caught:
            DemoSite(ARTICLES, base_port=port).start()
    message = str(caught.value)
    assert str(port) in message and "\n" not in message


def test_missing_articles_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        DemoSite(tmp_path / "missing")


def test_latency_and_stop() -> None:
    with DemoSite(ARTICLES, base_port=0, latency=0.01) as running:
        root = running.urls[0]
        assert httpx.get(root + "robots.txt", timeout=30).status_code == 200
    with pytest.raises(httpx.TransportError):
        httpx.get(root + "robots.txt", timeout=5)


def test_demo_config_is_written_for_the_port_the_site_uses(tmp_path: Path) -> None:
    """`demo/warta.toml` is the generated configuration for port 8100, and another port gives its own."""
    from warta.demosite.config import crawl_config, main

    assert (ROOT / "demo" / "warta.toml").read_text(encoding="utf-8") == crawl_config(8100)
    out = tmp_path / "demo.toml"
    assert main(["--port", "9100", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "allow_ports = [9100, 9101, 9102]" in text and "127.0.0.1:9102/rss.xml" in text and ":810" not in text


def test_make_demo_crawls_the_port_it_serves() -> None:
    """`make demo DEMO_PORT=…` serves the demo site on that port and crawls a configuration for it."""
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    plan = subprocess.run(
        ["make", "-n", "demo", "DEMO_PORT=9100", "VENV=.venv"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    crawl = next(line for line in plan.splitlines() if "crawl --config" in line)
    assert "--port 9100" in plan and "demo/warta.toml" not in crawl
