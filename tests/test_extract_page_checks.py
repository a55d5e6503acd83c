"""The page checks before extraction (`_deep_page` in warta/stages/extract.py): the text count and the nesting
depth libxml2 gives, against a walk over every node of the tree in Python, for pages of random shape."""

from __future__ import annotations

import lxml.etree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.errors import InputError
from warta.settings import Settings
from warta.stages.extract import _LEAN_DEPTH, _deep_page, _parse

WORDS = st.text(alphabet="ab é€\n\t<>&", max_size=12).map(lambda t: t.replace("<", "&lt;").replace("&", "&amp;"))
LEAVES = st.one_of(
    WORDS,
    WORDS.map(lambda t: f"<!--{t.replace('-', '')}-->"),
    WORDS.map(lambda t: f"<script>{t.replace('<', '')}</script>"),
    WORDS.map(lambda t: f"<style>{t.replace('<', '')}</style>"),
    WORDS.map(lambda t: f"<?pi {t.replace('>', '')}?>"),
    st.just("<br>"),
)


def _nodes(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tag = st.sampled_from(["div", "p", "span", "section", "b"])
    return st.builds(lambda t, inner, tail: f"<{t}>{inner}</{t}>{tail}", tag, children, WORDS)


BODIES = st.recursive(LEAVES, lambda inner: _nodes(st.lists(inner, max_size=4).map("".join)), max_leaves=30)


def _walk(tree: lxml.etree._Element) -> tuple[int, int]:
    """The text (scripts and styles left out) and the depth of the deepest element, node by node."""
    total = depth = deepest = 0
    for event, element in lxml.etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            deepest = max(deepest, depth)
            if isinstance(element.tag, str) and element.tag not in ("script", "style"):
                total += len(element.text or "")
            continue
        depth -= 1
        total += len(element.tail or "")
    return total, deepest


@settings(max_examples=150, deadline=None)
@given(
    body=BODIES,
    nesting=st.one_of(st.integers(0, 3), st.integers(_LEAN_DEPTH - 6, _LEAN_DEPTH)),  # shallow, or near the line
    slack=st.integers(-2, 2),
)
def test_page_checks_count_what_a_walk_counts(body: str, nesting: int, slack: int) -> None:
    html = "<html><body>" + "<div>" * nesting + body + "x" + "</div>" * nesting + "</body></html>"
    tree, _ = _parse(html, "page.html")
    total, deepest = _walk(tree)
    limit = max(1, (total + slack) // 2)  # the page's text is refused over twice the article limit
    checks = Settings(max_text_chars=limit)
    if total > 2 * limit:
        with pytest.raises(InputError, match="page of more than"):
            _deep_page("page.html", tree, checks)
    else:
        assert _deep_page("page.html", tree, checks) == (deepest > _LEAN_DEPTH)
