"""The web app in a real browser: Debian's Chromium driven by Playwright against a live uvicorn server.

The server holds a fresh store of the 40 demo articles. The tests walk the path the issue asks for: the
dashboard (Indonesian, then English), a region dashboard, a search for a person, the person's page, a quote's
article, and the graph explorer (click a node, expand it, open its entity). Every page visited is saved as a
full-page screenshot under test-artifacts/screenshots/, and no page may log a console error, throw, or
violate its Content-Security-Policy. See docs/browser-tests.md.

Without /usr/bin/chromium the tests are skipped, unless CI is set: then they fail.
"""

from __future__ import annotations

import os
import re
import threading
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import DEMO, ROOT
from warta.app import create_app
from warta.model import Raw
from warta.pipeline import Pipeline
from warta.store import open_store, queries
from warta.store.graph import GraphFilter
from warta.store.sqlstore import SQLStore

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
REGION = "35.16"  # Kabupaten Mojokerto
TIMEOUT_MS = 10_000
EVERY_DEMO_DAY = "dari=2022-01-01&sampai=2025-12-31"  # a period (URL query) holding every demo article

# Content-Security-Policy violations reach the console as errors in Chromium; this listener makes sure every
# one of them is reported, also under a report-only policy.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@dataclass(frozen=True)
class Served:
    """The running web app and the person the tests follow through it."""

    url: str
    person_id: str
    person_name: str
    neighbours: dict[str, set[str]]  # the stored graph: entity id -> the entities it has edges with
    names: dict[str, str]  # entity id -> name (entities only, no quote nodes)


@dataclass
class Problems:
    """Console errors, uncaught exceptions and CSP violations of one page, as they arrive."""

    errors: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def exception(self, error: Exception) -> None:
        self.errors.append(f"pageerror: {error}")


def chromium_missing() -> str | None:
    if CHROMIUM.exists():
        return None
    return f"{CHROMIUM} not found: install Debian's Chromium (`make browser`, or `apt-get install chromium`)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; skipped where it is missing, a failure where CI is set."""
    reason = chromium_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so the browser tests may not be skipped", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def served(pipe: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A fresh store of the demo articles, served by uvicorn on a free port from a background thread."""
    db = tmp_path_factory.mktemp("browser") / "warta.db"
    with open_store(str(db)) as store:
        for path in sorted((DEMO / "articles").glob("*.html")):
            store.save(pipe.run(Raw(content=path.read_bytes(), format="html", origin=str(path))))
        person_id, person_name = quoted_person(store)
        graph = store.graph(GraphFilter())
    names = {node.id: node.name for node in graph.nodes if node.type != "quote"}
    neighbours: dict[str, set[str]] = {entity: set() for entity in names}
    for edge in graph.edges:
        if edge.type != "said" and edge.source != edge.target:  # "said" edges lead to quotes, not entities
            neighbours[edge.source].add(edge.target)
            neighbours[edge.target].add(edge.source)

    with serving(db) as url:
        yield Served(url, person_id, person_name, neighbours, names)


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The web app over the store `db`, served by uvicorn on a free port from a background thread: its URL."""
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, name="warta-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the web app did not start", pytrace=False)
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def quoted_person(store: SQLStore) -> tuple[str, str]:
    """The named person quoted most often in the demo (ties broken by name): someone who surely exists."""
    every_quote = queries.collect(partial(queries.list_quotes, store), 10_000)
    quoted = Counter(q.speaker_id for q in every_quote if q.speaker_id)
    persons = queries.collect(partial(queries.list_entities, store, "person"), 10_000)
    people = [e for e in persons if e.named and quoted[e.id]]
    assert people, "the demo store has no quoted named person"
    best = min(people, key=lambda e: (-quoted[e.id], e.name))
    return best.id, best.name


@dataclass
class Tab:
    """One test's page, its name, and what went wrong on it."""

    page: Page
    name: str
    problems: Problems

    def open(self, url: str) -> None:
        """Go to a page, which must answer 200."""
        response = self.page.goto(url)
        status = response.status if response else None
        assert status == 200, f"{url}: HTTP {status}"

    def settle(self, step: str) -> None:
        """The page is done: save it as <test name>-<step>.png, then check that it logged no console error,
        threw nothing and broke no CSP rule."""
        self.page.wait_for_load_state("networkidle")
        screenshot(self.page, f"{self.name}-{step}")
        errors, self.problems.errors[:] = list(self.problems.errors), []
        assert not errors, f"{self.page.url}: " + "; ".join(errors)


