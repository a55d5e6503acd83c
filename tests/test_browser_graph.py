"""The graph explorer and the path view in a real browser (the fixtures and helpers of tests/test_browser.py:
Debian's Chromium, the 40 demo articles served by uvicorn, a screenshot per step, no console error).

The explorer: a legend of node colours and edge styles, labels that do not overlap, the same positions on
every load, a click on an edge that shows the articles behind it, the page's width for the canvas, a region
filter by name, and a table of the same nodes and edges. The path view: names typed with suggestions, the
shortest paths with the articles of each hop.
"""

from __future__ import annotations

import re
from collections import deque

from playwright.sync_api import Locator, Page, expect

from tests import test_browser
from tests.test_browser import Served, Tab, click_node, clickable, graph_ready, path_of, wait_panel_shows

browser = test_browser.browser  # the fixtures of tests/test_browser.py, shared
served = test_browser.served
tab = test_browser.tab

# Label boxes (model coordinates) of the labelled nodes: none may overlap another.
LABEL_BOXES = """() => window.wartaGraph.nodes('.labelled').map((n) => {
  const b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
  return [n.id(), b.x1, b.y1, b.x2, b.y2];
})"""

ZOOM_IN = (
    "() => { const cy = window.wartaGraph; cy.zoom({ level: cy.zoom() * 2.5, position: cy.nodes()[0].position() }); }"
)
POSITIONS = (
    "() => window.wartaGraph.nodes().map((n) => [n.id(), Math.round(n.position('x')), Math.round(n.position('y'))])"
)


def overlapping(boxes: list[list[object]]) -> list[tuple[object, object]]:
    """The pairs of label boxes that overlap."""
    pairs = []
    for i, (a, ax1, ay1, ax2, ay2) in enumerate(boxes):
        for b, bx1, by1, bx2, by2 in boxes[i + 1 :]:
            if ax1 < bx2 and bx1 < ax2 and ay1 < by2 and by1 < ay2:  # type: ignore[operator]
                pairs.append((a, b))
    return pairs


def clear_edge(page: Page, gap: float = 18) -> str:
    """The id of the edge with the most articles whose drawn midpoint is at least `gap` pixels from every node,
    scrolled into the middle of the window."""
    edge_id = page.evaluate(
        """(gap) => {
          const cy = window.wartaGraph;
          const clear = cy.edges().filter((e) => cy.nodes().every((n) => {
            const m = e.renderedMidpoint(), p = n.renderedPosition();
            return Math.hypot(m.x - p.x, m.y - p.y) >= gap + n.renderedWidth() / 2;
          }));
          const best = clear.sort((a, b) => b.data('articles') - a.data('articles'))[0];
          return best ? best.id() : null;
        }""",
        gap,
    )
    assert edge_id, "no edge is drawn clear of the nodes"
    return str(edge_id)


def click_edge(page: Page, edge_id: str) -> None:
    """A real mouse click on the middle of the drawn edge."""
    page.evaluate(
        """async (id) => {
          const cy = window.wartaGraph, box = cy.container().getBoundingClientRect();
          window.scrollBy(0, box.top + cy.$id(id).renderedMidpoint().y - window.innerHeight / 2);
          await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        }""",
        edge_id,
    )
    x, y = page.evaluate(
        """(id) => {
          const cy = window.wartaGraph, box = cy.container().getBoundingClientRect(), m = cy.$id(id).renderedMidpoint();
          return [box.left + m.x, box.top + m.y];
        }""",
        edge_id,
    )
    page.mouse.click(x, y)


def open_article(tab: Tab, link: Locator, step: str) -> None:
    """Follow an article link: its page opens."""
    href = link.get_attribute("href") or ""
    link.click()
    tab.page.wait_for_url(re.compile(r"/artikel/"))
    assert path_of(tab.page) == href
    tab.settle(step)


def test_browser_graph_explorer(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + "/graf")
    nodes = graph_ready(page)
    assert nodes >= 10

    # The canvas takes the page's width, less the side column.
    width = page.evaluate("() => document.getElementById('graph').getBoundingClientRect().width")
    assert width >= 0.65 * 1280, f"the canvas is {width}px wide in a 1280px window"

    # The legend: a colour per node type shown, a line style per edge kind.
    legend = page.get_by_test_id("graph-legend")
    expect(legend).to_be_visible()
    shown_types = set(page.evaluate("() => window.wartaGraph.nodes().map((n) => n.data('type'))"))
    legend_types = set(legend.locator("[data-legend-type]").evaluate_all("els => els.map(e => e.dataset.legendType)"))
    assert shown_types <= legend_types
    expect(legend.locator("[data-legend-edge]")).to_have_count(3)

    # Labels: some shown, none overlapping; the less linked ones wait for a zoom.
    boxes = page.evaluate(LABEL_BOXES)
    assert boxes and all(box[3] > box[1] for box in boxes)  # type: ignore[operator]
    assert not overlapping(boxes), overlapping(boxes)
    assert len(boxes) < nodes
    page.evaluate(ZOOM_IN)
    page.wait_for_timeout(150)
    zoomed = page.evaluate(LABEL_BOXES)
    assert not overlapping(zoomed) and len(zoomed) >= 1
    tab.settle("graph")


