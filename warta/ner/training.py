"""`warta train ner` and `warta eval ner`: find the corpora in the folders given, pool them without shared
sentences, train, score, and write the model's provenance next to it."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from warta.errors import InputError
from warta.ner.corpora import SCHEMES, Sentence, decontaminate, read, to_scheme
from warta.ner.crf import NerModel, TrainConfig, train
from warta.ner.folder import PROVENANCE_FILE
from warta.ner.scoring import NerReport

TRAIN_FILES = ("train_preprocess.txt", "train.01.tsv", "train.txt")
DEV_FILES = ("valid_preprocess.txt", "dev.01.tsv", "dev.txt")


@dataclass(frozen=True)
class Corpus:
    """A corpus folder: its scheme and its train and dev files."""

    folder: Path
    scheme: str
    train: Path
    dev: Path | None


def find_corpus(folder: Path) -> Corpus:
    """The corpus in `folder`, its scheme read from the folder's name (nergrit, nerp, nerui, nerugm, idner)."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    name = folder.name.lower()
    scheme = next((s for s in sorted(SCHEMES, key=len, reverse=True) if s in name), None)
    train_file = next((folder / f for f in TRAIN_FILES if (folder / f).is_file()), None)
    if scheme is None or train_file is None:
        raise InputError(
            f"{folder}: not a known NER corpus folder (name must say nergrit, nerp, nerui, nerugm "
            f"or idner, with one of {', '.join(TRAIN_FILES)})"
        )
    dev = next((folder / f for f in DEV_FILES if (folder / f).is_file()), None)
    return Corpus(folder, scheme, train_file, dev)


def build(
    folders: Iterable[Path],
    out: Path,
    config: TrainConfig,
    inference_domain: str | None,
    exclude: Iterable[Path] = (),
) -> dict[str, object]:
    """Train on the corpora in `folders` (dev sentences of every one, and of the `exclude` corpora, removed
    from every train split), score on each dev split, and write the model and its provenance to `out`."""
    corpora = [find_corpus(f) for f in folders]
    others = [find_corpus(f) for f in exclude]
    held = [s for c in corpora + others if c.dev for s in read(c.dev, c.scheme)]
    pooled: list[Sentence] = []
    counts = {}
    for corpus in corpora:
        own = read(corpus.train, corpus.scheme)
        kept = decontaminate(own, held)
        counts[corpus.scheme] = {"train": len(own), "kept": len(kept)}
        pooled.extend(kept)
    start = time.perf_counter()
    train(pooled, out, config)
    seconds = time.perf_counter() - start
    provenance = _provenance(corpora, counts, config, inference_domain, seconds)
    (out / PROVENANCE_FILE).write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n")
    _copy_licenses(corpora, out)
    model = NerModel(out)
    provenance["dev_scores"] = {c.scheme: summary(evaluate(model, c.dev, c.scheme)[0]) for c in corpora if c.dev}
    (out / PROVENANCE_FILE).write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n")
    return provenance


def _provenance(
    corpora: list[Corpus],
    counts: dict[str, dict[str, int]],
    config: TrainConfig,
    inference_domain: str | None,
    seconds: float,
) -> dict[str, object]:
    return {
        "model": "CRFsuite linear-chain CRF (python-crfsuite), L-BFGS",
        "corpora": [
            {
                "scheme": c.scheme,
                "train_file": c.train.name,
                "sentences": counts[c.scheme],
                "source": _source_line(c.folder),
            }
            for c in corpora
        ],
        "decontamination": "train sentences whose normalised text equals a dev sentence of any corpus given "
        "(trained on or excluded) are removed",
        "domains": sorted({c.scheme for c in corpora}) if config.domains else [],
        "inference_domain": inference_domain if config.domains else None,
        "hyperparameters": asdict(config),
        "training_code_commit": _git_commit(),
        "training_seconds": round(seconds, 1),
    }


def _copy_licenses(corpora: list[Corpus], out: Path) -> None:
    """The corpora's license and attribution texts go with the model trained on them (NERGrit, for one,
    asks that its license and contributor list accompany any use)."""
    for corpus in corpora:
        source = corpus.folder / "LICENSE-SOURCE.txt"
        if source.is_file():
            (out / f"LICENSE-{corpus.scheme}.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


def _source_line(folder: Path) -> str:
    license_file = folder / "LICENSE-SOURCE.txt"
    if not license_file.is_file():
        return ""
    lines = [line.strip() for line in license_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return " ".join(lines[1:3])


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent,
        )
    except OSError:
        return None
    return done.stdout.strip() or None


def evaluate(model: NerModel, path: Path, scheme_name: str) -> tuple[NerReport, list[tuple[str, str, str]]]:
    """Score the model on a corpus file in the corpus's own tags; also the (token, gold, predicted) lines."""
    report = NerReport()
    lines: list[tuple[str, str, str]] = []
    for sent in read(path, scheme_name):
        predicted = to_scheme(model.tag(sent.tokens, scheme_name), scheme_name)
        gold = to_scheme(sent.tags, scheme_name)
        report.add(gold, predicted)
        lines.extend(zip(sent.tokens, gold, predicted, strict=True))
        lines.append(("", "", ""))
    return report, lines


def summary(report: NerReport) -> dict[str, object]:
    """Rounded per-type and overall figures, for provenance files and docs."""
    micro = report.micro
    return {
        "micro_f1": round(100 * micro.f1, 2),
        "macro_f1": round(100 * report.macro_f1, 2),
        "per_type_f1": {k: round(100 * t.f1, 2) for k, t in sorted(report.by_type.items())},
    }
