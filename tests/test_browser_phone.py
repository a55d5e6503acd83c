"""Every page on a phone (390×844) and on a laptop (1366×900), in Debian's Chromium as tests/test_browser.py
drives it: no horizontal scrolling, a sticky header of at most a tenth of a phone's screen, the graph first on a
phone's graph page, a skip link, a title naming the page's query or entity, a text alternative for every chart,
and no serious or critical accessibility violation found by axe-core (npm's `axe-core`, installed into
node_modules by `make web-assets`). A screenshot of each page at each size goes to test-artifacts/screenshots/.

axe-core is injected as an init script (through the DevTools protocol, so the pages' Content-Security-Policy
stays as strict as it is); without node_modules/axe-core the tests are skipped, unless CI is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import quote as urlquote

import pytest
from playwright.sync_api import Browser, Page

from tests import test_browser
from tests.conftest import DEMO, ROOT
from tests.test_browser import (
    CSP_LISTENER,
    SCREENSHOTS,
    TIMEOUT_MS,
    Problems,
    graph_ready,
    quoted_person,
    screenshot,
    serving,
)
from warta.model import Raw
from warta.pipeline import Pipeline
from warta.store import open_store, queries
from warta.store.graph import Graph, GraphFilter
from warta.web import period

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
HEADER_SHARE = 0.10  # the sticky header's most height on a phone, as a share of the window's
REGION = test_browser.REGION
GRAVE = ("serious", "critical")
CHARTED = {"person", "isu"}  # pages that must draw a chart (so that the charts' check is not vacuous)

browser = test_browser.browser  # the module's Chromium, as tests/test_browser.py launches it

AXE_RUN = """async () => {
  const result = await window.axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary.replace(/\\s+/g, " ")) }));
}"""

OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.body.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > width + 1)
    .filter((e) => !e.closest(".nav")).slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} right=${e.getBoundingClientRect().right}`);
  return { scroll: document.documentElement.scrollWidth, width, wide };
}"""

CHARTS = """() => [...document.querySelectorAll("svg")].filter((svg) => !svg.closest("[aria-hidden=true]"))
  .map((svg) => ({ role: svg.getAttribute("role"), label: (svg.getAttribute("aria-label") || "").trim(),
    title: (svg.querySelector(":scope > title")?.textContent || "").trim(),
    described: document.getElementById(svg.getAttribute("aria-describedby") || "")?.tagName === "TABLE" }))"""


@dataclass(frozen=True)
class Site:
    """The running web app and the page of each kind to open, with the words its title must carry."""

    url: str
    pages: dict[str, tuple[str, str, int]]  # name -> (path, words the <title> must contain, HTTP status)
    newer: dict[str, tuple[str, str, int]]  # the same of pages that other work is adding (checked once served)


def axe_missing() -> str | None:
    return None if AXE.is_file() else f"{AXE.relative_to(ROOT)} not found: run `make web-assets` (npm ci)"