def test_browser_graph_stable_layout_and_edge_evidence(tab: Tab, served: Served) -> None:
    page = tab.page
    # The same graph, the same positions.
    tab.open(served.url + "/graf")
    graph_ready(page)
    first = page.evaluate(POSITIONS)
    page.reload()
    graph_ready(page)
    assert page.evaluate(POSITIONS) == first

    # An edge's evidence: its articles, linked.
    edge = clear_edge(page)
    click_edge(page, edge)
    panel = page.get_by_test_id("edge-panel")
    expect(panel).to_be_visible()
    count = page.evaluate("(id) => window.wartaGraph.$id(id).data('articles')", edge)
    expect(panel.locator("[data-field=count]")).to_contain_text(str(count))
    links = panel.get_by_test_id("edge-article")
    expect(links.first).to_be_visible()  # an edge whose page data names no article fetches them when clicked
    assert 1 <= links.count() <= 3
    expect(panel.get_by_test_id("edge-path")).to_have_attribute("href", re.compile(r"^/jalur\?dari=.+&ke=.+"))
    tab.settle("edge-evidence")
    open_article(tab, links.first, "edge-article")


def test_browser_graph_table_and_region_name(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + "/graf")
    graph_ready(page)
    region = page.get_by_test_id("region-input")
    options = page.locator("#region-choices option").evaluate_all("els => els.map(e => e.value)")
    assert "Kabupaten Mojokerto" in options  # suggested by name
    region.fill("Kabupaten Mojokerto")
    region.press("Enter")
    page.wait_for_url(re.compile(r"region=Kabupaten\+Mojokerto"))
    expect(page.get_by_test_id("graph-error")).to_have_count(0)
    nodes = graph_ready(page)
    edges = int(page.evaluate("() => window.wartaGraph.edges().length"))

    # The table view: the same nodes and edges, reachable by keyboard.
    table = page.get_by_test_id("graph-table")
    table.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("graph-nodes-table")).to_be_visible()
    assert page.get_by_test_id("graph-nodes-table").locator("tbody tr").count() == nodes
    assert page.get_by_test_id("graph-edges-table").locator("tbody tr").count() == edges
    assert page.get_by_test_id("graph-edges-table").locator("a[href^='/jalur?dari=']").count() == edges
    tab.settle("table")

    tab.open(served.url + "/graf?region=Nowhere+Land")
    expect(page.get_by_test_id("graph-error")).to_be_visible()
    tab.settle("bad-region")


def table_rows(page: Page) -> tuple[int, int]:
    """The rows of the table view: nodes, edges."""
    nodes = page.get_by_test_id("graph-nodes-table").locator("tbody tr").count()
    return nodes, page.get_by_test_id("graph-edges-table").locator("tbody tr").count()


def test_browser_graph_table_follows_expansion(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + f"/graf?focus={served.person_id}")
    before = graph_ready(page)
    drawn = "() => [window.wartaGraph.nodes().length, window.wartaGraph.edges().length]"
    assert table_rows(page) == tuple(page.evaluate(drawn))
    shown = set(page.evaluate("() => window.wartaGraph.nodes().map(n => n.id())"))
    candidates = [n for n in sorted(shown) if served.neighbours.get(n, set()) - shown]
    target = max(clickable(page, candidates) or candidates, key=lambda n: len(served.neighbours[n] - shown))
    click_node(page, target)
    wait_panel_shows(page, served.names[target])
    page.get_by_test_id("expand-node").click()
    page.wait_for_function("(n) => window.wartaGraph.nodes().length > n", arg=before)
    graph_ready(page)
    page.wait_for_timeout(100)  # the table is brought up to date on the next frame
    assert table_rows(page) == tuple(page.evaluate(drawn))
    row = page.locator(f"[data-testid=graph-nodes-table] tr[data-node='{target}'] td:last-child a")
    expect(row).to_have_text(
        str(page.evaluate("(id) => window.wartaGraph.$id(id).neighborhood('node').length", target))
    )
    tab.settle("expanded")


def distance_two(served: Served) -> tuple[str, str]:
    """The person the tests follow and a named entity exactly two hops from them in the stored graph."""
    seen = {served.person_id: 0}
    queue = deque([served.person_id])
    while queue:
        node = queue.popleft()
        for other in sorted(served.neighbours.get(node, set())):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    two = sorted(n for n, d in seen.items() if d == 2 and n in served.names)
    assert two, "no entity two hops from the person"
    return served.person_id, two[0]


def test_browser_path_view(tab: Tab, served: Served) -> None:
    page = tab.page
    source, target = distance_two(served)
    tab.open(served.url + "/jalur")
    start = page.get_by_test_id("path-from")
    start.press_sequentially(served.person_name[:6], delay=30)
    page.wait_for_function("() => document.querySelectorAll('#suggest-dari option').length > 0")
    suggested = page.locator("#suggest-dari option").evaluate_all("els => els.map(e => e.value)")
    assert served.person_name in suggested
    start.fill(served.person_name)
    page.get_by_test_id("path-to").fill(served.names[target])
    tab.settle("form")
    page.get_by_test_id("path-submit").click()
    page.wait_for_url(re.compile(r"/jalur\?dari="))

    result = page.get_by_test_id("path-result")
    expect(result).to_be_visible()
    expect(page.get_by_test_id("path-summary")).to_contain_text("2 langkah")
    first = page.get_by_test_id("path").first
    expect(first.get_by_test_id("path-hop")).to_have_count(2)
    expect(first.locator(f"a[href='/entitas/{source}']")).to_have_count(1)
    expect(first.locator(f"a[href='/entitas/{target}']")).to_have_count(1)
    articles = first.get_by_test_id("path-article")
    assert articles.count() >= 2  # each hop names at least one article
    tab.settle("paths")
    open_article(tab, articles.first, "article")

    tab.open(served.url + f"/jalur?dari={source}&ke={source}&lang=en")
    expect(page.get_by_test_id("path-same")).to_be_visible()
    expect(page.locator("h1")).to_have_text("How they connect")
    tab.settle("same-en")
