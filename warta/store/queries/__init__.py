"""The read model: the queries of the command line, the API and the web app. Every function takes a `SQLStore`
(SQLite or PostgreSQL) and runs its SQL on `store.conn`, a `warta.store.connection.Connection`.

All their SQL lives in this package, as fixed text with bound parameters, in SQLite's dialect (PostgreSQL's
connection translates it; full-text search branches on `conn.dialect`). Lists are newest first (or strongest
first) with opaque cursors (`collect` follows them); the indexes they rely on, and the `entity_stats` counts
kept by triggers, come from migration 0004_queries.sql. Bad input (a malformed date, cursor, region or type)
raises `InputError`; an unknown entity or region raises `NotFoundError`.
"""

from __future__ import annotations

from warta.store.queries._common import MAX_LIMIT, Fetch, Page, Scope, collect, decode_cursor, encode_cursor, iso_day
from warta.store.queries.articles import ArticleFilter, ArticleItem, count_articles, list_articles, sources, summary
from warta.store.queries.entities import (
    CoMention,
    DayCount,
    EntityDetail,
    EntityItem,
    EntityRef,
    RolePeriod,
    check_entity,
    co_mentions,
    entity_detail,
    find_entity,
    list_entities,
    role_periods,
    timeline,
)
from warta.store.queries.evidence import Evidence, EvidenceArticle, edge_evidence
from warta.store.queries.graph import GraphData, GraphLink, GraphNode, edge_articles, ego_graph, period_graph
from warta.store.queries.holders import (
    HOLDER_WINDOW_DAYS,
    Holder,
    OfficeHolder,
    holders_by_article,
    office_holders,
    role_holders,
)
from warta.store.queries.isu import (
    IsuArticle,
    IsuDay,
    IsuDetail,
    IsuEntity,
    IsuItem,
    IsuOutlet,
    IsuQuote,
    IsuTokoh,
    IsuTone,
    isu_articles,
    isu_detail,
    list_isus,
)
from warta.store.queries.isu_top import IsuLink, TopIsu, article_isu, top_isus
from warta.store.queries.paths import EntityPath, PathHop, PathNode, Paths, entity_paths
from warta.store.queries.people import LinkedPerson, linked_people
from warta.store.queries.quotes import QuoteFilter, QuoteItem, count_quotes, list_quotes
from warta.store.queries.regions import (
    EntityCount,
    Official,
    RegionDashboard,
    RegionItem,
    region_dashboard,
    regions,
)
from warta.store.queries.search import SearchResults, TextHit, search_all
from warta.store.queries.search_pages import Hit, HitPage, SearchFilter, search_page
from warta.store.queries.streams import RegionTag, article_regions, quote_roles
from warta.store.queries.tone import (
    ToneCounts,
    ToneDay,
    ToneShare,
    ToneValue,
    negative_share,
    tone_split,
    tone_timeline,
)
from warta.store.queries.trends import Period, TrendItem, Trends, period_of, trends
from warta.store.queries.watch import (
    WatchlistItem,
    WatchMatch,
    list_watchlists,
    unseen_alerts,
    watch_matches,
    watchlist,
    watchlist_articles,
    watchlist_item,
)
from warta.types import TONES

__all__ = [
    "HOLDER_WINDOW_DAYS",
    "MAX_LIMIT",
    "TONES",
    "ArticleFilter",
    "ArticleItem",
    "CoMention",
    "DayCount",
    "EntityCount",
    "EntityDetail",
    "EntityItem",
    "EntityPath",
    "EntityRef",
    "Evidence",
    "EvidenceArticle",
    "Fetch",
    "GraphData",
    "GraphLink",
    "GraphNode",
    "Hit",
    "HitPage",
    "Holder",
    "IsuArticle",
    "IsuDay",
    "IsuDetail",
    "IsuEntity",
    "IsuItem",
    "IsuLink",
    "IsuOutlet",
    "IsuQuote",
    "IsuTokoh",
    "IsuTone",
    "LinkedPerson",
    "OfficeHolder",
    "Official",
    "Page",
    "PathHop",
    "PathNode",
    "Paths",
    "Period",
    "QuoteFilter",
    "QuoteItem",
    "RegionDashboard",
    "RegionItem",
    "RegionTag",
    "RolePeriod",
    "Scope",
    "SearchFilter",
    "SearchResults",
    "TextHit",
    "ToneCounts",
    "ToneDay",
    "ToneShare",
    "ToneValue",
    "TopIsu",
    "TrendItem",
    "Trends",
    "WatchMatch",
    "WatchlistItem",
    "article_isu",
    "article_regions",
    "check_entity",
    "co_mentions",
    "collect",
    "count_articles",
    "count_quotes",
    "decode_cursor",
    "edge_articles",
    "edge_evidence",
    "ego_graph",
    "encode_cursor",
    "entity_detail",
    "entity_paths",
    "find_entity",
    "holders_by_article",
    "iso_day",
    "isu_articles",
    "isu_detail",
    "linked_people",
    "list_articles",
    "list_entities",
    "list_isus",
    "list_quotes",
    "list_watchlists",
    "negative_share",
    "office_holders",
    "period_graph",
    "period_of",
    "quote_roles",
    "region_dashboard",
    "regions",
    "role_holders",
    "role_periods",
    "search_all",
    "search_page",
    "sources",
    "summary",
    "timeline",
    "tone_split",
    "tone_timeline",
    "top_isus",
    "trends",
    "unseen_alerts",
    "watch_matches",
    "watchlist",
    "watchlist_articles",
    "watchlist_item",
]
