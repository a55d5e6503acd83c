"""`warta eval …`: score the pipeline against gold data (docs/evaluation.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from warta import pipeline
from warta.cli.codes import NOTHING, OK
from warta.errors import InputError
from warta.settings import Settings


def add_parsers(parser: argparse.ArgumentParser) -> None:
    """The `eval` subcommands."""
    ev_sub = parser.add_subparsers(required=True, metavar="GOLD")
    facts = ev_sub.add_parser("expected", help="articles against hand-written expected facts (demo/expected)")
    facts.add_argument("--articles", default="demo/articles", help="folder of HTML pages")
    facts.add_argument("--expected", default="demo/expected", help="folder of <page>.json expected facts")
    facts.add_argument("--failures", action="store_true", help="also list each failed expectation")
    facts.set_defaults(run=_expected)
    ner = ev_sub.add_parser("ner", help="the NER model on a corpus file, in the corpus's own tags")
    ner.add_argument("--data", required=True, help="corpus file (token<TAB>tag, or idner's token POS tag)")
    ner.add_argument("--scheme", required=True, choices=("nergrit", "nerp", "nerui", "nerugm", "idner"))
    ner.add_argument("--model", default="", help="model folder (default: the shipped model)")
    ner.add_argument("--predictions-out", help="write token<TAB>gold<TAB>predicted lines here")
    ner.set_defaults(run=_ner)
    attribution = ev_sub.add_parser("quotes", help="quotes, speakers and roles on a PFSA-ID file (docs/quotes.md)")
    attribution.add_argument("--data", required=True, help="PFSA-ID file (token<TAB>BILOU tag)")
    attribution.add_argument("--predictions-out", help="write token<TAB>gold<TAB>predicted lines here")
    attribution.set_defaults(run=_quotes)
    linking = ev_sub.add_parser("linking", help="entity linking across articles: B-cubed on a gold set")
    linking.add_argument("--data", default="eval/linking", help="folder with articles.jsonl and gold.tsv")
    linking.add_argument("--failures", action="store_true", help="also list each gold mention linked wrongly")
    linking.set_defaults(run=_linking)


def _expected(args: argparse.Namespace, settings: Settings) -> int:
    from warta.evaluation.expected import evaluate
    from warta.evaluation.scores import table

    articles, expected = Path(args.articles), Path(args.expected)
    for folder in (articles, expected):
        if not folder.is_dir():
            raise InputError(f"{folder}: no such folder")
    report = evaluate(pipeline.build(settings), articles, expected)
    print(f"{report.articles} articles")
    print(table(report.tallies))
    if args.failures:
        print("\n".join(report.failures))
    return OK if report.articles else NOTHING


def _ner(args: argparse.Namespace, settings: Settings) -> int:
    from warta.ner.crf import SHIPPED, NerModel
    from warta.ner.training import evaluate

    model = NerModel(Path(args.model) if args.model else SHIPPED)
    data = Path(args.data)
    if not data.is_file():
        raise InputError(f"{data}: no such file")
    report, lines = evaluate(model, data, args.scheme)
    print(f"{'type':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>7}{'fn':>7}")
    for kind, t in sorted(report.by_type.items()):
        print(f"{kind:<16}{100 * t.precision:>7.2f}{100 * t.recall:>7.2f}{100 * t.f1:>7.2f}{t.tp:>7}{t.fp:>7}{t.fn:>7}")
    micro = report.micro
    print(f"{'micro':<16}{100 * micro.precision:>7.2f}{100 * micro.recall:>7.2f}{100 * micro.f1:>7.2f}")
    print(f"{'macro F1':<16}{'':>14}{100 * report.macro_f1:>7.2f}")
    if args.predictions_out:
        text = "\n".join("\t".join(line) if line[0] else "" for line in lines)
        Path(args.predictions_out).write_text(text + "\n", encoding="utf-8")
    return OK


def _quotes(args: argparse.Namespace, settings: Settings) -> int:
    from warta.evaluation.attribution import evaluate
    from warta.evaluation.scores import table

    data = Path(args.data)
    if not data.is_file():
        raise InputError(f"{data}: no such file")
    report = evaluate(pipeline.build(settings), data, keep_rows=bool(args.predictions_out))
    print(f"{report.articles} articles, {report.statements} gold statements")
    print(table(dict(report.by_label)))
    print(
        f"speaker attribution: {100 * report.accuracy:.1f}% ({report.attributed}/{report.statements}; "
        f"{report.found} statements found)"
    )
    if args.predictions_out:
        Path(args.predictions_out).write_text("\n".join(report.rows) + "\n", encoding="utf-8")
    return OK


def _linking(args: argparse.Namespace, settings: Settings) -> int:
    from warta.evaluation.linking import evaluate

    report = evaluate(pipeline.build(settings), Path(args.data))
    print(f"{report.articles} articles, {report.mentions} gold mentions in {report.clusters} clusters")
    print(f"{'':<10}{'P':>7}{'R':>7}{'F1':>7}")
    print(f"{'B-cubed':<10}{100 * report.precision:>7.2f}{100 * report.recall:>7.2f}{100 * report.f1:>7.2f}")
    print(f"unlinked gold mentions (no predicted mention): {report.unfound}")
    if args.failures:
        print("\n".join(report.failures))
    return OK if report.mentions else NOTHING
