"""What each page shows, read from the store in one call (`Db.call(page_function, …)`): plain dicts for the
templates. The queries are `warta.store.queries`; the article page reads the stored document."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from warta.errors import NotFoundError
from warta.kb.roles import role_text as role_words
from warta.store import queries
from warta.store.queries.freshness import freshness
from warta.store.sqlstore import SQLStore
from warta.types import TYPES
from warta.web import graphs, streams
from warta.web import names as body_names
from warta.web.period import Period
from warta.web.render import highlight, tone_buckets

TOP_ISUS = 8  # how many isus "Isu teratas" shows
ISU_PAGE = 20  # isus per page of the isu list
ISU_ORDERS = ("terbaru", "terbanyak")  # the isu list: newest first, or most articles in the period first


def home(store: SQLStore, period: Period) -> dict[str, Any]:
    """Trending entities and speakers of the period, its top isus and latest articles, regions, store counts."""
    since, until = period.since(), period.until()
    trends = queries.trends(store, since, until, limit=12)
    return {
        "trends": trends,
        "top_isus": queries.top_isus(store, since, until, limit=TOP_ISUS).items,
        "latest": queries.list_articles(store, queries.ArticleFilter(since=since, until=until), limit=12).items,
        "regions": queries.regions(store, limit=40),
        "counts": queries.summary(store),
        "fresh": freshness(store),
    }


def region(store: SQLStore, code: str, period: Period) -> dict[str, Any]:
    """The region dashboard over the period: what its officials said, its trending entities, isus and articles."""
    since, until = period.since(), period.until()
    dashboard = queries.region_dashboard(store, code, since=since, until=until)
    top = queries.top_isus(store, since, until, dashboard.code, limit=TOP_ISUS).items
    role_only = queries.holders_by_article(store, (q.speaker_id or "" for q in dashboard.statements))
    roles = streams.speaker_roles(store, dashboard.statements)  # quote_block shows each speaker's role
    return {"region": dashboard, "top_isus": top, "role_only": role_only, "quote_roles": roles,
            "fresh": freshness(store)}  # fmt: skip


def isus(store: SQLStore, period: Period | None, order: str, region: str | None, cursor: str | None) -> dict[str, Any]:
    """The isu list: the isus with an article in the period (every isu when None) and region, newest first or
    by their articles in the period."""
    since, until = (period.since(), period.until()) if period else (None, None)
    if order == "terbanyak":
        page: queries.Page[Any] = queries.top_isus(store, since, until, region, limit=ISU_PAGE, cursor=cursor)
    else:
        page = queries.list_isus(store, since, until, region, limit=ISU_PAGE, cursor=cursor)
    return {"isus": page, "order": order, "region": region, "orders": ISU_ORDERS, "fresh": freshness(store)}


def isu(store: SQLStore, isu_id: str) -> dict[str, Any]:
    """An isu's page: its detail, the title of each of its articles (for the tokoh's statements), the articles of
    its peak day, and its articles' tone over time."""
    detail = queries.isu_detail(store, isu_id)
    peak = next((d.articles for d in detail.days if d.day == detail.peak_day), 0)
    return {
        "isu": detail,
        "titles": {a.id: a.title for a in detail.articles},
        "peak_articles": peak,
        "tone_buckets": tone_buckets(_tone_days(detail.articles)),
        "office_notes": _office_notes(store, [p.id for p in detail.tokoh], {a.id for a in detail.articles}),
    }


def _office_notes(store: SQLStore, people: list[str], articles: set[str]) -> dict[str, queries.Holder | None]:
    """The role-only persons among `people`, each with the holder inferred in one of `articles` (the one whose
    evidence is the latest), or None when none of them gives one: the official's name is not known there."""
    notes: dict[str, queries.Holder | None] = {}
    for person, by_article in queries.holders_by_article(store, people).items():
        found = [h for article_id, h in by_article.items() if article_id in articles]
        notes[person] = max(found, key=lambda h: (h.last_seen, h.article_id), default=None)
    return notes


def _tone_days(articles: list[queries.IsuArticle]) -> list[queries.ToneDay]:
    """An isu's dated articles with a tone, per day and tone, oldest first."""
    days: dict[str, dict[str, int]] = {}
    for a in articles:
        if a.published and len(a.published) >= 10 and a.tone in queries.TONES:
            counts = days.setdefault(a.published[:10], {})
            counts[a.tone] = counts.get(a.tone, 0) + 1
    return [queries.ToneDay(day, *(c.get(t, 0) for t in queries.TONES)) for day, c in sorted(days.items())]


