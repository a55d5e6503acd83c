"""The data model: frozen dataclasses with stand-off annotations.

An `Article` owns an immutable `text`; every annotation (sentence, mention, quote) is a pair of character
offsets into that text. Stages never mutate an article: they return a copy with their own fields filled
(`dataclasses.replace`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Span:
    """A half-open character range `[start, end)` into an article's text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        """The characters of `text` this span covers."""
        return text[self.start : self.end]


@dataclass(frozen=True)
class Raw:
    """An input before extraction: what a source yields (a page, a text dump or a JSON Lines record)."""

    content: str | bytes
    format: str  # "html" | "text"
    origin: str  # file path, URL or "<stdin>:N", for error messages
    url: str | None = None
    id: str | None = None
    title: str | None = None
    published: str | None = None
    as_is: bool = False


@dataclass(frozen=True)
class Role:
    """A title a person holds, optionally of a body or region (`of` is the name, `of_entity` its id)."""

    title: str
    of: str | None = None
    of_entity: str | None = None


@dataclass(frozen=True)
class Mention:
    """A span of text that refers to an entity."""

    start: int
    end: int
    text: str
    type: str
    entity: str
    source: str = "pattern"  # which recognizer found it: kb, pattern, alias, model
    role: Role | None = None  # the role a person mention carries in this spot ("Bupati Mojokerto")


@dataclass(frozen=True)
class Tone:
    """How a text speaks, or how an article speaks of an entity: `positif`, `negatif` or `netral`, a score from
    -1.0 (most negative) to 1.0 (most positive), the confidence (0.0 when there was nothing to judge), and for an
    entity the number of sentences and quotes it rests on."""

    label: str
    score: float
    confidence: float
    evidence: int | None = None


@dataclass(frozen=True)
class Entity:
    """One real-world thing mentioned in (or inferred for) an article."""

    id: str
    name: str
    type: str
    named: bool = True
    aliases: tuple[str, ...] = ()
    inferred: bool = False
    roles: tuple[Role, ...] = ()
    kb: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    tone: Tone | None = None  # the tone toward it in this article (absent for inferred entities)


@dataclass(frozen=True)
class Quote:
    """A statement attributed to a speaker; `parts` are the spans of the words said (several when the
    attribution interrupts the statement)."""

    id: str
    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect"
    cue: str | None
    speaker: str | None
    cue_start: int | None = None
    cue_end: int | None = None
    parts: tuple[Span, ...] = ()
    tone: Tone | None = None  # the tone of what was said


@dataclass(frozen=True)
class Edge:
    """A typed, weighted relation between two entities (or an entity and a quote)."""

    source: str
    target: str
    type: str
    weight: int = 1


@dataclass(frozen=True)
class Article:
    """A news article: metadata, immutable text, and the annotations the stages add."""

    id: str
    text: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    dateline: str | None = None
    author: str | None = None
    site: str | None = None
    origin: str | None = None
    as_is: bool = False
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    edges: tuple[Edge, ...] = ()
    tone: Tone | None = None  # the article's tone as a whole (headline and body)
    category: str | None = None  # politik, ekonomi, hukum/kriminal, … lainnya (docs/category.md)
    category_source: str | None = None  # "section" (the outlet's own section) or "classifier"
    section: str | None = None  # the page's own section names ("News / Bisnis"), where its metadata gives them
    provided: frozenset[str] = frozenset()
    errors: tuple[str, ...] = ()

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        return next((e for e in self.entities if e.id == entity_id), None)
