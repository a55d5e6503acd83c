"""The parsers under Hypothesis: extraction, cleaning, sentence splitting, quotes, the JSON Lines reader and
input reading, fed hostile text, HTML and bytes. Invariants: nothing but a `WartaError` escapes; every
stand-off span lies inside the text and says what it covers; the same input gives the same output and ids.
Each test is bounded by `max_examples` so the whole file runs in well under a minute."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from warta import pipeline
from warta.document import to_document
from warta.errors import InputError, WartaError
from warta.model import Article, Mention, Raw, Span
from warta.net.decode import decode
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.files import FORMATS, iter_inputs, jsonl_lines, parse_jsonl
from warta.stages.clean import Clean
from warta.stages.extract import extract
from warta.stages.quotes import Quotes
from warta.stages.sentences import Sentences, split

# WARTA_FUZZ_EXAMPLES=5000 fuzzes longer by hand; the suite keeps the default, well under a minute in all.
EXAMPLES = int(os.environ.get("WARTA_FUZZ_EXAMPLES", "60"))
BOUNDED = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
FEW = settings(BOUNDED, max_examples=max(1, EXAMPLES // 2))

# ------------------------------------------------------------------ hostile characters and words

QUOTE_MARKS = "“”\"'«»「」『』‘’„‟‹›‚〝〞＂`´"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u061c\u180e"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = "".join(map(chr, [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]))
SPACES = " \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000"
EDGES = "\U0010ffff\U000e0001\U000e007f\U0001f600\U000f0000\U0001d400\ufffd\uffff\ufdd0\u0300\u0301\u20dd"
WORDS = (
    "Bupati", "Mojokerto", "Wali", "Kota", "Kabupaten", "Kab.", "Pemkab", "Dinas", "Kesehatan", "Kepala", "Desa",
    "Menurut", "Menurutnya", "mengatakan", "menegaskan", "bahwa", "kata", "ujarnya", "katanya", "lanjut", "dia",
    "ia", "beliau", "Andi", "Wijaya", "Ikfina", "Fahmawati", "Sekretaris", "Daerah", "Teguh", "Gunarko", "PT",
    "Tbk", "Festival", "yakni", "dan", "(52)", "(BPBD)", "Jawa", "Timur", "Presiden", "Joko", "Widodo", "Baca",
    "juga:", "Sumber:", "Penulis:", "Editor:", "[tin/ted]", "(ant/ram)", "Surabaya", "(ANTARA)", "-", "–", "—",
    "KOMPAS.com", "Rp", "5.000", "WIB", "Senin", "(6/6/2022)", "Jl.", "Dr.", "H.", "M.", "dll.", "https://x.id/a",
    "…", "...", "!", "?", ".", ",", ";", ":", "(", ")", "[", "]", "\n", "\n\n", " ", "  ",
)  # fmt: skip
NASTY = QUOTE_MARKS + INVISIBLE + BIDI + CONTROLS + SPACES + EDGES + "<>&;#/=.,!?()[]{}|\\*_~-–—…"

any_char = st.characters(codec="utf-8")  # every code point but surrogates
nasty_char = st.one_of(st.sampled_from(NASTY), any_char)
token = st.one_of(
    st.sampled_from(WORDS).map(lambda w: w + " "),
    st.sampled_from(WORDS),
    st.text(nasty_char, min_size=1, max_size=4),
    st.sampled_from(QUOTE_MARKS),
)
hostile_text = st.one_of(
    st.lists(token, max_size=80).map("".join),
    st.text(any_char, max_size=200),
    st.builds(lambda mark, n, tail: mark * n + tail, st.sampled_from(QUOTE_MARKS), st.integers(1, 400), st.text()),
)

# ------------------------------------------------------------------ random HTML trees

TAGS = (
    "html", "head", "body", "title", "meta", "link", "div", "p", "span", "article", "main", "section", "header",
    "footer", "nav", "aside", "h1", "h2", "b", "i", "a", "br", "hr", "img", "ul", "ol", "li", "table", "tr", "td",
    "script", "style", "noscript", "template", "iframe", "svg", "math", "form", "input", "textarea", "select",
    "option", "pre", "code", "time", "figure", "figcaption", "blockquote", "q", "frameset", "plaintext", "xmp",
)  # fmt: skip
ATTR_NAMES = ("class", "id", "href", "src", "content", "property", "name", "charset", "datetime", "rel", "type",
              "itemprop", "style", "onload", "lang", "dir", "x:y", "data-x", "", "'", "\"")  # fmt: skip
ENTITIES = ("&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&#0;", "&#x0;", "&#xD800;", "&#x110000;", "&#99999999;",
            "&#x202E;", "&ldquo;", "&rdquo;", "&bogus;", "&", "&#", "&#x;", "&amp", "&laquo;", "&#8220;")  # fmt: skip
MARKUP = ("<!-- komentar -->", "<!-->", "<!--", "-->", "<![CDATA[ x ]]>", "<![CDATA[", "]]>", "<!DOCTYPE html>",
          "<?xml version='1.0' encoding='x'?>", "</", "<", ">", "</div>", "</p></p>", "<p", "<br/>", "<%= x %>",
          '<meta charset="utf-16">', '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">',
          '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-02-30"}</script>',
          '<script type="application/ld+json">[[[[[[[{"@type": ["Article"], "author": {"name": 1}}]]]]]]]</script>',
          '<meta property="article:published_time" content="Senin, 31 Juni 2024 25:61 WIB">',
          '<link rel="canonical" href="javascript:alert(1)">', '<title>Warta :: :: | – »</title>')  # fmt: skip

attr_value = st.one_of(st.text(nasty_char, max_size=12), st.sampled_from(ENTITIES), st.sampled_from(WORDS))
attribute = st.builds(
    lambda name, quote, value: f" {name}={quote}{value}{quote}" if name else f" {value}",
    st.sampled_from(ATTR_NAMES),
    st.sampled_from(['"', "'", ""]),
    attr_value,
)
leaf = st.one_of(
    hostile_text,
    st.sampled_from(ENTITIES),
    st.sampled_from(MARKUP),
    st.lists(st.sampled_from(WORDS), min_size=6, max_size=40).map(" ".join),
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, close: f"<{tag}{''.join(attrs)}>{''.join(inner)}" + (f"</{tag}>" if close else ""),
        st.sampled_from(TAGS),
        st.lists(attribute, max_size=3),
        st.lists(children, max_size=4),
        st.booleans(),
    )


html_tree = st.recursive(leaf, _element, max_leaves=40)
html_page = st.one_of(
    html_tree,
    st.builds(lambda head, body: f"<html><head>{head}</head><body>{body}</body></html>", html_tree, html_tree),
    st.builds(lambda depth, inner: "<div>" * depth + inner + "</div>" * depth, st.integers(1, 3000), html_tree),
)

# ------------------------------------------------------------------ random JSON values and JSON Lines

json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(nasty_char, max_size=30)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["text", "html", "id", "url", "x"]), inner)
    ),
    max_leaves=12,
)
record = st.fixed_dictionaries(
    {},
    optional={
        "id": json_value, "url": json_value, "title": json_value, "published": json_value,
        "text": st.one_of(hostile_text, json_value), "html": st.one_of(html_tree, json_value),
    },
)  # fmt: skip
jsonl_line = st.one_of(
    record.map(lambda r: json.dumps(r, ensure_ascii=False, allow_nan=True)),
    json_value.map(json.dumps),
    st.text(nasty_char, max_size=40),
    st.integers(1, 5000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 5000).map(lambda depth: '{"text": ' + "[" * depth),
)
jsonl_text = st.lists(jsonl_line, max_size=8).map(lambda lines: "\n".join(lines))


# ------------------------------------------------------------------ the invariants


def assert_spans(article: Article) -> None:
    """Every stand-off annotation lies inside the text and says what it covers."""
    text = article.text
    for spans in (article.paragraphs, article.sentences):
        assert all(0 <= s.start < s.end <= len(text) for s in spans)
        assert all(a.end <= b.start for a, b in pairwise(spans)), "overlapping spans"
    for m in article.mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
    ids = {e.id for e in article.entities}
    assert {m.entity for m in article.mentions} <= ids
    for q in article.quotes:
        assert_quote(text, q.start, q.end, q.text, q.parts)
        assert q.speaker is None or q.speaker in ids, f"speaker {q.speaker!r} is no entity"
        if q.cue_start is not None and q.cue_end is not None:
            assert 0 <= q.cue_start <= q.cue_end <= len(text) and text[q.cue_start : q.cue_end] == q.cue
    for edge in article.edges:
        assert edge.source in ids and (edge.target in ids or edge.target.startswith("quote-"))
    json.dumps(to_document(article), ensure_ascii=False).encode("utf-8")  # encodable: no lone surrogates


def assert_quote(text: str, start: int, end: int, said: str, parts: tuple[Span, ...]) -> None:
    assert 0 <= start < end <= len(text) and parts
    assert parts[0].start == start and parts[-1].end == end
    assert all(start <= p.start < p.end <= end for p in parts)
    assert said == " ".join(text[p.start : p.end] for p in parts)


def run_or_refuse(pipe: pipeline.Pipeline, raw: Raw) -> Article | None:
    """The processed article, or None when the input is refused; anything else fails the test."""
    try:
        article = pipe.run(raw)
    except InputError:
        return None
    assert not article.errors or article.errors == ("no article text left after cleaning",)
    return article


# ------------------------------------------------------------------ extraction and the whole pipeline


@BOUNDED
@given(page=html_page)
def test_fuzz_html_page_through_the_pipeline(pipe: pipeline.Pipeline, page: str) -> None:
    note(f"page={page[:4000]!r}")
    raw = Raw(content=page, format="html", origin="fuzz.html", url="https://contoh.id/berita/1")
    article = run_or_refuse(pipe, raw)
    if article is not None:
        assert article.id and (article.text.strip() or article.errors)
        assert_spans(article)
        assert run_or_refuse(pipe, raw) == article, "not deterministic"


@FEW
@given(page=html_page.map(str.encode) | st.binary(max_size=300))
def test_fuzz_html_bytes_extract(page: bytes) -> None:
    raw = Raw(content=page, format="html", origin="fuzz.html")
    try:
        article = extract(raw, Settings())
    except InputError:
        return
    assert article == extract(raw, Settings())
    assert len(article.text) <= Settings().max_text_chars


@BOUNDED
@given(text=hostile_text, as_is=st.booleans(), title=st.none() | st.text(nasty_char, max_size=20))
def test_fuzz_text_through_the_pipeline(pipe: pipeline.Pipeline, text: str, as_is: bool, title: str | None) -> None:
    raw = Raw(content=text, format="text", origin="fuzz.txt", as_is=as_is, title=title)
    article = run_or_refuse(pipe, raw)
    if article is None:
        return
    assert_spans(article)
    if as_is:
        assert article.text == text
    else:
        assert not any(c in article.text for c in BIDI + INVISIBLE + CONTROLS.replace("\n", ""))
    assert article.title is None or not any(c in article.title for c in BIDI + INVISIBLE)
    assert run_or_refuse(pipe, raw) == article, "not deterministic"


# ------------------------------------------------------------------ the stages alone


@BOUNDED
@given(text=hostile_text)
def test_fuzz_clean_paragraphs(text: str) -> None:
    article = Clean(Settings())(Article(id="x", text=text))
    assert "\x00" not in article.text
    assert all(0 <= p.start < p.end <= len(article.text) for p in article.paragraphs)
    if article.paragraphs:
        joined = "\n\n".join(p.slice(article.text) for p in article.paragraphs)
        assert joined == article.text
        assert all(p.slice(article.text) == p.slice(article.text).strip() for p in article.paragraphs)
    as_is = Clean(Settings())(Article(id="x", text=text, as_is=True))
    assert as_is.text == text and all(0 <= p.start < p.end <= len(text) for p in as_is.paragraphs)


@BOUNDED
@given(text=hostile_text)
def test_fuzz_sentences_cover_every_word(text: str) -> None:
    spans = split(text, Span(0, len(text)))
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in pairwise(spans))
    rest = list(text)
    for s in spans:
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        rest[s.start : s.end] = " " * (s.end - s.start)
    assert not "".join(rest).strip(), "text outside every sentence"
    article = Sentences(Settings())(Article(id="x", text=text))
    assert article.sentences == Sentences(Settings())(Article(id="x", text=text)).sentences


@st.composite
def text_with_persons(draw: st.DrawFn) -> Article:
    """Hostile text with person mentions on some of its words, as the entities stage would leave them."""
    text = draw(hostile_text)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    chosen = sorted(set(draw(st.lists(st.sampled_from(words), max_size=6)))) if words else []
    mentions, last = [], -1
    for start, end in chosen:
        if start >= last:
            entity = draw(st.sampled_from(["person-a", "person-b", "person-c"]))
            mentions.append(Mention(start, end, text[start:end], "person", entity))
            last = end
    article = Clean(Settings())(Article(id="x", text=text, as_is=True))
    return Sentences(Settings())(replace(article, mentions=tuple(mentions)))


@BOUNDED
@given(article=text_with_persons())
def test_fuzz_quotes_spans_and_speakers(article: Article) -> None:
    found = Quotes(Settings())(article)
    people = {m.entity for m in article.mentions}
    for q in found.quotes:
        assert_quote(article.text, q.start, q.end, q.text, q.parts)
        assert q.kind in ("direct", "indirect")
        assert q.speaker is None or q.speaker in people, f"unresolved speaker {q.speaker!r}"
    assert [q.id for q in found.quotes] == [q.id for q in Quotes(Settings())(article).quotes]


# ------------------------------------------------------------------ reading inputs


@BOUNDED
@given(text=jsonl_text)
def test_fuzz_jsonl_one_item_per_line(text: str) -> None:
    items = list(parse_jsonl(text, "fuzz.jsonl"))
    assert len(items) == sum(1 for line in jsonl_lines(text) if line.strip())
    for item in items:
        if isinstance(item, Unreadable):
            assert item.origin.startswith("fuzz.jsonl:") and "\n" not in item.error
        else:
            assert isinstance(item.content, str) and item.content.strip() and item.format in ("text", "html")
    assert list(parse_jsonl(text, "fuzz.jsonl")) == items


@FEW
@given(data=st.one_of(st.binary(max_size=400), jsonl_text.map(str.encode), html_page.map(str.encode)))
def test_fuzz_input_files_never_raise(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for fmt in (None, *FORMATS):
            path = Path(folder) / f"input.{fmt or 'bin'}"
            path.write_bytes(data)
            for item in iter_inputs([str(path)], Settings(), fmt):
                assert isinstance(item, Raw | Unreadable)
                if isinstance(item, Unreadable):
                    assert "\n" not in item.error and "Traceback" not in item.error


@BOUNDED
@given(data=st.binary(max_size=300), declared=st.none() | st.sampled_from(["utf-8", "utf-16", "koi8-r", "x", ""]))
def test_fuzz_decode_gives_text_or_refuses(data: bytes, declared: str | None) -> None:
    try:
        text = decode(data, "fuzz", declared)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert text.strip() and text.encode("utf-8", errors="strict")


@FEW
@given(text=hostile_text, fmt=st.sampled_from(["html", "text"]))
def test_fuzz_nothing_but_warta_errors(pipe: pipeline.Pipeline, text: str, fmt: str) -> None:
    outcome = next(pipe.run_many([Raw(content=text, format=fmt, origin="fuzz")]))
    try:
        pipe.run(Raw(content=text, format=fmt, origin="fuzz"))
    except WartaError as exc:
        assert outcome.error == str(exc)


# ------------------------------------------------------------------ the atheris harness, briefly

HARNESS = Path(__file__).resolve().parent.parent / "fuzz" / "fuzz_pipeline.py"
ATHERIS_TARGETS = ["extract", "text", "clean", "sentences", "quotes", "jsonl"]


@pytest.mark.parametrize("target", ATHERIS_TARGETS)
def test_fuzz_atheris_target_runs_without_a_crash(target: str, tmp_path: Path) -> None:
    """2,000 libFuzzer runs of one harness target (fuzz/README.md runs them for as long as you like)."""
    pytest.importorskip("atheris", reason="atheris (a dev dependency) is not installed")
    done = subprocess.run(
        [sys.executable, str(HARNESS), target, "-runs=2000", "-timeout=30", f"-artifact_prefix={tmp_path}/"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and "Done 2000 runs" in done.stderr, done.stderr[-3000:]
