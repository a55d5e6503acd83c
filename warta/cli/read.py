"""`warta show`, `warta entities`, `warta quotes` and `warta search`: the store read through `warta.store.queries`,
the read model the API and the web app use too, one tab-separated line per item."""

from __future__ import annotations

import argparse
import json
from functools import partial

from warta.cli.args import LIMIT, SEARCH_LIMIT
from warta.cli.codes import NOTHING, OK
from warta.settings import Settings
from warta.summary import to_text
from warta.types import TYPE_NAMES


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `show`, `entities`, `quotes` and `search` commands."""
    show = sub.add_parser("show", help="print a stored article document")
    show.add_argument("id")
    show.add_argument("--format", choices=("json", "text"), default="json")
    show.set_defaults(run=_show)
    ents = sub.add_parser("entities", help="list stored entities")
    ents.add_argument("--type", choices=TYPE_NAMES, metavar="TYPE", help="only this entity type (person, city, …)")
    ents.add_argument("--name", help="only entities whose name or an alias contains this (case and accents ignored)")
    ents.add_argument("--limit", type=LIMIT, default=100)
    ents.set_defaults(run=_entities)
    quotes = sub.add_parser("quotes", help="list stored quotes")
    quotes.add_argument("--speaker", help="speaker name or alias (substring) or entity id")
    quotes.add_argument("--limit", type=LIMIT, default=100)
    quotes.set_defaults(run=_quotes)
    search = sub.add_parser("search", help="full-text search over articles, quotes and entities")
    search.add_argument("text")
    search.add_argument("--limit", type=SEARCH_LIMIT, default=20)
    search.set_defaults(run=_search)


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        doc = store.article(args.id)
    print(to_text(doc) if args.format == "text" else json.dumps(doc, ensure_ascii=False, indent=2))
    return OK


def _entities(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store, queries

    with open_store(settings.db) as store:
        rows = queries.collect(partial(queries.list_entities, store, args.type, args.name), args.limit)
    for row in rows:
        print(f"{row.id}\t{row.type}\t{row.name}\t{row.mention_count} mentions in {row.article_count} articles")
    return OK


def _quotes(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store, queries

    filters = queries.QuoteFilter(speaker_match=args.speaker)
    with open_store(settings.db) as store:
        rows = queries.collect(partial(queries.list_quotes, store, filters), args.limit)
    for row in rows:
        print(f"{row.speaker_name or '?'}\t{row.kind}\t{row.text}\t[{row.article_id}]")
    return OK


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store, queries

    with open_store(settings.db) as store:
        found = queries.search_all(store, args.text, limit=args.limit)
    lines: list[tuple[str, str, str | None, str]] = [("entity", e.id, e.name, e.name) for e in found.entities]
    text = [(-hit.score, "article", hit.id, hit.title, hit.snippet) for hit in found.articles]
    text += [(-hit.score, "quote", hit.id, hit.title, hit.snippet) for hit in found.quotes]
    lines += [(kind, hit_id, title, snippet) for _, kind, hit_id, title, snippet in sorted(text, key=_rank)]
    for kind, hit_id, title, snippet in lines[: args.limit]:
        print(f"{kind}\t{hit_id}\t{title}\t{snippet}")
    return OK if lines else NOTHING


def _rank(hit: tuple[float, str, str, str | None, str]) -> tuple[float, str, str]:
    """Text hits best first (then by kind and id), as one list."""
    return hit[0], hit[1], hit[2]
