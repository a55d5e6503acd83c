"""The command line: thin commands over the library. Every error is one line on stderr and an exit code:
0 all inputs processed, 1 nothing usable came out, 2 bad usage, 3 some inputs failed."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from warta import pipeline
from warta.cli import crawl, entity, evaluate, process, serve, token
from warta.cli.args import LIMIT, SEARCH_LIMIT, whole_number
from warta.cli.codes import NOTHING, OK, PARTIAL, USAGE
from warta.document import to_document
from warta.errors import WartaError
from warta.settings import Settings, SettingsError
from warta.sources.files import FORMATS, Unreadable, iter_inputs
from warta.summary import to_text

Command = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `warta` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    if isinstance(sys.stdout, io.TextIOWrapper):  # a terminal that cannot show a character gets an escape
        sys.stdout.reconfigure(errors="backslashreplace")
    command: Command = args.run
    try:
        settings = Settings.from_env(db=args.db)
    except SettingsError as exc:
        print(f"warta: {exc}", file=sys.stderr)
        return USAGE
    try:
        return command(args, settings)
    except WartaError as exc:
        print(f"warta: {exc}", file=sys.stderr)
        return NOTHING
    except KeyboardInterrupt:
        print("warta: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return OK


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(name)s: %(message)s")
    for noisy in ("trafilatura", "htmldate", "httpx", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.CRITICAL)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warta", description="Indonesian news intelligence.")
    parser.add_argument("--db", help="SQLite database path (default: $WARTA_DB or ./warta.db)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    _inputs(sub.add_parser("extract", help="print the article document(s) of the inputs"), _extract)
    sub.choices["extract"].add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json document (JSON Lines for several) or a text summary",
    )
    _inputs(sub.add_parser("ingest", help="process inputs and store them"), _ingest)
    show = sub.add_parser("show", help="print a stored article document")
    show.add_argument("id")
    show.add_argument("--format", choices=("json", "text"), default="json")
    show.set_defaults(run=_show)
    ents = sub.add_parser("entities", help="list stored entities")
    ents.add_argument("--type", help="only this entity type (person, ministry, city, …)")
    ents.add_argument("--name", help="only entities whose name contains this")
    ents.add_argument("--limit", type=LIMIT, default=100)
    ents.set_defaults(run=_entities)
    quotes = sub.add_parser("quotes", help="list stored quotes")
    quotes.add_argument("--speaker", help="speaker name (substring) or entity id")
    quotes.add_argument("--limit", type=LIMIT, default=100)
    quotes.set_defaults(run=_quotes)
    evaluate.add_parsers(sub.add_parser("eval", help="score the pipeline against gold data"))
    entity.add_parsers(sub)
    crawl.add_parsers(sub)
    serve.add_parsers(sub)
    process.add_parsers(sub)
    token.add_parsers(sub)
    train = sub.add_parser("train", help="train a model")
    train_sub = train.add_subparsers(required=True, metavar="MODEL")
    train_ner = train_sub.add_parser("ner", help="the CRF NER model from corpus folders")
    train_ner.add_argument("--data", nargs="+", required=True, metavar="DIR", help="corpus folders")
    train_ner.add_argument("--out", required=True, help="folder to write the model and its provenance to")
    train_ner.add_argument("--domain", default="idner", help="corpus whose conventions the product uses")
    train_ner.add_argument(
        "--exclude",
        nargs="*",
        default=[],
        metavar="DIR",
        help="corpus folders not trained on whose dev sentences must not be trained on either",
    )
    train_ner.add_argument("--iterations", type=whole_number(1, 100_000), default=350)
    train_ner.add_argument(
        "--no-casing",
        action="store_true",
        help="leave out the usual-case feature (it helps lowercased text; docs/ner.md)",
    )
    train_ner.set_defaults(run=_train_ner)
    train_words = train_sub.add_parser(
        "words", help="the common-word list beside the NER model, from a POS-tagged news corpus (docs/ner.md)"
    )
    train_words.add_argument(
        "--postag", required=True, help="token<TAB>POS file, e.g. nlp_id/data/dataset_postag.txt from the nlp-id wheel"
    )
    train_words.add_argument("--out", required=True, help="the model folder to write common_words.txt into")
    train_words.set_defaults(run=_train_words)
    search = sub.add_parser("search", help="full-text search over articles, quotes and entities")
    search.add_argument("text")
    search.add_argument("--limit", type=SEARCH_LIMIT, default=20)
    search.set_defaults(run=_search)
    return parser


def _inputs(parser: argparse.ArgumentParser, run: Command) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="file, URL, or - for standard input")
    parser.add_argument("--input-format", choices=FORMATS, help="skip format detection")
    parser.add_argument("--as-is", action="store_true", help="do not clean plain text: offsets match the input")
    parser.set_defaults(run=run)


def _process(args: argparse.Namespace, settings: Settings) -> Iterator[tuple[str, Any]]:
    """(origin, article) for every usable input and (origin, error message) for every failure, in order."""
    pipe = pipeline.build(settings)
    for item in iter_inputs(args.inputs, settings, args.input_format, args.as_is, sys.stdin.buffer):
        if isinstance(item, Unreadable):
            yield item.origin, item.error
            continue
        outcome = next(pipe.run_many([item]))
        if outcome.article is None or outcome.article.errors:
            yield (
                outcome.origin,
                outcome.error or "; ".join(outcome.article.errors if outcome.article else []),
            )
        else:
            yield outcome.origin, outcome.article


def _tally(results: Iterator[tuple[str, Any]], emit: Callable[[Any], None]) -> int:
    good = bad = 0
    for origin, result in results:
        if isinstance(result, str):
            bad += 1
            message = result if result.startswith(origin) else f"{origin}: {result}"
            print(f"warta: {message}", file=sys.stderr)
        else:
            good += 1
            emit(result)
    if good == 0:
        return NOTHING
    return PARTIAL if bad else OK


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    several = (
        len(args.inputs) > 1
        or args.input_format in ("jsonl", "warc")
        or any(i.endswith((".jsonl", ".ndjson", ".warc", ".warc.gz")) for i in args.inputs)
    )

    def emit(article: Any) -> None:
        doc = to_document(article)
        if args.format == "text":
            print(to_text(doc))
        else:
            print(json.dumps(doc, ensure_ascii=False, indent=None if several else 2))

    return _tally(_process(args, settings), emit)


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with contextlib.ExitStack() as stack:
        stores: list[Any] = []  # opened (and created if need be) at the first usable article

        def emit(article: Any) -> None:
            if not stores:
                stores.append(stack.enter_context(open_store(settings.db)))
            stores[0].save(article)
            print(f"{article.id}\t{article.title or ''}")

        code = _tally(_process(args, settings), emit)
        counts = stores[0].counts() if stores else None
    if counts is None:
        print(f"nothing stored; {settings.db} left as it was", file=sys.stderr)
    else:
        print(", ".join(f"{n} {k}" for k, n in counts.items()) + f" in {settings.db}", file=sys.stderr)
    return code


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        doc = store.article(args.id)
    print(to_text(doc) if args.format == "text" else json.dumps(doc, ensure_ascii=False, indent=2))
    return OK


def _entities(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        rows = store.entities(type=args.type, limit=args.limit, name=args.name)
    for row in rows:
        print(f"{row.id}\t{row.type}\t{row.name}\t{row.mention_count} mentions in {row.article_count} articles")
    return OK


def _quotes(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        rows = store.quotes(speaker=args.speaker, limit=args.limit)
    for row in rows:
        print(f"{row.speaker_name or '?'}\t{row.kind}\t{row.text}\t[{row.article_id}]")
    return OK


def _train_words(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from warta.ner.lexicons import train_common_words

    count = train_common_words(Path(args.postag), Path(args.out))
    print(f"{count} common words written to {Path(args.out) / 'common_words.txt'}")
    return OK


def _train_ner(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from warta.ner.crf import TrainConfig
    from warta.ner.training import build

    config = TrainConfig(max_iterations=args.iterations, casing=not args.no_casing)
    provenance = build(
        [Path(d) for d in args.data], Path(args.out), config, args.domain, [Path(d) for d in args.exclude]
    )
    print(json.dumps(provenance.get("dev_scores", {}), indent=2))
    return OK


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        hits = store.search(args.text, limit=args.limit)
    for hit in hits:
        print(f"{hit.kind}\t{hit.id}\t{hit.title}\t{hit.snippet}")
    return OK if hits else NOTHING


if __name__ == "__main__":
    raise SystemExit(main())
