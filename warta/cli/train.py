"""`warta train ner` (the CRF NER model) and `warta train words` (the common-word list beside it)."""

from __future__ import annotations

import argparse
import json

from warta.cli.args import whole_number
from warta.cli.codes import OK
from warta.settings import Settings


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `train` command and its models."""
    train = sub.add_parser("train", help="train a model")
    train_sub = train.add_subparsers(required=True, metavar="MODEL")
    ner = train_sub.add_parser("ner", help="the CRF NER model from corpus folders")
    ner.add_argument("--data", nargs="+", required=True, metavar="DIR", help="corpus folders")
    ner.add_argument("--out", required=True, help="folder to write the model and its provenance to")
    ner.add_argument("--domain", default="idner", help="corpus whose conventions the product uses")
    ner.add_argument(
        "--exclude",
        nargs="*",
        default=[],
        metavar="DIR",
        help="corpus folders not trained on whose dev sentences must not be trained on either",
    )
    ner.add_argument("--iterations", type=whole_number(1, 100_000), default=350)
    ner.add_argument(
        "--no-casing",
        action="store_true",
        help="leave out the usual-case feature (it helps lowercased text; docs/ner.md)",
    )
    ner.set_defaults(run=_train_ner)
    words = train_sub.add_parser(
        "words", help="the common-word list beside the NER model, from a POS-tagged news corpus (docs/ner.md)"
    )
    words.add_argument(
        "--postag", required=True, help="token<TAB>POS file, e.g. nlp_id/data/dataset_postag.txt from the nlp-id wheel"
    )
    words.add_argument("--out", required=True, help="the model folder to write common_words.txt into")
    words.set_defaults(run=_train_words)
    tone = train_sub.add_parser("tone", help="the tone model from labelled text files (docs/tone.md)")
    tone.add_argument(
        "--data",
        action="append",
        required=True,
        metavar="PATH:FORMAT",
        help="a labelled file and its format: smsa, nusax, cnbci or warta (repeat for several)",
    )
    tone.add_argument("--out", required=True, help="folder to write the model to")
    tone.add_argument("--c", type=float, default=4.0, help="inverse regularisation strength (default 4)")
    tone.add_argument(
        "--news-weight", type=float, default=3.0, help="weight of cnbci and warta rows against the rest (default 3)"
    )
    tone.set_defaults(run=_train_tone)


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


def _train_tone(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from warta.errors import InputError
    from warta.tone.training import DataSpec, TrainConfig, build

    if args.c <= 0 or args.news_weight <= 0:
        raise InputError("--c and --news-weight take positive numbers")
    specs = [DataSpec.parse(value) for value in args.data]
    provenance = build(specs, Path(args.out), TrainConfig(c=args.c, news_weight=args.news_weight))
    print(json.dumps(provenance["sources"], indent=2))
    print(f"{provenance['rows']} rows trained on; model written to {args.out}")
    return OK