def entity(
    store: SQLStore, entity_id: str, quotes_cursor: str | None, articles_cursor: str | None, period: Period
) -> dict[str, Any]:
    """The entity page: the entity; its timeline, tone over time, quotes, articles, co-mentions and (a body's)
    people in the period."""
    since, until = period.since(), period.until()
    detail = queries.entity_detail(store, entity_id)
    name, aliases = body_names.named_now(detail.name, detail.aliases, detail.kb)  # a renamed body: its name now
    detail = replace(detail, name=name, aliases=aliases)
    quote_filter = queries.QuoteFilter(speaker=entity_id, since=since, until=until)
    quotes = queries.list_quotes(store, quote_filter, limit=20, cursor=quotes_cursor)
    article_filter = queries.ArticleFilter(entity=entity_id, since=since, until=until)
    articles = queries.list_articles(store, article_filter, limit=20, cursor=articles_cursor)
    return {
        "entity": detail,
        "timeline": queries.timeline(store, entity_id, since, until),
        "tone_buckets": tone_buckets(queries.tone_timeline(store, entity_id, since=since, until=until), since, until),
        "quotes": quotes,
        "co_mentions": queries.co_mentions(store, entity_id, 24, since, until),
        "people": graphs.body_people(store, entity_id, detail.type, since, until),  # before other bodies
        "articles": articles,
        "quotes_cursor": quotes_cursor,
        "articles_cursor": articles_cursor,
        "former_names": body_names.former_names(detail.kb),
        "likely_holder": max(detail.holders, key=lambda h: (h.last_seen or "", h.id), default=None),
        "fresh": freshness(store),
        "stream_links": {  # the period's articles and quotes in the streams, where they can be filtered further
            "berita": streams.url_of("/berita", {"entitas": entity_id, **period.params()}),
            "kutipan": streams.url_of("/kutipan", {"tokoh": entity_id, **period.params()}),
        },
    }


def entity_name(store: SQLStore, entity_id: str) -> str:
    """An entity's name for a page's title (the graph around it), or its id where the store has no such entity."""
    try:
        return queries.entity_detail(store, entity_id).name
    except NotFoundError:
        return entity_id


def article(store: SQLStore, article_id: str) -> dict[str, Any]:
    """The article page in the seed's shape: text with highlighted mentions, Tokoh and their quotes, the
    article's graph, the extracted groups."""
    doc = body_names.dated_document(store.article(article_id))  # renamed bodies as named on the article's date
    entities: list[dict[str, Any]] = doc["entities"]
    names = {e["id"]: e["name"] for e in entities}
    types_used = sorted({m["type"] for m in doc["mentions"]}, key=_type_order)
    return {
        "doc": doc,
        "isu": queries.article_isu(store, article_id),
        "paragraphs": highlight(doc["article"]["text"], doc["mentions"], names),
        "tokoh": _tokoh(doc),
        "role_only": queries.holders_by_article(store, (e["id"] for e in entities if e["type"] == "person")),
        "orphans": [q for q in doc["quotes"] if q.get("speaker") not in names],
        "graph": _article_graph(doc),
        "legend": types_used,
        "inferred": sorted(e["name"] for e in entities if e.get("inferred")),
    }


def _type_order(type_name: str) -> int:
    order = list(TYPES)
    return order.index(type_name) if type_name in order else len(order)


def role_text(role: dict[str, Any]) -> str:
    """ "Bupati Kabupaten Mojokerto" from a document role."""
    return role_words(str(role.get("title", "")), role.get("of"))


def _tokoh(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The article's persons with their roles and quotes, those quoted first (then in order of appearance)."""
    people = []
    for position, e in enumerate(doc["entities"]):
        if e["type"] != "person" or e.get("inferred"):
            continue
        quotes = [q for q in doc["quotes"] if q.get("speaker") == e["id"]]
        roles = list(dict.fromkeys(role_text(r) for r in e.get("roles", [])))
        people.append({"entity": e, "roles": roles, "quotes": quotes, "order": (not quotes, position)})
    return sorted(people, key=lambda p: p["order"])


def _article_graph(doc: dict[str, Any]) -> dict[str, Any]:
    """The article's entities and edges between them ("said" edges point at quotes, so they are left out)."""
    counts: dict[str, int] = {}
    for m in doc["mentions"]:
        counts[m["entity"]] = counts.get(m["entity"], 0) + 1
    ids = {e["id"] for e in doc["entities"]}
    merged: dict[tuple[str, str, str], int] = {}
    for edge in doc["edges"]:
        source, target, type_ = edge["source"], edge["target"], edge["type"]
        if type_ == "said" or source not in ids or target not in ids or source == target:
            continue
        if type_ == "co_mentioned" and source > target:
            source, target = target, source
        merged[(source, target, type_)] = merged.get((source, target, type_), 0) + int(edge.get("weight", 1))
    linked = {s for s, _, _ in merged} | {t for _, t, _ in merged}
    nodes = [
        {"id": e["id"], "name": e["name"], "type": e["type"], "mentions": counts.get(e["id"], 0)}
        for e in doc["entities"]
        if counts.get(e["id"]) or e["id"] in linked
    ]
    edges = [{"source": s, "target": t, "type": ty, "weight": w} for (s, t, ty), w in sorted(merged.items())]
    return {"nodes": nodes, "edges": edges, "truncated": False}
