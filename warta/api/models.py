"""Response models of the REST API, so that /openapi.json describes every response.

List and detail endpoints serve the frozen dataclasses of `warta.store.queries` (the one read model; FastAPI
describes and serializes them, their docstrings becoming the schemas' descriptions). The models here are the
envelopes around them, the error body, and the stored article document, for which no dataclass exists.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, WithJsonSchema

from warta.store import queries
from warta.types import CATEGORIES, TYPE_NAMES


def _entity_type(value: str) -> str:
    if value not in TYPE_NAMES:
        raise ValueError(f"not an entity type; use one of {', '.join(TYPE_NAMES)}")
    return value


# An entity type: one of warta.types.TYPE_NAMES (checked, and listed as the schema's enum).
EntityType = Annotated[str, AfterValidator(_entity_type), WithJsonSchema({"type": "string", "enum": list(TYPE_NAMES)})]


def _tone(value: str) -> str:
    if value not in queries.TONES:
        raise ValueError(f"not a tone; use one of {', '.join(queries.TONES)}")
    return value


# A tone label: positif, negatif or netral (checked, and listed as the schema's enum).
ToneLabel = Annotated[str, AfterValidator(_tone), WithJsonSchema({"type": "string", "enum": list(queries.TONES)})]


# A graph edge type between entities (`warta.store.queries.graph.EDGE_TYPES`).
EdgeType = Literal["co_mentioned", "has_role", "part_of"]


def _category(value: str) -> str:
    if value not in CATEGORIES:
        raise ValueError(f"not a category; use one of {', '.join(CATEGORIES)}")
    return value


# An article category: one of warta.types.CATEGORIES (checked, and listed as the schema's enum).
Category = Annotated[str, AfterValidator(_category), WithJsonSchema({"type": "string", "enum": list(CATEGORIES)})]


class Model(BaseModel):
    """Base of every response model: read from dataclass attributes."""

    model_config = ConfigDict(from_attributes=True)


class Open(Model):
    """A model that keeps keys it does not list (the article document may grow)."""

    model_config = ConfigDict(from_attributes=True, extra="allow")


class ErrorDetail(Model):
    """What went wrong: a stable code and a one-line message."""

    code: str
    message: str


class ErrorBody(Model):
    """Every 4xx/5xx body: `{"error": {"code": "not_found", "message": "one line"}}`."""

    error: ErrorDetail


class DocArticle(Open):
    """The article: its id, where and when it was published, and its cleaned text (offsets point into it)."""

    id: str
    url: str | None
    source: str | None
    title: str | None
    published: str | None
    dateline: str | None
    text: str


class DocRole(Open):
    """A title a person holds, with the body or region it is of (name and entity id) when the text gives one."""

    title: str
    of: str | None = None
    of_entity: str | None = None


class DocMention(Open):
    """A span of the article's text (character offsets) that refers to an entity."""

    start: int
    end: int
    text: str
    type: str
    entity: str
    role: DocRole | None = None


class DocEntity(Open):
    """An entity of the article: a person, body, company, place or brand, with its aliases and roles."""

    id: str
    name: str
    type: str
    named: bool
    aliases: list[str]
    inferred: bool
    roles: list[DocRole]
    kb: dict[str, Any]


class DocQuote(Open):
    """A direct or indirect quote: its text span, the cue word, and the speaker entity when attributed."""

    id: str
    start: int
    end: int
    text: str
    kind: str
    cue: str | None
    speaker: str | None


class DocEdge(Open):
    """A weighted relation between two entities of the article (or an entity and a quote), by type."""

    source: str
    target: str
    type: str
    weight: int


class DocExtracted(Open):
    """The names of the article's entities grouped as the seed lists them (persons, companies, …)."""

    persons: list[str]
    companies: list[str]
    ministries: list[str]
    places: list[str]
    cities: list[str]
    brands: list[str]


class ArticleDocument(Open):
    """The stored article document, exactly as `warta extract` prints it (docs/document.md)."""

    article: DocArticle
    mentions: list[DocMention]
    entities: list[DocEntity]
    quotes: list[DocQuote]
    edges: list[DocEdge]
    extracted: DocExtracted


class Timeline(Model):
    """Mentions of an entity per day, oldest first."""

    entity_id: str
    items: list[queries.DayCount]


class CoMentions(Model):
    """The entities sharing the most articles with an entity."""

    entity_id: str
    items: list[queries.CoMention]


class ToneTimeline(Model):
    """Articles per day by their tone toward an entity, oldest first."""

    entity_id: str
    items: list[queries.ToneDay]


class RegionToneTimeline(Model):
    """Articles per day by their own tone, oldest first: of a region (and all inside it), or of every article
    when `region` is null."""

    region: str | None
    items: list[queries.ToneDay]


class NegativeShares(Model):
    """Bodies or tokoh with the most articles that have a tone toward them, each with its share of negative
    ones."""

    kind: str
    items: list[queries.ToneShare]


class Regions(Model):
    """The regions the store has news of, most articles first."""

    items: list[queries.RegionItem]
