"""`warta eval …`: score the pipeline against gold data (docs/evaluation.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from warta import pipeline
from warta.cli.args import whole_number
from warta.cli.codes import NOTHING, OK
from warta.errors import InputError
from warta.scores import Tally
from warta.settings import Settings

if TYPE_CHECKING:
    from warta.ner.crf import NerModel
    from warta.tone.data import Row


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
    ner.add_argument(
        "--pipeline", action="store_true", help="score the whole pipeline's entities, beside the model alone"
    )
    ner.add_argument("--limit", type=whole_number(1, 10**9), help="with --pipeline: only the first N sentences")
    ner.set_defaults(run=_ner)
    attribution = ev_sub.add_parser("quotes", help="quotes, speakers and roles on a PFSA-ID file (docs/quotes.md)")
    attribution.add_argument("--data", required=True, help="PFSA-ID file (token<TAB>BILOU tag)")
    attribution.add_argument("--predictions-out", help="write token<TAB>gold<TAB>predicted lines here")
    attribution.set_defaults(run=_quotes)
    linking = ev_sub.add_parser("linking", help="entity linking across articles: B-cubed on a gold set")
    linking.add_argument("--data", default="eval/linking", help="folder with articles.jsonl and gold.tsv")
    linking.add_argument("--failures", action="store_true", help="also list each gold mention linked wrongly")
    linking.set_defaults(run=_linking)
    real = ev_sub.add_parser("real", help="real news pages and PFSA-ID articles against eval/real (facts only)")
    real.add_argument("--pages", help="folder of the saved news pages (news-pages/html)")
    real.add_argument("--pfsa", help="PFSA-ID dev file (dev-40.txt)")
    real.add_argument("--gold", default="eval/real", help="folder with pages/ and pfsa/ gold files")
    real.add_argument("--part", default="dev", choices=("dev", "held-out", "all"), help="which part (default dev)")
    real.add_argument("--failures", action="store_true", help="also list each miss")
    real.add_argument("--json-out", help="write every figure as JSON here")
    real.set_defaults(run=_real)
    _add_tone(ev_sub)
    _add_isu(ev_sub)
    _add_category(ev_sub)


def _add_category(ev_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`warta eval category`."""
    cat = ev_sub.add_parser("category", help="article categories against gold labels (docs/category.md)")
    cat.add_argument("--data", help="JSON Lines articles (eval/isu/articles.jsonl) labelled by --labels")
    cat.add_argument("--labels", default="eval/category/labels.tsv", help="id<TAB>category gold for --data")
    cat.add_argument("--pages", help="folder of saved news pages, labelled by --page-labels")
    cat.add_argument("--page-labels", default="eval/category/pages.tsv", help="file<TAB>category gold for --pages")
    cat.add_argument("--part", default="dev", choices=("dev", "held-out", "all"), help="which part (default dev)")
    cat.add_argument("--classifier-only", action="store_true", help="leave out the outlet's section (URL, metadata)")
    cat.add_argument("--failures", action="store_true", help="also list each article labelled wrongly")
    cat.set_defaults(run=_category)


def _category(args: argparse.Namespace, settings: Settings) -> int:
    from warta.evaluation.category import evaluate_articles, evaluate_pages

    if args.data is None and args.pages is None:
        raise InputError("nothing to score: give --data FILE and/or --pages DIR")
    runs = [(args.data, evaluate_articles, args.labels), (args.pages, evaluate_pages, args.page_labels)]
    how = "classifier only" if args.classifier_only else "section, else classifier"
    for where, evaluate, labels in [r for r in runs if r[0]]:
        cleaner = pipeline.build(settings, ["clean"])
        report = evaluate(Path(where), Path(labels), args.part, args.classifier_only, cleaner)
        print(f"{where} ({args.part}, {how})")
        print("\n".join(report.lines() + (report.failures if args.failures else [])))
    return OK


