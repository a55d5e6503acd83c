"""`warta entity …` (curation: merge, split, alias, rename, retype, delete, log, holders) and `warta export`."""

from __future__ import annotations

import argparse
import getpass
import os
import re
from collections.abc import Callable
from pathlib import Path

from warta.cli.args import LIMIT
from warta.cli.codes import NOTHING, OK
from warta.errors import InputError
from warta.settings import Settings
from warta.types import TYPE_NAMES

_MENTION = re.compile(r"^(?P<article>.+):(?P<start>\d+)-(?P<end>\d+)$")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `entity` and `export` commands."""
    entity = sub.add_parser("entity", help="correct the graph: merge, split, alias, rename, retype, delete")
    actions = entity.add_subparsers(required=True, metavar="ACTION")
    merge = decision_parser(actions, "merge", "merge entity A into entity B (A's mentions become B's)")
    merge.add_argument("into", metavar="B")
    split = decision_parser(actions, "split", "move some of A's mentions to a new entity")
    split.add_argument("--mentions", nargs="+", required=True, metavar="ARTICLE:START-END", help="mentions to move")
    split.add_argument("--name", help="name of the new entity (default: the first moved mention's text)")
    alias = actions.add_parser("alias", help="aliases of an entity")
    alias_actions = alias.add_subparsers(required=True, metavar="ALIAS_ACTION")
    add = decision_parser(alias_actions, "add", "add an alias to entity A")
    add.add_argument("alias", metavar="NAME")
    add.set_defaults(action="alias")
    rename = decision_parser(actions, "rename", "give entity A a new name (the old one stays an alias)")
    rename.add_argument("name", metavar="NAME")
    retype = decision_parser(actions, "retype", "change entity A's type")
    retype.add_argument("type", choices=TYPE_NAMES, metavar="TYPE")
    delete = "delete entity A (a false entity): its mentions go, its quotes lose their speaker"
    decision_parser(actions, "delete", delete)
    log = actions.add_parser("log", help="the curation log, newest first")
    log.add_argument("entity", nargs="?", metavar="A", help="only decisions about this entity")
    log.add_argument("--limit", type=LIMIT, default=100)
    log.set_defaults(run=_log)
    holders = actions.add_parser("holders", help="who held a role-only entity's office, inferred from other articles")
    holders.add_argument("entity", metavar="A")
    holders.set_defaults(run=_holders)
    export = sub.add_parser("export", help="export the graph: GraphML, JSON Lines, or CSV for Neo4j and Gephi")
    export.add_argument("--format", required=True, choices=("graphml", "jsonl", "csv"))
    export.add_argument("--out", required=True, help="file to write (a folder for csv)")
    export.add_argument("--since", help="only articles published on or after this date (YYYY-MM-DD)")
    export.add_argument("--until", help="only articles published on or before this date (YYYY-MM-DD)")
    export.add_argument("--region", help="only articles about this region (Kemendagri code, e.g. 35.16)")
    export.add_argument("--type", action="append", default=[], help="keep entities of this type (repeatable)")
    export.set_defaults(run=_export)


def decision_parser(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help: str,
    subject: tuple[str, str] = ("entity", "entity id (see `warta entities`)"),
    run: Callable[[argparse.Namespace, Settings], int] | None = None,
) -> argparse.ArgumentParser:
    """The parser of a curation decision `name` about A (`subject`: its argument's name and help), with --why and
    --by; `run` records it (default: an entity decision)."""
    parser = actions.add_parser(name, help=help)
    parser.add_argument(subject[0], metavar="A", help=subject[1])
    parser.add_argument("--why", required=True, help="the reason, kept in the curation log (`warta entity log`)")
    parser.add_argument("--by", default=_user(), help="who decides (default: the login name)")
    parser.set_defaults(run=run or _decide, action=name)
    return parser


def _user() -> str:
    """Who decides, by default: $WARTA_USER, else the login name."""
    try:
        return os.environ.get("WARTA_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _decide(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    decision: dict[str, object] = {}
    if args.action == "merge":
        decision["into"] = args.into
    elif args.action == "split":
        decision["mentions"] = [_mention(m) for m in args.mentions]
        if args.name:
            decision["name"] = args.name
    elif args.action == "alias":
        decision["alias"] = _text(args.alias, "alias")
    elif args.action == "rename":
        decision["name"] = _text(args.name, "name")
    elif args.action == "retype":
        decision["type"] = args.type
    with open_store(settings.db) as store:
        seq = store.curate(args.action, args.entity, decision, args.by, args.why)
    print(f"decision {seq}: {args.action} {args.entity} recorded in {settings.db}")
    return OK


def _mention(value: str) -> list[object]:
    match = _MENTION.match(value)
    if match is None:
        raise InputError(f"{value!r}: write a mention as ARTICLE:START-END (offsets from `warta show`)")
    return [match.group("article"), int(match.group("start")), int(match.group("end"))]


def _text(value: str, what: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise InputError(f"the {what} is empty")
    return text


def _log(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        entries = store.curation_log(args.entity, args.limit)
    for e in entries:
        details = " ".join(f"{k}={v}" for k, v in sorted(e.args.items()))
        print(f"{e.seq}\t{e.at}\t{e.who}\t{e.action}\t{e.entity}\t{details}\t{e.why}")
    return OK


def _holders(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store, queries

    with open_store(settings.db) as store:
        found = queries.role_holders(store, args.entity)
    for h in found:
        print(f"{h.article_id}\t{h.person_id}\t{h.person_name}\tinferred from {', '.join(h.evidence)}")
    return OK if found else NOTHING


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from warta.export import export
    from warta.store import open_store
    from warta.store.graph import GraphFilter

    graph_filter = GraphFilter(args.since, args.until, args.region, frozenset(args.type))
    with open_store(settings.db) as store:
        graph = store.graph(graph_filter)
    written = export(graph, args.format, Path(args.out))
    print(f"{len(graph.nodes)} nodes, {len(graph.edges)} edges → {', '.join(str(p) for p in written)}")
    return OK
