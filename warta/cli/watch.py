"""`warta watch add|list|show|remove`: watchlists (pantauan), the saved queries every saved article is matched
against, and their matches (docs/alerts.md)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from warta.cli.args import LIMIT
from warta.cli.codes import OK
from warta.errors import InputError
from warta.settings import Settings

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `watch` command and its actions."""
    from warta.types import TONES
    from warta.watch import DIGESTS

    watch = sub.add_parser("watch", help="watchlists (pantauan): saved queries matched against every saved article")
    actions = watch.add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a watchlist, or replace the one of that name")
    add.add_argument("name", help='its name, e.g. "Pemkab Mojokerto"')
    add.add_argument("--entity", action="append", default=[], help="an entity id or name (repeatable)")
    add.add_argument("--keyword", action="append", default=[], help="a word or phrase, whole words (repeatable)")
    add.add_argument("--region", help="a Kemendagri code (35.16): articles about it or a place inside it")
    add.add_argument("--no-aliases", action="store_true", help="an entity counts only where its own name is written")
    add.add_argument("--holders", action="store_true", help="persons holding a role at an entity count too")
    add.add_argument("--tone", choices=TONES, help="only articles of this tone")
    add.add_argument("--isu", help="only articles of this isu (id)")
    add.add_argument("--webhook", help="POST each alert as JSON to this URL (signed: see docs/alerts.md)")
    add.add_argument("--email", action="append", default=[], help="send alerts to this address (repeatable)")
    add.add_argument("--digest", choices=DIGESTS, default="immediate", help="e-mail each alert, or hourly or daily")
    add.set_defaults(run=_add)
    listing = actions.add_parser("list", help="watchlists with their matches and unseen alerts")
    listing.add_argument("--format", choices=("text", "jsonl"), default="text")
    listing.set_defaults(run=_list)
    show = actions.add_parser("show", help="one watchlist and its newest matches, with why each matched")
    show.add_argument("name", help="its name or id")
    show.add_argument("--limit", type=LIMIT, default=20)
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(run=_show)
    remove = actions.add_parser("remove", help="delete a watchlist with its matches and alerts")
    remove.add_argument("name", help="its name or id")
    remove.set_defaults(run=_remove)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store
    from warta.watch import Watchlist

    with open_store(settings.db) as store:
        entities = tuple(_entity_id(store, text) for text in args.entity)
        w = Watchlist(args.name, entities, not args.no_aliases, args.holders, tuple(args.keyword), args.region,
                      args.tone, args.isu, args.webhook, None, tuple(args.email), args.digest)  # fmt: skip
        saved = store.save_watchlist(w)
    print(f"watchlist {saved.name!r} ({saved.id}) saved in {settings.db}")
    if saved.webhook_secret and args.webhook:
        print(f"webhook secret (signs every POST; keep it): {saved.webhook_secret}")
    return OK


def _entity_id(store: SQLStore, text: str) -> str:
    """The id of the stored entity `text` names (an id or a name); InputError when none does."""
    from warta.store import queries

    found = queries.find_entity(store, text)
    if found is None:
        raise InputError(f"no entity {text.strip()[:80]!r} in the store; give an id or a name from `warta entities`")
    return found.id


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store, queries

    with open_store(settings.db) as store:
        items = queries.list_watchlists(store)
    for item in items:
        if args.format == "jsonl":
            print(json.dumps({"id": item.id, "name": item.name, "matches": item.matches, "unseen": item.unseen,
                              "last_match": item.last_match, "spec": item.spec}, ensure_ascii=False))  # fmt: skip
        else:
            print(f"{item.name}\t{item.matches} matches\t{item.unseen} unseen\t{_watches(item.spec)}")
    return OK


def _watches(spec: dict[str, object]) -> str:
    """What a watchlist watches, in a few words."""
    parts = [f"{key}={','.join(map(str, value))}" for key in ("entities", "keywords")
             if isinstance(value := spec.get(key), list | tuple) and value]  # fmt: skip
    parts += [f"{key}={spec[key]}" for key in ("region", "tone", "isu") if spec.get(key)]
    return " ".join(parts)


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store, queries

    with open_store(settings.db) as store:
        item = queries.watchlist_item(store, args.name)
        matches = queries.watch_matches(store, item.id, limit=args.limit).items
    if args.format == "json":
        body = {"watchlist": item.spec, "matches": item.matches, "unseen": item.unseen,
                "newest": [asdict(m) for m in matches]}  # fmt: skip
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return OK
    print(f"{item.name} ({item.id}): {item.matches} matches, {item.unseen} unseen; {_watches(item.spec)}")
    for m in matches:
        why = "; ".join(f"{r['kind']} {r['label']!r}" for r in m.reasons)
        print(f"{(m.published or '')[:10]}\t{m.article_id}\t{m.title or ''}\t{why}")
    return OK


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store, queries

    with open_store(settings.db) as store:
        name = queries.watchlist(store, args.name).name
        store.remove_watchlist(name)
    print(f"watchlist {name!r} removed from {settings.db}")
    return OK
