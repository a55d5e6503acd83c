"""`warta isu list`, `warta isu show ID`: the isus (stories across outlets and days) of the store; `warta isu
merge|split|rename`: a curator's decisions on them (docs/isu.md "Curation")."""

from __future__ import annotations

import argparse
import json
from functools import partial
from typing import TYPE_CHECKING, cast

from warta.cli.args import LIMIT
from warta.cli.codes import OK
from warta.cli.entity import decision_parser
from warta.settings import Settings

if TYPE_CHECKING:
    from warta.store.queries import IsuDetail, IsuItem


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `isu` command and its actions."""
    isu = sub.add_parser("isu", help="stories across outlets and days (isu), as the store groups its articles")
    actions = isu.add_subparsers(required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="isus, newest first")
    listing.add_argument("--since", help="isus with an article published on or after this date (YYYY-MM-DD)")
    listing.add_argument("--until", help="isus with an article published on or before this date (YYYY-MM-DD)")
    listing.add_argument("--region", help="isus with an article about this region (Kemendagri code, e.g. 35.24)")
    listing.add_argument("--category", help="isus with an article of this category (politik, ekonomi, … lainnya)")
    listing.add_argument("--limit", type=LIMIT, default=50)
    listing.add_argument("--format", choices=("text", "jsonl"), default="text")
    listing.set_defaults(run=_list)
    show = actions.add_parser("show", help="one isu: pencetus, outlets, daily volume, tone, tokoh, regions, bodies")
    show.add_argument("id", help="isu id (see `warta isu list`)")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(run=_show)
    isu_id = ("id", "isu id (see `warta isu list`)")
    merge = decision_parser(actions, "merge", "merge isu A into isu B: one story", isu_id, _decide)
    merge.add_argument("--into", required=True, metavar="B", help="the isu to merge into")
    split = decision_parser(actions, "split", "take articles out of isu A into an isu of their own", isu_id, _decide)
    split.add_argument("--articles", required=True, metavar="A1,A2", help="article ids (see `warta isu show`)")
    split.add_argument("--label", help="the new isu's label (default: computed from its articles)")
    rename = decision_parser(actions, "rename", "give isu A a label of your own", isu_id, _decide)
    rename.add_argument("--label", required=True)


def _decide(args: argparse.Namespace, settings: Settings) -> int:
    """Record the decision; prints its log number, then the resulting isu ids (the decided articles' first)."""
    from warta.store import open_store

    decision: dict[str, object] = {}
    if args.action == "merge":
        decision["into"] = args.into
    else:
        if args.action == "split":
            decision["articles"] = [a.strip() for a in args.articles.split(",") if a.strip()]
        if args.label is not None:
            decision["label"] = args.label
    with open_store(settings.db) as store:
        seq = store.curate_isu(args.action, args.id, decision, args.by, args.why)
    print(f"decision {seq}: isu {args.action} {args.id} recorded in {settings.db}")
    for isu in cast("list[str]", decision["result"]):
        print(isu)
    return OK


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store, queries

    with open_store(settings.db) as store:
        fetch = partial(queries.list_isus, store, args.since, args.until, args.region, category=args.category)
        items = queries.collect(fetch, args.limit)
        members = queries.isu_articles(store, [item.id for item in items]) if args.format == "jsonl" else {}
    for item in items:
        print(_record(item, members[item.id]) if args.format == "jsonl" else _row(item))
    return OK


def _record(item: IsuItem, articles: list[str]) -> str:
    """One isu as the public JSON Lines record: id, label, articles, first_seen, last_seen."""
    record = {
        "id": item.id,
        "label": item.label,
        "articles": articles,
        "first_seen": item.first_seen,
        "last_seen": item.last_seen,
    }
    return json.dumps(record, ensure_ascii=False)


def _row(item: IsuItem) -> str:
    period = f"{(item.first_seen or '?')[:10]}…{(item.last_seen or '?')[:10]}"
    counts = f"{item.articles} artikel, {item.outlets} media"
    return f"{item.id}\t{period}\t{counts}\t{item.label}\t(pencetus: {item.pencetus_outlet or '?'})"


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import asdict

    from warta.store import open_store, queries

    with open_store(settings.db) as store:
        detail = queries.isu_detail(store, args.id)
    print(json.dumps(asdict(detail), ensure_ascii=False, indent=2) if args.format == "json" else _text(detail))
    return OK


def _text(d: IsuDetail) -> str:
    """The detail as readable Indonesian text."""
    lines = [
        d.label,
        f"id: {d.id}",
        f"periode: {(d.first_seen or '?')[:10]} – {(d.last_seen or '?')[:10]}, puncak {d.peak_day or '?'}",
        f"pencetus: {d.pencetus.source or '?'} — {d.pencetus.title or d.pencetus.id} [{d.pencetus.id}]",
        f"nada: positif {d.tone.positif}, negatif {d.tone.negatif}, netral {d.tone.netral}",
        "media: " + ", ".join(f"{o.outlet} ({o.articles})" for o in d.outlets),
        "volume harian: " + ", ".join(f"{day.day} {day.articles}" for day in d.days),
        "wilayah: " + ", ".join(f"{r.name} ({r.articles})" for r in d.regions),
        "lembaga: " + ", ".join(f"{b.name} ({b.articles})" for b in d.bodies),
        "tokoh:",
    ]
    for tokoh in d.tokoh:
        lines.append(f"  {tokoh.name} ({tokoh.articles} artikel)")
        lines += [f'    "{q.text}" [{q.article_id}]' for q in tokoh.quotes]
    lines.append("artikel:")
    lines += [f"  {(a.published or '?')[:10]}\t{a.source or '?'}\t{a.title or ''}\t[{a.id}]" for a in d.articles]
    return "\n".join(lines)