@pytest.fixture(scope="module")
def site(pipe: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo articles in a fresh store, served with today fixed on the newest article's day; one page of each
    kind chosen from what the store holds: the person quoted most, the article with the longest title, the body
    with the longest name, the largest isu."""
    reason = axe_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so the phone tests may not be skipped", pytrace=False)
        pytest.skip(reason)
    db = tmp_path_factory.mktemp("browser-phone") / "warta.db"
    with open_store(str(db)) as store:
        for path in sorted((DEMO / "articles").glob("*.html")):
            store.save(pipe.run(Raw(content=path.read_bytes(), format="html", origin=str(path))))
        person_id, person_name = quoted_person(store)
        articles = queries.collect(partial(queries.list_articles, store), 10_000)
        article = max(articles, key=lambda a: len(a.title or ""))
        days = sorted(a.published[:10] for a in articles if a.published)
        bodies = [e for t in ("ministry", "agency", "government_body")
                  for e in queries.collect(partial(queries.list_entities, store, t), 10_000)]  # fmt: skip
        body = max(bodies, key=lambda e: len(e.name))
        isu = queries.top_isus(store, limit=1).items[0]
        far = two_steps(store.graph(GraphFilter()), person_id)
        region_name = queries.region_dashboard(store, REGION).name
    span = f"dari={days[0]}&sampai={days[-1]}"  # every article's date: the entity pages draw their charts
    pages = {
        "home": ("/", "Beranda", 200),
        "home-en": ("/?lang=en", "Home", 200),
        "region": (f"/wilayah/{REGION}", region_name, 200),
        "search": (f"/cari?q={urlquote(person_name)}", person_name, 200),
        "person": (f"/entitas/{urlquote(person_id)}?{span}", person_name, 200),
        "body": (f"/entitas/{urlquote(body.id)}?{span}", body.name, 200),
        "article": (f"/artikel/{urlquote(article.id)}", article.title or article.id, 200),
        "graph": (f"/graf?focus={urlquote(person_id)}", person_name, 200),
        "isus": ("/isu", "Isu", 200),
        "isu": (f"/isu/{urlquote(isu.id)}", isu.label, 200),
        "error": ("/entitas/tidak-ada", "404", 404),
    }
    newer = {
        "berita": (f"/berita?entitas={urlquote(body.id)}&{span}", body.name, 200),
        "kutipan": (f"/kutipan?tokoh={urlquote(person_id)}&{span}", person_name, 200),
        "jalur": (f"/jalur?dari={urlquote(person_id)}&ke={urlquote(far)}", person_name, 200),
    }
    with pytest.MonkeyPatch.context() as patch, serving(db) as url:
        patch.setenv(period.TODAY_ENV, days[-1])  # "today" is the newest article's day: the periods hold news
        yield Site(url, pages, newer)


def two_steps(graph: Graph, start: str) -> str:
    """An entity two links away from `start` in the stored graph (a body first, then by id): a path to show."""
    types = {node.id: node.type for node in graph.nodes}
    links: dict[str, set[str]] = {}
    for edge in graph.edges:
        if edge.type != "said" and edge.source != edge.target:
            links.setdefault(edge.source, set()).add(edge.target)
            links.setdefault(edge.target, set()).add(edge.source)
    near = links.get(start, set())
    far = {n for m in near for n in links.get(m, set())} - near - {start}
    assert far, f"{start} has nothing two links away"
    return min(far, key=lambda n: (types.get(n) not in ("ministry", "agency", "government_body"), n))


def served_pages(site: Site, page: Page) -> dict[str, tuple[str, str, int]]:
    """The pages of `site.newer` that the app serves (a route it does not have answers 404)."""
    return {name: p for name, p in site.newer.items() if page.request.get(site.url + p[0]).status != 404}


@pytest.fixture(params=list(SIZES))
def sized(browser: Browser, request: pytest.FixtureRequest) -> Iterator[tuple[str, Page, Problems]]:
    """A fresh page of the size's window, with axe-core injected into every document and its errors recorded."""
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    problems = Problems()
    page.on("console", problems.console)
    page.on("pageerror", problems.exception)
    try:
        yield request.param, page, problems
    finally:
        context.close()


def check_page(page: Page, problems: Problems, size: str, name: str, expected: tuple[str, str, int], base: str) -> None:
    """Open one page and check everything this module asks of it; the screenshot is taken first, so that a
    failure can be looked at."""
    path, title_words, status = expected
    response = page.goto(base + path)
    assert response is not None and response.status == status, f"{path}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")
    if page.locator("[data-testid=graph]").count() and page.evaluate("() => !!window.cytoscape"):
        graph_ready(page)
    screenshot(page, f"phone-{name}-{size}")
    page.screenshot(path=str(SCREENSHOTS / f"phone-{name}-{size}-first-screen.png"))  # what opens, header included
    url = base + path
    failures = [e for e in problems.errors if status == 200 or not (f"status of {status}" in e and url in e)]
    problems.errors.clear()  # an error page's own status is no error of the page

    box = page.evaluate(OVERFLOW)
    if box["scroll"] > box["width"]:
        failures.append(f"scrolls sideways: {box['scroll']} > {box['width']} ({'; '.join(box['wide'])})")
    header = page.evaluate("() => document.querySelector('header.top').getBoundingClientRect().height")
    if size == "phone" and header > HEADER_SHARE * SIZES[size][1]:
        failures.append(f"the header is {header:.0f} px high, over {HEADER_SHARE:.0%} of the screen")
    failures += skip_link_problems(page) + title_problems(page, title_words) + chart_problems(page)
    if name in CHARTED and not page.locator("svg[role=img]").count():
        failures.append("no chart drawn")
    failures += [f"axe {v['impact']} {v['id']}: {v['help']} — {' | '.join(v['nodes'])}" for v in grave(page)]
    assert not failures, f"{name} at {size} ({path}):\n  " + "\n  ".join(failures)


