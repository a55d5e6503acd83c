"""A morning at Warta (issue 19): the four questions a regency's communication office asks every day, each walked
from the home page in at most four clicks, in Debian's Chromium as tests/test_browser.py drives it, on a laptop
(1366×900) and on a phone (390×844). Every step is saved as a screenshot under test-artifacts/screenshots/ and
must load without a console error, exception or CSP violation (`Tab.settle`).

The store holds the demo articles as `make demo` crawls them: dated by the demo site from a fixed day, which is
also the web app's today (WARTA_TODAY), as in tests/test_browser_period.py. What each step must show is read
from the page; what the store says it should be is worked out in the fixture from the stored articles, not from
the queries the pages use.

1. What did the officials of Kabupaten Mojokerto say in the last 7 days: home, the region, *7 hari*.
2. Who holds the office of Bupati Mojokerto and what did they say: a search, the entity, the days it was seen.
3. Which of the regency's bodies were mentioned most this month: home, the region, *30 hari*.
4. How a named official is connected to a ministry: a search, the person, *Cari jalur*, the ministry typed with
   suggestions.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

import pytest
from playwright.sync_api import Browser, Locator, expect

from tests import test_browser
from tests.test_browser import REGION, Tab, screenshot
from tests.test_browser_period import save_dated_demo
from warta.kb.units import VERTICAL_KINDS
from warta.pipeline import Pipeline
from warta.store import open_store, queries
from warta.store.graph import GraphFilter
from warta.store.sqlstore import SQLStore
from warta.types import ORG_TYPES
from warta.web import period

browser = test_browser.browser  # the module's Chromium, as tests/test_browser.py launches it

TODAY = date(2030, 1, 15)
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
MOST_CLICKS = 4  # per question
OFFICE = "Bupati Mojokerto"
HOLDER_UNKNOWN = "nama pejabat belum diketahui"


@dataclass(frozen=True)
class Morning:
    """The web app over the demo store dated from TODAY, and what the store says the answers are."""

    url: str
    month_bodies: dict[str, int]  # the region's own bodies -> its articles of the last 30 days naming them
    older_bodies: frozenset[str]  # the region's own bodies named in its articles, but none of the last 30 days
    holder: str | None  # the named holder inferred for the office of Bupati Mojokerto, if any
    person: tuple[str, str]  # (id, name): a named official of the region ...
    ministry: tuple[str, str]  # ... and the ministry nearest to them in the graph
    hops: int  # how far apart they are


@pytest.fixture(scope="module")
def morning(pipe: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Morning]:
    """The demo pages as the demo site serves them when started on TODAY, stored and served, today fixed."""
    db = tmp_path_factory.mktemp("browser-morning") / "warta.db"
    with open_store(str(db)) as store:
        save_dated_demo(store, pipe, TODAY)
        month = own_bodies(store, days_before(29), TODAY.isoformat())
        ever = own_bodies(store, None, None)
        officials = queries.region_dashboard(store, REGION).officials
        holder = next((o.holder_name for o in officials if o.name == OFFICE), None)
        person, ministry, hops = nearest_ministry(store, [(o.id, o.name) for o in officials if o.named])
    with pytest.MonkeyPatch.context() as patch, test_browser.serving(db) as url:
        patch.setenv(period.TODAY_ENV, TODAY.isoformat())  # the server runs in this process: its today follows
        yield Morning(url, dict(month), frozenset(ever) - frozenset(month), holder, person, ministry, hops)


def days_before(days: int) -> str:
    """The ISO date `days` days before TODAY."""
    return (TODAY - timedelta(days=days)).isoformat()


def own_bodies(store: SQLStore, since: str | None, until: str | None) -> Counter[str]:
    """The regional government's bodies (their knowledge-base region code at or inside the region; not a national
    body's office there) that the region's articles of the period name, each with the number of those articles;
    read from the stored article documents."""
    found = queries.ArticleFilter(since=since, until=until, region=REGION)
    counts: Counter[str] = Counter()
    for item in queries.collect(partial(queries.list_articles, store, found), 10_000):
        for entity in store.article(item.id)["entities"]:
            kb = entity.get("kb") or {}
            code = str(kb.get("region_code") or "")
            vertical = entity["type"] == "agency" or "key" in kb or kb.get("unit_kind") in VERTICAL_KINDS
            if (
                entity["type"] in ORG_TYPES
                and not entity["inferred"]
                and (code + ".").startswith(REGION + ".")
                and not vertical
            ):
                counts[entity["id"]] += 1
    return counts


def nearest_ministry(store: SQLStore, people: list[tuple[str, str]]) -> tuple[tuple[str, str], tuple[str, str], int]:
    """Of `people`, the one nearest (two or three links, in the stored graph without "said" edges) to a ministry,
    earliest in the list on a tie; the ministry (by name on a tie) and the number of links."""
    graph = store.graph(GraphFilter())
    ministries = {node.id: node.name for node in graph.nodes if node.type == "ministry"}
    links: dict[str, set[str]] = {}
    for edge in graph.edges:
        if edge.type != "said" and edge.source != edge.target:
            links.setdefault(edge.source, set()).add(edge.target)
            links.setdefault(edge.target, set()).add(edge.source)
    best: tuple[int, int, str, str] | None = None
    for rank, (person, _) in enumerate(people):
        far = distances(links, person)
        for ministry, name in ministries.items():
            if 2 <= far.get(ministry, 9) <= 3 and (best is None or (far[ministry], rank, name) < best[:3]):
                best = (far[ministry], rank, name, ministry)
    assert best, "no official of the region is two or three links from a ministry"
    hops, rank, name, ministry = best
    return people[rank], (ministry, name), hops


def distances(links: dict[str, set[str]], start: str) -> dict[str, int]:
    """Links from `start` to every entity it reaches (breadth first)."""
    far, queue = {start: 0}, deque([start])
    while queue:
        node = queue.popleft()
        for other in links.get(node, set()) - far.keys():
            far[other] = far[node] + 1
            queue.append(other)
    return far


@dataclass
class Walk:
    """One question's walk through the app: its tab, and the clicks it took (at most MOST_CLICKS)."""

    tab: Tab
    size: str
    clicks: int = 0

    def click(self, target: Locator) -> None:
        """A click the user makes; a walk of more than MOST_CLICKS fails."""
        self.clicks += 1
        assert self.clicks <= MOST_CLICKS, f"more than {MOST_CLICKS} clicks"
        target.click()

    def search(self, words: str) -> None:
        """Words typed into the header's search box and submitted: a click."""
        self.tab.page.get_by_test_id("search-input").fill(words)
        self.click(self.tab.page.get_by_test_id("search-submit"))
        self.tab.page.wait_for_url(re.compile(r"/cari\?"))