def _add_tone(ev_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`warta eval tone`."""
    tone = ev_sub.add_parser("tone", help="the tone model on a labelled file: P/R/F1, macro F1 (docs/tone.md)")
    tone.add_argument("--data", required=True, help="labelled file (for --format real: the eval/tone/real folder)")
    tone.add_argument(
        "--format",
        required=True,
        choices=("smsa", "nusax", "cnbci", "warta", "real"),
        help="real: the annotations of real pages and PFSA-ID articles (give --pages and/or --pfsa)",
    )
    tone.add_argument(
        "--level",
        choices=("sentence", "article", "target", "sentence-target"),
        default="sentence",
        help="for --format warta: the model on sentences, or the whole pipeline's tone of articles, toward "
        "article targets, or toward sentence targets",
    )
    tone.add_argument("--pages", help="for --format real: the news-pages html folder")
    tone.add_argument("--pfsa", help="for --format real: the PFSA-ID file the annotations refer to")
    tone.add_argument(
        "--part",
        choices=("train", "dev", "held-out", "all"),
        help="rows to score (default: held-out for cnbci and warta, all for real; dev is real's tuning part)",
    )
    tone.add_argument("--model", default="", help="model folder (default: the shipped model)")
    tone.add_argument("--predictions-out", help="write row<TAB>gold<TAB>predicted<TAB>score<TAB>confidence here")
    tone.add_argument(
        "--baseline",
        action="append",
        default=[],
        metavar="PATH:FORMAT",
        help="also fit the TF-IDF + logistic regression baseline on these files' train parts and score it",
    )
    tone.set_defaults(run=_tone)


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
    from warta.ner.crf import NerModel
    from warta.ner.folder import SHIPPED
    from warta.ner.training import evaluate

    data = Path(args.data)
    if not data.is_file():
        raise InputError(f"{data}: no such file")
    if args.limit is not None and (not args.pipeline or args.limit < 1):
        raise InputError("--limit takes a positive number of sentences, with --pipeline")
    folder = args.model or (settings.ner_model if settings.ner_model not in ("", "none") else "")
    model = NerModel(Path(folder) if folder else SHIPPED)
    if args.pipeline:
        return _ner_pipeline(args, settings, model, data)
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


def _ner_pipeline(args: argparse.Namespace, settings: Settings, model: NerModel, data: Path) -> int:
    from warta.evaluation.ner_pipeline import evaluate

    report = evaluate(pipeline.build(settings), model, data, args.scheme, args.limit)
    print(f"{report.sentences} sentences; the pipeline's entities, and the model alone on the same sentences")
    print(f"{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}  |{'model P':>9}{'R':>7}{'F1':>7}")
    kinds = sorted(set(report.pipeline.by_type) | set(report.model.by_type))
    rows = [(k, report.pipeline.by_type.get(k, Tally()), report.model.by_type.get(k, Tally())) for k in kinds]
    rows.append(("micro", report.pipeline.micro, report.model.micro))
    for kind, t, m in rows:
        print(
            f"{kind:<14}{100 * t.precision:>7.2f}{100 * t.recall:>7.2f}{100 * t.f1:>7.2f}{t.tp:>6}{t.fp:>6}{t.fn:>6}"
            f"  |{100 * m.precision:>9.2f}{100 * m.recall:>7.2f}{100 * m.f1:>7.2f}"
        )
    macro = f"{100 * report.pipeline.macro_f1:>7.2f}{'':>18}  |{'':>16}{100 * report.model.macro_f1:>7.2f}"
    print(f"{'macro F1':<14}{'':>14}{macro}")
    if args.predictions_out:
        text = "\n".join("\t".join(line) if line[0] else "" for line in report.lines)
        Path(args.predictions_out).write_text(text + "\n", encoding="utf-8")
    return OK if report.sentences else NOTHING


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
    known = 100 * report.strict / report.full_known if report.full_known else 0.0
    print(
        f"strict speaker attribution (full name): {100 * report.strict_accuracy:.1f}% "
        f"({report.strict}/{report.statements}); {known:.1f}% of the {report.full_known} statements whose "
        "speaker's full name the corpus gives"
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


def _add_isu(ev_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`warta eval isu`."""
    isu = ev_sub.add_parser("isu", help="isu clustering: B-cubed against gold stories (docs/isu.md)")
    isu.add_argument("--data", default="eval/isu/articles.jsonl", help="JSON Lines articles with a gold story each")
    isu.add_argument("--part", default="dev", choices=("dev", "held-out", "all"), help="which part (default dev)")
    isu.add_argument("--failures", action="store_true", help="also list each mixed isu and split story")
    isu.set_defaults(run=_isu)


def _isu(args: argparse.Namespace, settings: Settings) -> int:
    from warta.evaluation.isu import evaluate

    report = evaluate(pipeline.build(settings), Path(args.data), args.part)
    print(f"{report.articles} articles ({args.part}), {report.stories} gold stories, {report.isus} isus")
    print(f"{'':<10}{'P':>7}{'R':>7}{'F1':>7}")
    print(f"{'B-cubed':<10}{100 * report.precision:>7.2f}{100 * report.recall:>7.2f}{100 * report.f1:>7.2f}")
    if args.failures and report.failures:
        print("\n".join(report.failures))
    return OK if report.articles else NOTHING


def _real(args: argparse.Namespace, settings: Settings) -> int:
    from warta.evaluation.real import evaluate
    from warta.evaluation.scores import table

    if args.pages is None and args.pfsa is None:
        raise InputError("nothing to score: give --pages DIR and/or --pfsa FILE")
    pages, pfsa = (Path(p) if p else None for p in (args.pages, args.pfsa))
    report = evaluate(pipeline.build(settings), Path(args.gold), pages, pfsa, args.part)
    named = [(n, s) for n, s in report.sources.items() if s.articles]
    for name, scores in [*named, ("all", report.total)] if len(named) > 1 else named:
        print(f"{name} ({args.part}): {scores.articles} articles")
        print(table(scores.table_tallies()))
        print(
            f"strict speakers: {100 * scores.speaker_accuracy:.1f}% of found quotes "
            f"({scores.speakers_right}/{scores.quotes_found}), {100 * scores.speaker_accuracy_all:.1f}% of all "
            f"gold quotes ({scores.speakers_right}/{scores.quotes_gold})\n"
        )
    if args.failures:
        print("\n".join(report.failures))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report.summary(), indent=2) + "\n", encoding="utf-8")
    return OK if named else NOTHING


