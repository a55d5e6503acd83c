"""The team-written isu (story clustering) gold set in eval/isu: its shape, its counts, the hard-case stories its
README lists, and that Warta's own JSON Lines reader and extraction take it as it is."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from warta import pipeline
from warta.model import Raw
from warta.settings import Settings
from warta.sources.files import iter_inputs

ROOT = Path(__file__).resolve().parent.parent / "eval" / "isu"
ARTICLES = ROOT / "articles.jsonl"
README = ROOT / "README.md"
FIELDS = ("id", "story", "outlet", "url", "published", "title", "text")
STORY_ID = re.compile(r"s\d{2}")
SENTENCE_END = re.compile(r"[.!?][\"”]?(?=\s+[\"“A-Z0-9]|\s*$)")


@cache
def records() -> list[dict[str, Any]]:
    """Every record of the set, in file order."""
    with ARTICLES.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def stories() -> Counter[str]:
    """Articles per gold story."""
    return Counter(r["story"] for r in records())


def readme_section(title: str) -> str:
    """The text of one `## ` section of the README."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def test_every_line_is_a_json_object_with_the_required_fields() -> None:
    for record in records():
        assert set(FIELDS) <= set(record), record.get("id")
        assert all(isinstance(record[f], str) and record[f].strip() for f in FIELDS), record["id"]


def test_enough_articles_and_stories_of_varied_size() -> None:
    sizes = stories()
    assert len(records()) >= 150 and len(sizes) >= 25
    assert min(sizes.values()) == 1 and max(sizes.values()) <= 15
    assert sum(1 for n in sizes.values() if n == 1) >= 3


def test_ids_urls_and_story_ids_are_well_formed_and_unique() -> None:
    ids = [r["id"] for r in records()]
    urls = [r["url"] for r in records()]
    assert len(set(ids)) == len(ids) and len(set(urls)) == len(urls)
    assert all(STORY_ID.fullmatch(r["story"]) for r in records())
    for record in records():
        parts = urlsplit(record["url"])
        assert parts.scheme == "https" and parts.hostname is not None, record["id"]
        assert parts.hostname.removeprefix("www.") == record["outlet"], record["id"]


def test_outlets_and_dates() -> None:
    outlets = {r["outlet"] for r in records()}
    assert 6 <= len(outlets) <= 8 and all(o.endswith(".test") for o in outlets)
    times = [datetime.fromisoformat(r["published"]) for r in records()]
    assert all(t.utcoffset() == timedelta(hours=7) for t in times)
    assert 60 <= (max(times) - min(times)).days <= 100


def test_articles_are_short_news_texts() -> None:
    for record in records():
        sentences = len(SENTENCE_END.findall(record["text"]))
        assert 4 <= sentences <= 8, (record["id"], sentences)


def test_every_story_named_in_the_readme_exists() -> None:
    known = set(stories())
    for section in ("Hard cases", "Held-out part", "What counts as the same isu (story-boundary guide)"):
        named = set(STORY_ID.findall(readme_section(section)))
        assert named, section
        assert named <= known, (section, sorted(named - known))


def test_the_hard_cases_are_what_the_readme_says() -> None:
    by_story: dict[str, list[dict[str, Any]]] = {}
    for record in records():
        by_story.setdefault(record["story"], []).append(record)
    hard = readme_section("Hard cases")
    for case in ("s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09", "s10", "s11", "s14", "s15"):
        assert case in hard, case
    first_day = {r["outlet"] for r in by_story["s03"] if r["published"].startswith("2025-01-27")}
    assert len(first_day) >= 5  # one story, five outlets, one day
    accidents = {s: {r["published"][:10] for r in by_story[s]} for s in ("s14", "s15")}
    assert accidents["s14"] & accidents["s15"]  # the same day, two regencies
    copies = [r["text"] for r in by_story["s11"]]
    assert any(_overlap(a, b) > 0.9 for i, a in enumerate(copies) for b in copies[i + 1 :])  # syndicated
    assert len(by_story["s10"]) >= 4  # fire, victims, cause, aid


def test_the_held_out_part_is_every_third_story() -> None:
    held = set(STORY_ID.findall(readme_section("Held-out part")))
    assert held == {s for s in stories() if int(s[1:]) % 3 == 0}


@pytest.fixture(scope="module")
def raws() -> list[Raw]:
    """The set as Warta's JSON Lines reader yields it."""
    items = list(iter_inputs([str(ARTICLES)], Settings()))
    assert all(isinstance(i, Raw) for i in items), [i for i in items if not isinstance(i, Raw)][:3]
    return [i for i in items if isinstance(i, Raw)]


def test_the_json_lines_reader_takes_every_record(raws: list[Raw]) -> None:
    assert len(raws) == len(records())
    for raw, record in zip(raws, records(), strict=True):
        assert (raw.id, raw.url, raw.title, raw.published, raw.content) == (
            record["id"], record["url"], record["title"], record["published"], record["text"])  # fmt: skip


def test_extraction_keeps_id_url_title_date_and_source(raws: list[Raw]) -> None:
    extractor = pipeline.build(Settings(), names=[])
    outcomes = list(extractor.run_many(raws))
    assert [o.error for o in outcomes if o.error] == []
    for outcome, record in zip(outcomes, records(), strict=True):
        article = outcome.article
        assert article is not None
        assert (article.id, article.url, article.title) == (record["id"], record["url"], record["title"])
        assert article.published == record["published"] and article.source == record["outlet"]


def _overlap(a: str, b: str) -> float:
    """Share of word types two texts have in common (Jaccard)."""
    left, right = set(a.lower().split()), set(b.lower().split())
    return len(left & right) / len(left | right)
