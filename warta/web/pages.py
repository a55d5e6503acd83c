"""What each page shows, read from the store in one call (`Db.call(page_function, …)`): plain dicts for the
templates. The queries are `warta.store.queries`; the article page reads the stored document."""

from __future__ import annotations

from typing import Any

from warta.store import queries
from warta.store.sqlstore import SQLStore
from warta.types import TYPES
from warta.web.render import highlight, tone_buckets

HOME_PERIODS = (7, 30, 90, 365)
TOP_ISUS = 8  # how many isus "Isu teratas" shows
ISU_PAGE = 20  # isus per page of the isu list
ISU_ORDERS = ("terbaru", "terbanyak")  # the isu list: newest first, or most articles in the period first


def home(store: SQLStore, days: int) -> dict[str, Any]:
    """Trending entities and speakers of the last `days` days, latest articles, regions, store counts."""
    trends = queries.trends(store, limit=12, days=days)
    return {
        "trends": trends,
        "top_isus": queries.top_isus(store, trends.period.since, trends.period.until, limit=TOP_ISUS).items,
        "latest": queries.list_articles(store, limit=12).items,
        "regions": queries.regions(store, limit=40),
        "counts": queries.summary(store),
        "days": days,
        "periods": HOME_PERIODS,
    }


def region(store: SQLStore, code: str, as_of: str | None) -> dict[str, Any]:
    """The region dashboard, with the isus of the region's last 30 days (the period of its trending list)."""
    dashboard = queries.region_dashboard(store, code, as_of)
    period = queries.period_of(store.conn, None, None, dashboard.code)
    top = queries.top_isus(store, period.since, period.until, dashboard.code, limit=TOP_ISUS).items
    return {"region": dashboard, "top_isus": top, "isu_period": period}


def isus(store: SQLStore, days: int | None, order: str, region: str | None, cursor: str | None) -> dict[str, Any]:
    """The isu list: the isus with an article in the last `days` days (every isu when None) and region,
    newest first or by their articles in the period."""
    period = queries.period_of(store.conn, None, None, None, days) if days else None
    since, until = (period.since, period.until) if period else (None, None)
    if order == "terbanyak":
        page: queries.Page[Any] = queries.top_isus(store, since, until, region, limit=ISU_PAGE, cursor=cursor)
    else:
        page = queries.list_isus(store, since, until, region, limit=ISU_PAGE, cursor=cursor)
    return {"isus": page, "period": period, "days": days, "order": order, "region": region,
            "periods": HOME_PERIODS, "orders": ISU_ORDERS}  # fmt: skip


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
    }


def _tone_days(articles: list[queries.IsuArticle]) -> list[queries.ToneDay]:
    """An isu's dated articles with a tone, per day and tone, oldest first."""
    days: dict[str, dict[str, int]] = {}
    for a in articles:
        if a.published and len(a.published) >= 10 and a.tone in queries.TONES:
            counts = days.setdefault(a.published[:10], {})
            counts[a.tone] = counts.get(a.tone, 0) + 1
    return [queries.ToneDay(day, *(c.get(t, 0) for t in queries.TONES)) for day, c in sorted(days.items())]


def search(store: SQLStore, q: str) -> dict[str, Any]:
    """Entities, articles and quotes matching `q`."""
    return {"results": queries.search_all(store, q, limit=20) if q.strip() else None}


def entity(store: SQLStore, entity_id: str, quotes_cursor: str | None, articles_cursor: str | None) -> dict[str, Any]:
    """The entity page: the entity, its timeline, its tone over time, quotes, co-mentions and articles."""
    detail = queries.entity_detail(store, entity_id)
    quotes = queries.list_quotes(store, queries.QuoteFilter(speaker=entity_id), limit=20, cursor=quotes_cursor)
    articles = queries.list_articles(store, queries.ArticleFilter(entity=entity_id), limit=20, cursor=articles_cursor)
    return {
        "entity": detail,
        "timeline": queries.timeline(store, entity_id),
        "tone_buckets": tone_buckets(queries.tone_timeline(store, entity_id)),
        "quotes": quotes,
        "co_mentions": queries.co_mentions(store, entity_id, limit=24),
        "articles": articles,
        "quotes_cursor": quotes_cursor,
        "articles_cursor": articles_cursor,
    }


def article(store: SQLStore, article_id: str) -> dict[str, Any]:
    """The article page in the seed's shape: text with highlighted mentions, Tokoh and their quotes, the
    article's graph, the extracted groups."""
    doc = store.article(article_id)
    entities: list[dict[str, Any]] = doc["entities"]
    names = {e["id"]: e["name"] for e in entities}
    types_used = sorted({m["type"] for m in doc["mentions"]}, key=_type_order)
    return {
        "doc": doc,
        "isu": queries.article_isu(store, article_id),
        "paragraphs": highlight(doc["article"]["text"], doc["mentions"], names),
        "tokoh": _tokoh(doc),
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
    return f"{role['title']} {role['of']}" if role.get("of") else str(role.get("title", ""))


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