def _tone(args: argparse.Namespace, settings: Settings) -> int:
    if args.format == "real":
        return _tone_real(args, settings)
    if args.level != "sentence":
        return _tone_news(args, settings)
    return _tone_model(args)


def _tone_news(args: argparse.Namespace, settings: Settings) -> int:
    from warta.evaluation.tone_news import evaluate
    from warta.tone.evaluation import lines

    if args.format != "warta":
        raise InputError(f"--level {args.level} needs --format warta (articles with their sentences and targets)")
    part = args.part or "held-out"
    report = evaluate(pipeline.build(settings), Path(args.data), part, args.level)
    print(f"{args.data} (pipeline, {args.level}, {part})")
    print("\n".join(lines(report, "pipeline")))
    return OK if report.rows else NOTHING


def _tone_real(args: argparse.Namespace, settings: Settings) -> int:
    from warta.evaluation.tone_news import target_labels
    from warta.evaluation.tone_real import evaluate
    from warta.tone.model import ToneModel

    if args.pages is None and args.pfsa is None:
        raise InputError("nothing to score: give --pages DIR and/or --pfsa FILE")
    model, pipe = ToneModel.load(args.model or None), pipeline.build(settings)
    report = evaluate(
        Path(args.data),
        lambda texts: [t.label for t in model.predict(texts)],
        pages=Path(args.pages) if args.pages else None,
        pfsa_file=Path(args.pfsa) if args.pfsa else None,
        part=args.part or "all",
        predict_targets=lambda pairs: target_labels(pipe, pairs),
    )
    print(report.table())
    return OK


def _tone_model(args: argparse.Namespace) -> int:
    from warta.tone.data import read, select
    from warta.tone.evaluation import lines, score
    from warta.tone.model import ToneModel

    part = args.part or ("held-out" if args.format in ("cnbci", "warta") else "all")
    rows = select(read(Path(args.data), args.format), part)
    if not rows:
        raise InputError(f"{args.data}: no rows in part {part!r}")
    tones = ToneModel.load(args.model or None).predict([r.text for r in rows])
    gold = [r.label for r in rows]
    print(f"{args.data} ({args.format}, {part}): {len(rows)} rows")
    print("\n".join(lines(score(gold, [t.label for t in tones]), "model")))
    if args.baseline:
        print("\n".join(lines(score(gold, _tone_baseline(args.baseline, rows)), "baseline")))
    if args.predictions_out:
        pairs = enumerate(zip(gold, tones, strict=True))
        out = [f"{i}\t{g}\t{t.label}\t{t.score:.3f}\t{t.confidence:.3f}" for i, (g, t) in pairs]
        Path(args.predictions_out).write_text("\n".join(out) + "\n", encoding="utf-8")
    return OK


def _tone_baseline(specs: list[str], rows: list[Row]) -> list[str]:
    from warta.tone import baseline
    from warta.tone.data import read, select
    from warta.tone.training import DataSpec

    train = [r for spec in map(DataSpec.parse, specs) for r in select(read(spec.path, spec.fmt), "train")]
    return baseline.fit_predict(train, [r.text for r in rows])
