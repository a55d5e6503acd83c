"""Shared fixtures: the only conftest. Stage tests build articles by hand through `annotated`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from warta import pipeline
from warta.model import Article, Mention, Span
from warta.settings import Settings
from warta.stages.sentences import split

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"


@pytest.fixture
def settings() -> Settings:
    """Default settings, independent of the environment."""
    return Settings()


@pytest.fixture(scope="session")
def pipe() -> pipeline.Pipeline:
    """The full default pipeline, built once."""
    return pipeline.build(Settings())


def paragraphs_of(text: str) -> tuple[Span, ...]:
    """Paragraph spans of a text whose paragraphs are separated by blank lines."""
    spans, pos = [], 0
    for part in text.split("\n\n"):
        spans.append(Span(pos, pos + len(part)))
        pos += len(part) + 2
    return tuple(spans)


def person(text: str, surface: str, entity: str, nth: int = 0) -> Mention:
    """A person mention of `surface` (its `nth` occurrence) pointing at `entity`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), surface, "person", entity)


@pytest.fixture
def annotated() -> Callable[..., Article]:
    """Build an article from text (paragraphs split on blank lines, sentences split) and given mentions."""

    def build(text: str, mentions: tuple[Mention, ...] = (), **fields: object) -> Article:
        paras = paragraphs_of(text)
        sentences = tuple(s for p in paras for s in split(text, p))
        article = Article(id="test", text=text, paragraphs=paras, sentences=sentences, mentions=mentions)
        return replace(article, **fields)  # type: ignore[arg-type]

    return build