@pytest.fixture(params=list(SIZES))
def walk(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Walk]:
    """A fresh page of the size's window that records its errors, as tests/test_browser.py's `tab`."""
    context, page, problems = test_browser.watched_page(browser, *SIZES[request.param])
    name = re.sub(r"\[(\w+)\]$", r"-\1", request.node.name)  # test_browser_morning_…-phone
    try:
        yield Walk(Tab(page, name, problems), request.param)
    finally:
        screenshot(page, name)
        context.close()


def dates_of(place: Locator) -> list[str]:
    """The days (ISO) of the quotes in `place`, from their <time> elements."""
    stamps = place.get_by_test_id("quote-date").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    return [str(s)[:10] for s in stamps]


def to_region(walk: Walk, morning: Morning) -> None:
    """Home, then the region's link in its list of regions: one click."""
    page = walk.tab.page
    walk.tab.open(morning.url + "/")
    walk.tab.settle("beranda")
    walk.click(page.locator(f"ul.regions a[href='/wilayah/{REGION}']"))
    page.wait_for_url(re.compile(rf"/wilayah/{re.escape(REGION)}"))
    expect(page.locator("h1")).to_have_text("Kabupaten Mojokerto")


def test_browser_morning_officials_this_week(walk: Walk, morning: Morning) -> None:
    """1. What did the officials of Kabupaten Mojokerto say in the last 7 days?"""
    page = walk.tab.page
    to_region(walk, morning)
    walk.tab.settle("wilayah")
    walk.click(page.get_by_test_id("period-7-hari"))
    page.wait_for_url(re.compile(r"periode=7-hari"))
    expect(page.get_by_test_id("period-range")).to_have_text("9 Januari 2030 – 15 Januari 2030")

    said = page.locator("main")  # the region page's quotes are its officials' statements
    quotes = said.get_by_test_id("quote")
    assert quotes.count() >= 1, "no official of the region said anything this week"
    officials = page.locator("ul.officials a.entity-link").all_inner_texts()
    for quote in quotes.all():
        speaker = quote.locator("a.speaker").inner_text().strip()
        assert speaker in officials, f"{speaker} is not among the region's officials"
        expect(quote.get_by_test_id("quote-role")).not_to_be_empty()
    roles = said.get_by_test_id("quote-role").all_inner_texts()
    assert any("Mojokerto" in role for role in roles), roles
    days = dates_of(said)
    assert len(days) == quotes.count() and all(days_before(6) <= day <= TODAY.isoformat() for day in days), days
    walk.tab.settle("7-hari")