@pytest.fixture
def tab(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A fresh page (own context: no cookies from other tests) that records its errors; saved as
    test-artifacts/screenshots/<test name>.png when the test ends, passed or failed."""
    context, page, problems = watched_page(browser, 1280, 900)
    try:
        yield Tab(page, request.node.name, problems)
    finally:
        try:
            screenshot(page, request.node.name)
        except PlaywrightError as error:  # a crashed page: the test's own failure says more
            warnings.warn(f"no screenshot of {request.node.name}: {error}", stacklevel=1)
        finally:
            context.close()


def watched_page(browser: Browser, width: int, height: int) -> tuple[BrowserContext, Page, Problems]:
    """A page in its own context (no cookies from other tests) of a width × height window, in Indonesian, whose
    console errors, uncaught exceptions and CSP violations are recorded; the caller closes the context."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    problems = Problems()
    page.on("console", problems.console)
    page.on("pageerror", problems.exception)
    return context, page, problems


def screenshot(page: Page, name: str) -> Path:
    """The whole page as test-artifacts/screenshots/<name>.png, scrolled to the top first (a scrolled page
    would show its sticky header in the middle of the picture)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)
    return path


def path_of(page: Page) -> str:
    """The path of the page's URL, without query or fragment."""
    return urlsplit(page.url).path


def test_browser_dashboard(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + "/")
    for testid in ("search-input", "search-submit", "lang-switch"):
        expect(page.get_by_test_id(testid)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    for label in ("Beranda", "Berita", "Grafik"):  # search: the box beside the nav
        expect(page.get_by_role("link", name=label, exact=True).first).to_be_visible()
    tab.settle("id")

    page.get_by_test_id("lang-switch").click()
    page.wait_for_url(re.compile(r"lang=en"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for label in ("Home", "Articles", "Graph"):
        expect(page.get_by_role("link", name=label, exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="Beranda", exact=True)).to_have_count(0)
    tab.settle("en")


def test_browser_region(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + f"/wilayah/{REGION}?{EVERY_DEMO_DAY}")
    expect(page.locator("h1").first).to_contain_text("Kabupaten Mojokerto")
    # Officials, bodies, places and trending entities link to entity pages; the latest news to articles.
    assert page.locator("a[href^='/entitas/']").count() >= 10
    assert page.locator("a[href^='/artikel/']").count() >= 1
    tab.settle("mojokerto")


def test_browser_search_person_to_entity(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + "/")
    page.get_by_test_id("search-input").fill(served.person_name)
    page.get_by_test_id("search-submit").click()
    page.wait_for_url(re.compile(r"/cari\?"))
    hits = page.get_by_test_id("result-entity").filter(has_text=served.person_name)
    expect(hits.first).to_be_visible()
    expect(page.get_by_test_id("result-article").first).to_be_visible()  # the name is in an article's text
    tab.settle("search")

    hits.first.click()
    page.wait_for_url(re.compile(r"/entitas/"))
    assert path_of(page) == f"/entitas/{served.person_id}"
    expect(page.get_by_test_id("entity-name")).to_contain_text(served.person_name)
    expect(page.get_by_test_id("timeline")).to_be_visible()
    tab.settle("entity")


def test_browser_quote_to_article(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + f"/entitas/{served.person_id}?{EVERY_DEMO_DAY}")
    link = page.get_by_test_id("quote").first.get_by_test_id("quote-article-link")
    expect(link).to_have_attribute("href", re.compile(r"^/artikel/[^/?#]+"))
    href = link.get_attribute("href") or ""
    tab.settle("entity")

    link.click()
    page.wait_for_url(re.compile(r"/artikel/"))
    assert path_of(page) == urlsplit(href).path
    expect(page.locator("h1").first).not_to_be_empty()
    assert page.locator("mark.ent").count() >= 3  # highlighted mentions in the text
    expect(page.get_by_role("heading", name="Tokoh", exact=True)).to_be_visible()
    expect(page.locator(f"a[href='/entitas/{served.person_id}']").first).to_be_visible()  # the quoted person
    expect(page.get_by_role("heading", name=re.compile(r"Ekstraksi|Extracted"))).to_be_visible()
    expect(page.get_by_test_id("graph")).to_be_visible()
    graph_ready(page)
    tab.settle("article")


def graph_ready(page: Page) -> int:
    """Wait until the Cytoscape instance has nodes and its layout has stopped moving; the node count."""
    page.wait_for_function("() => window.wartaGraph && window.wartaGraph.nodes().length > 0")
    positions = None
    for _ in range(50):
        now = page.evaluate("() => window.wartaGraph.nodes().map(n => [n.id(), n.position('x'), n.position('y')])")
        if now == positions:
            break
        positions = now
        page.wait_for_timeout(100)
    return int(page.evaluate("() => window.wartaGraph.nodes().length"))


def click_node(page: Page, node_id: str) -> None:
    """A real mouse click on the node where it is drawn: the canvas's box plus the node's rendered position,
    once the page is scrolled to put the node in the middle of the window."""
    page.evaluate(
        """async (id) => {
          const cy = window.wartaGraph, box = cy.container().getBoundingClientRect();
          window.scrollBy(0, box.top + cy.$id(id).renderedPosition().y - window.innerHeight / 2);
          await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        }""",
        node_id,
    )
    x, y, width, height = page.evaluate(
        """(id) => {
          const cy = window.wartaGraph, box = cy.container().getBoundingClientRect(), p = cy.$id(id).renderedPosition();
          return [box.left + p.x, box.top + p.y, window.innerWidth, window.innerHeight];
        }""",
        node_id,
    )
    assert 0 <= x < width and 0 <= y < height, f"node {node_id} is drawn at ({x}, {y}), outside the window"
    page.mouse.click(x, y)


def clickable(page: Page, ids: list[str], gap: float = 30) -> list[str]:
    """The nodes of `ids` drawn at least `gap` pixels from every other node: a click there hits only them."""
    return list(
        page.evaluate(
            """([ids, gap]) => {
              const nodes = window.wartaGraph.nodes();
              return ids.filter((id) => {
                const p = window.wartaGraph.$id(id).renderedPosition();
                return nodes.every((n) => n.id() === id
                  || Math.hypot(n.renderedPosition().x - p.x, n.renderedPosition().y - p.y) >= gap);
              });
            }""",
            [ids, gap],
        )
    )


def wait_panel_shows(page: Page, name: str) -> None:
    """Wait until the node panel is visible and shows this node's name as a whole text (not inside a longer
    name): the click hit that node."""
    page.get_by_test_id("node-panel").wait_for(state="visible")
    page.wait_for_function(
        """(name) => [...document.querySelectorAll("[data-testid=node-panel] *")]
          .some((element) => element.textContent.trim() === name)""",
        arg=name,
    )


def test_browser_graph(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + f"/graf?focus={served.person_id}")
    before = graph_ready(page)
    shown = set(page.evaluate("() => window.wartaGraph.nodes().map(n => n.id())"))
    assert served.person_id in shown
    tab.settle("before-expand")

    # The shown entity with the most stored neighbours not yet on the canvas (expanding it must add nodes),
    # among those drawn clear of the others (so that a click hits it).
    candidates = [n for n in sorted(shown) if served.neighbours.get(n, set()) - shown]
    assert candidates, "no shown node has neighbours left to add"
    target = max(clickable(page, candidates) or candidates, key=lambda n: len(served.neighbours[n] - shown))

    click_node(page, target)
    wait_panel_shows(page, served.names[target])
    page.get_by_test_id("expand-node").click()
    page.wait_for_function("(n) => window.wartaGraph.nodes().length > n", arg=before)
    after = graph_ready(page)
    assert after > before
    added = sorted(set(page.evaluate("() => window.wartaGraph.nodes().map(n => n.id())")) - shown)
    assert set(added) <= served.neighbours[target], "expanding added nodes that are not the node's neighbours"
    tab.settle("after-expand")

    # A node the expansion added: click it, then open its entity page from the panel.
    new = (clickable(page, added) or added)[0]
    click_node(page, new)
    wait_panel_shows(page, served.names[new])
    page.get_by_test_id("open-entity").click()
    page.wait_for_url(re.compile(r"/entitas/"))
    assert path_of(page) == f"/entitas/{new}"
    assert served.names[new] in page.get_by_test_id("entity-name").inner_text()
    tab.settle("open-entity")