def grave(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page."""
    return [v for v in page.evaluate(AXE_RUN) if v["impact"] in GRAVE]


def skip_link_problems(page: Page) -> list[str]:
    """The first focusable element must be a link to the main content, which must exist."""
    link = page.locator("a.skip-link")
    if not link.count():
        return ["no skip link"]
    target = (link.first.get_attribute("href") or "").lstrip("#")
    first = page.evaluate("() => document.querySelector('a[href], button, input')?.className || ''")
    problems = [] if target and page.locator(f"main#{target}").count() else [f"the skip link's #{target} is no <main>"]
    return problems + ([] if "skip-link" in first else [f"the first focusable element is .{first}, not the skip link"])


def title_problems(page: Page, words: str) -> list[str]:
    """The <title> must name the page's query or entity, and end with the site's name."""
    title = page.title()
    problems = [] if title.endswith("Warta") else [f"title {title!r} does not end with Warta"]
    return problems + ([] if words.lower() in title.lower() else [f"title {title!r} does not name {words!r}"])


def chart_problems(page: Page) -> list[str]:
    """Every drawn chart must be an image with a text alternative (a label or title) whose aria-describedby
    names a table of its figures; every graph drawing (a canvas) must come with a text saying where its
    contents are written out."""
    problems = []
    for chart in page.evaluate(CHARTS):
        if chart["role"] != "img" or not (chart["label"] or chart["title"]):
            problems.append(f"a chart without a text alternative: {chart}")
        elif not chart["described"]:
            problems.append(f"chart {chart['label'] or chart['title']!r} names no table of its figures")
    drawn, told = page.locator(".graph-wrap").count(), page.locator(".graph-wrap > .sr-only").count()
    return problems + ([] if drawn == told else [f"{drawn - told} graph drawing(s) without a text for screen readers"])


@pytest.mark.parametrize(
    "name", ["home", "home-en", "region", "search", "person", "body", "article", "graph", "isus", "isu", "error"]
)
def test_browser_phone_page(sized: tuple[str, Page, Problems], site: Site, name: str) -> None:
    size, page, problems = sized
    check_page(page, problems, size, name, site.pages[name], site.url)


def test_browser_phone_newer_pages(sized: tuple[str, Page, Problems], site: Site) -> None:
    """The pages other work adds (/berita, /kutipan, /jalur), where the app already serves them."""
    size, page, problems = sized
    for name, expected in served_pages(site, page).items():
        check_page(page, problems, size, name, expected, site.url)


def test_browser_phone_graph_first(sized: tuple[str, Page, Problems], site: Site) -> None:
    """On a phone the graph page opens on the graph: the canvas starts within the first screen, above the
    filters; on a laptop the filters may come first."""
    size, page, _ = sized
    page.goto(site.url + site.pages["graph"][0])
    graph = page.get_by_test_id("graph").bounding_box()
    filters = page.locator("form.filters").bounding_box()
    assert graph and filters
    if size == "phone":
        assert graph["y"] < filters["y"], "the filters come before the graph on a phone"
        assert graph["y"] < SIZES[size][1] / 3, f"the graph starts {graph['y']:.0f} px down"


def test_browser_phone_skip_link_focus(sized: tuple[str, Page, Problems], site: Site) -> None:
    """Tab from the top of a page reaches the skip link first, shown on focus; Enter moves focus into <main>."""
    size, page, _ = sized
    page.goto(site.url + site.pages["person"][0])
    link = page.locator("a.skip-link")
    hidden = link.bounding_box()
    assert hidden and hidden["y"] + hidden["height"] <= 0, f"the skip link shows before it has the focus: {hidden}"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    box = link.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10, f"the focused skip link is not shown: {box}"
    assert link.inner_text().strip() == "Langsung ke isi"
    page.screenshot(path=str(SCREENSHOTS / f"phone-skip-link-{size}.png"))  # the link as it shows on focus
    page.keyboard.press("Enter")
    assert page.evaluate("() => !!document.activeElement.closest('main')"), "focus did not move into <main>"
    page.goto(site.url + site.pages["home-en"][0])
    assert link.inner_text().strip() == "Skip to content"