def test_browser_morning_office_holder(walk: Walk, morning: Morning) -> None:
    """2. Who holds the office of Bupati Mojokerto, and what did they say?"""
    page = walk.tab.page
    walk.tab.open(morning.url + "/")
    walk.search(OFFICE)
    hit = page.get_by_test_id("result-entity").filter(has_text=re.compile(rf"^\s*{OFFICE}\s*$")).first
    expect(hit).to_be_visible()
    walk.tab.settle("cari")

    walk.click(hit)
    page.wait_for_url(re.compile(r"/entitas/"))
    expect(page.get_by_test_id("entity-name")).to_have_text(OFFICE)
    if morning.holder:
        expect(page.get_by_test_id("holder-note")).to_contain_text(morning.holder)
    else:
        expect(page.get_by_test_id("holder-unknown")).to_have_text(HOLDER_UNKNOWN)
    walk.tab.settle("entitas")

    seen = page.get_by_test_id("entity-seen")  # the days it was mentioned: their period in one click
    walk.click(seen)
    page.wait_for_url(re.compile(r"dari=\d{4}-\d\d-\d\d&sampai=\d{4}-\d\d-\d\d"))
    start, end = re.findall(r"\d{4}-\d\d-\d\d", page.url)[:2]
    expect(page.get_by_test_id("period-empty")).to_have_count(0)
    quotes = page.get_by_test_id("quote")  # "Yang dikatakan": what the office said
    assert quotes.count() >= 1, "the office said nothing in the days it was mentioned"
    days = dates_of(page.locator("main"))
    assert len(days) == quotes.count() and all(start <= day <= end for day in days), (start, end, days)
    walk.tab.settle("kutipan")


def test_browser_morning_bodies_this_month(walk: Walk, morning: Morning) -> None:
    """3. Which of the regency's bodies were mentioned most this month?"""
    page = walk.tab.page
    assert morning.month_bodies and morning.older_bodies  # the month leaves some bodies out: the check can fail
    to_region(walk, morning)
    walk.click(page.get_by_test_id("period-30-hari"))
    page.wait_for_url(re.compile(r"periode=30-hari"))
    expect(page.get_by_test_id("period-range")).to_have_text("17 Desember 2029 – 15 Januari 2030")

    rows = page.get_by_test_id("region-own-bodies").locator("ul.counted li")
    shown = [
        (
            (row.locator("a.entity-link").get_attribute("href") or "").removeprefix("/entitas/"),
            row.locator("a.entity-link").inner_text().strip(),
            int(row.locator(".count").inner_text()),
        )
        for row in rows.all()
    ]
    assert shown, "no body of the region listed"
    counts = [n for _, _, n in shown]
    assert counts == sorted(counts, reverse=True), f"not the most mentioned first: {shown}"
    for body, name, n in shown:
        assert "Mojokerto" in name, f"{name} is not a body of Kabupaten Mojokerto"
        assert body not in morning.older_bodies, f"{name} is not in this month's news"
        assert morning.month_bodies.get(body) == n, f"{name}: {n} articles shown, {morning.month_bodies.get(body)}"
    assert len(shown) == min(len(morning.month_bodies), 15)
    walk.tab.settle("30-hari")


def test_browser_morning_person_to_ministry(walk: Walk, morning: Morning) -> None:
    """4. How is a named official connected to a ministry (the path view, with the articles on each link)?"""
    page = walk.tab.page
    (person, name), (ministry, ministry_name) = morning.person, morning.ministry
    walk.tab.open(morning.url + "/")
    walk.search(name)
    walk.click(page.locator(f"[data-testid=result-entity][href='/entitas/{person}']").first)
    page.wait_for_url(re.compile(r"/entitas/"))
    walk.tab.settle("tokoh")

    walk.click(page.get_by_test_id("entity-find-path"))
    page.wait_for_url(re.compile(r"/jalur\?dari="))
    expect(page.get_by_test_id("path-from")).to_have_value(name)
    to = page.get_by_test_id("path-to")
    to.press_sequentially(ministry_name[:14], delay=30)
    page.wait_for_function("() => document.querySelectorAll('#suggest-ke option').length > 0")
    offered = page.locator("#suggest-ke option").evaluate_all("els => els.map(e => e.value)")
    assert ministry_name in offered, offered
    to.fill(ministry_name)  # the suggestion taken
    walk.tab.settle("form")

    walk.click(page.get_by_test_id("path-submit"))
    page.wait_for_url(re.compile(r"/jalur\?dari=.*&ke="))
    expect(page.get_by_test_id("path-summary")).to_contain_text(f"{morning.hops} langkah")
    paths = page.get_by_test_id("path")
    assert paths.count() >= 1
    for path in paths.all():
        nodes = path.locator(".hop-node a.entity-link")
        expect(nodes.first).to_have_attribute("href", f"/entitas/{person}")
        expect(nodes.last).to_have_attribute("href", f"/entitas/{ministry}")
        hops = path.get_by_test_id("path-hop")
        expect(hops).to_have_count(morning.hops)
        for hop in hops.all():
            assert hop.get_by_test_id("path-article").count() >= 1, "a link without its articles"
    walk.tab.settle("jalur")
    assert walk.clicks <= MOST_CLICKS
