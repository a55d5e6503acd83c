"""The team-written NEWS-TONE set (eval/tone/news.jsonl): it parses, its labels and targets are well formed,
every article has 5-9 numbered sentences and one article row, and the held-out part is every third article."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

TONE_SET = ROOT / "eval" / "tone" / "news.jsonl"
LABELS = {"positif", "negatif", "netral"}
PARTS = {"train", "held-out"}
ROW_KEYS = {"article", "n", "text", "label", "targets", "part"}


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Every JSON object of the file, one a line; a blank or malformed line fails the test."""
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        assert isinstance(row, dict), f"line {number} is not an object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return read_rows(TONE_SET)


@pytest.fixture(scope="module")
def articles(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["article"], []).append(row)
    return grouped


def test_rows_are_well_formed(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert set(row) >= ROW_KEYS, row
        assert row["label"] in LABELS, row
        assert row["part"] in PARTS, row
        assert isinstance(row["text"], str) and row["text"].strip(), row
        assert isinstance(row["targets"], list), row
        for target in row["targets"]:
            assert set(target) == {"name", "label"}, target
            assert target["label"] in LABELS, target
            assert target["name"].strip(), target


def test_sentence_targets_occur_in_their_text(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if row["n"] > 0:
            for target in row["targets"]:
                assert target["name"] in row["text"], (row["article"], row["n"], target["name"])


def test_article_rows(articles: dict[str, list[dict[str, Any]]]) -> None:
    for article, items in articles.items():
        heads = [row for row in items if row["n"] == 0]
        assert len(heads) == 1, article
        head = heads[0]
        assert head["text"] == head["title"], article
        assert head["targets"], f"{article}: article row without targets"
        body = " ".join(row["text"] for row in items)
        for target in head["targets"]:
            assert target["name"] in body, (article, target["name"])
        numbers = sorted(row["n"] for row in items if row["n"] > 0)
        assert numbers == list(range(1, len(numbers) + 1)), article
        assert 5 <= len(numbers) <= 9, article


def test_parts_are_every_third_article(articles: dict[str, list[dict[str, Any]]]) -> None:
    for article, items in articles.items():
        assert article[0] == "t" and article[1:].isdigit(), article
        expected = "held-out" if int(article[1:]) % 3 == 0 else "train"
        assert {row["part"] for row in items} == {expected}, article
    held_out = sum(1 for article in articles if int(article[1:]) % 3 == 0)
    assert 0.30 <= held_out / len(articles) <= 0.36


def test_size_and_balance(rows: list[dict[str, Any]], articles: dict[str, list[dict[str, Any]]]) -> None:
    sentences = [row for row in rows if row["n"] > 0]
    assert len(articles) >= 110
    assert len(sentences) >= 600  # issue 18 asks for at least 600 annotated sentences or paragraphs
    assert len({row["text"] for row in sentences}) == len(sentences), "duplicate sentence"
    for part in PARTS:
        counts = Counter(row["label"] for row in sentences if row["part"] == part)
        for label in LABELS:
            assert counts[label] / sum(counts.values()) >= 0.2, (part, label, counts)
    article_labels = Counter(row["label"] for row in rows if row["n"] == 0)
    assert set(article_labels) == LABELS
