"""Response models of the REST API (pydantic), so that /openapi.json describes every response.

Endpoints return the dataclasses of `warta.store.queries`; these models read them by attribute.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")

EntityType = Literal[
    "person",
    "ministry",
    "agency",
    "government_body",
    "company",
    "organization",
    "political_party",
    "brand",
    "event",
    "province",
    "city",
    "district",
    "village",
    "place",
    "country",
]


class Model(BaseModel):
    """Base of every response model: read from dataclass attributes."""

    model_config = ConfigDict(from_attributes=True)


class Open(Model):
    """A model that keeps keys it does not list (the article document may grow)."""

    model_config = ConfigDict(from_attributes=True, extra="allow")


class ErrorDetail(Model):
    code: str
    message: str


class ErrorBody(Model):
    """Every 4xx/5xx body: `{"error": {"code": "not_found", "message": "one line"}}`."""

    error: ErrorDetail


class Page(Model, Generic[T]):
    """One page of a list; pass `next_cursor` as `cursor` for the next one (null on the last page)."""

    items: list[T]
    next_cursor: str | None


class ArticleItem(Model):
    id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    dateline: str | None


class DocArticle(Open):
    id: str
    url: str | None
    source: str | None
    title: str | None
    published: str | None
    dateline: str | None
    text: str


class DocRole(Open):
    title: str
    of: str | None = None
    of_entity: str | None = None


class DocMention(Open):
    start: int
    end: int
    text: str
    type: str
    entity: str
    role: DocRole | None = None


class DocEntity(Open):
    id: str
    name: str
    type: str
    named: bool
    aliases: list[str]
    inferred: bool
    roles: list[DocRole]
    kb: dict[str, Any]


class DocQuote(Open):
    id: str
    start: int
    end: int
    text: str
    kind: str
    cue: str | None
    speaker: str | None


class DocEdge(Open):
    source: str
    target: str
    type: str
    weight: int


class DocExtracted(Open):
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


class EntityItem(Model):
    id: str
    name: str
    type: str
    named: bool
    inferred: bool
    aliases: list[str]
    mention_count: int
    article_count: int


class RolePeriod(Model):
    title: str
    of_name: str | None
    of_entity: str | None
    first_seen: str | None
    last_seen: str | None
    articles: int
    last_article_id: str


class OfficeHolder(Model):
    id: str
    name: str
    first_seen: str | None
    last_seen: str | None
    articles: int


class EntityDetail(EntityItem):
    kb: dict[str, Any]
    roles: list[RolePeriod]
    holders: list[OfficeHolder]
    first_seen: str | None
    last_seen: str | None


class DayCount(Model):
    day: str
    mentions: int
    articles: int


class Timeline(Model):
    entity_id: str
    items: list[DayCount]


class CoMention(Model):
    id: str
    name: str
    type: str
    shared_articles: int


class CoMentions(Model):
    entity_id: str
    items: list[CoMention]


class QuoteItem(Model):
    id: str
    article_id: str
    article_title: str | None
    published: str | None
    text: str
    kind: str
    cue: str | None
    speaker_id: str | None
    speaker_name: str | None
    start: int
    end: int


class GraphNode(Model):
    id: str
    name: str
    type: str
    mentions: int
    focus: bool


class GraphLink(Model):
    source: str
    target: str
    type: str
    weight: int


class GraphData(Model):
    nodes: list[GraphNode]
    edges: list[GraphLink]
    truncated: bool


class Period(Model):
    since: str
    until: str
    previous_since: str
    previous_until: str


class TrendItem(Model):
    id: str
    name: str
    type: str
    count: int
    previous: int
    change: int


class Trends(Model):
    period: Period
    region: str | None
    entities: list[TrendItem]
    speakers: list[TrendItem]


class RegionItem(Model):
    code: str
    name: str
    type: str
    entity_id: str
    articles: int


class Regions(Model):
    items: list[RegionItem]


class Official(Model):
    id: str
    name: str
    named: bool
    roles: list[str]
    last_seen: str | None
    holder_id: str | None
    holder_name: str | None


class EntityCount(Model):
    id: str
    name: str
    type: str
    articles: int


class RegionDashboard(Model):
    code: str
    name: str
    type: str
    entity_id: str | None
    article_count: int
    as_of: str | None
    week_since: str | None
    officials: list[Official]
    statements: list[QuoteItem]
    bodies: list[EntityCount]
    places: list[EntityCount]
    trending: list[TrendItem]
    latest: list[ArticleItem]


class TextHit(Model):
    id: str
    title: str | None
    snippet: str
    score: float
    article_id: str | None


class SearchResults(Model):
    query: str
    entities: list[EntityItem]
    articles: list[TextHit]
    quotes: list[TextHit]
