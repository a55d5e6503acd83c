"""Tone data sets as (text, label) rows: the formats `warta train tone` and `warta eval tone` read.

- `smsa`: `text<TAB>label` lines (SmSA, IndoNLU);
- `nusax`: CSV with `id,text,label` (NusaX-senti);
- `cnbci`: CSV with `judul,tanggal,sentimen` (CNBC Indonesia headlines). A deterministic fifth is held out:
  the rows whose normalised headline hashes (SHA-256, first byte) to 0 modulo 5. Training never reads it;
  evaluation scores only it unless asked otherwise;
- `warta`: JSON Lines `{"text", "label", "part"}`, the team's own news-tone set. Only rows whose `part` is
  `train` are trained on; a row without a part counts as held out.

Labels are normalised to `positif | negatif | netral`.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warta.errors import InputError
from warta.types import TONES

LABELS = TONES
FORMATS = ("smsa", "nusax", "cnbci", "warta")
PARTS = ("train", "held-out", "all")
_ALIASES = {
    "positive": "positif",
    "positif": "positif",
    "pos": "positif",
    "negative": "negatif",
    "negatif": "negatif",
    "neg": "negatif",
    "neutral": "netral",
    "netral": "netral",
}


@dataclass(frozen=True)
class Row:
    """One labelled text and the part it belongs to (`train` or `held-out`)."""

    text: str
    label: str
    part: str


def normalise_label(raw: str, where: str) -> str:
    """`positive`/`negative`/`neutral` (any case) and the Indonesian names → positif/negatif/netral."""
    label = _ALIASES.get(raw.strip().lower())
    if label is None:
        raise InputError(f"{where}: unknown tone label {raw!r} (expected positive/negative/neutral)")
    return label


def cnbci_part(headline: str) -> str:
    """`held-out` for the fifth of headlines whose normalised text hashes to 0 modulo 5, else `train`."""
    key = " ".join(headline.lower().split()).encode("utf-8")
    return "held-out" if hashlib.sha256(key).digest()[0] % 5 == 0 else "train"


def read(path: Path, fmt: str) -> list[Row]:
    """Every row of a data file in the given format."""
    if fmt not in FORMATS:
        raise InputError(f"unknown tone data format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        rows = list(_READERS[fmt](path))
    except (UnicodeDecodeError, csv.Error, ValueError) as exc:
        raise InputError(f"{path}: cannot read as {fmt}: {exc}") from exc
    if not rows:
        raise InputError(f"{path}: no labelled rows in {fmt} format")
    return rows


def select(rows: list[Row], part: str) -> list[Row]:
    """The rows of one part (`all` keeps every row)."""
    return rows if part == "all" else [r for r in rows if r.part == part]


def _smsa(path: Path) -> Iterator[Row]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        if not sep:
            raise InputError(f"{path}:{number}: expected text<TAB>label")
        yield Row(text, normalise_label(label, f"{path}:{number}"), "train")


def _csv_rows(path: Path, text_field: str, label_field: str) -> Iterator[tuple[int, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {text_field, label_field} - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"{path}: missing CSV column(s) {', '.join(sorted(missing))}")
        for number, record in enumerate(reader, 2):
            yield number, record[text_field] or "", record[label_field] or ""


def _nusax(path: Path) -> Iterator[Row]:
    for number, text, label in _csv_rows(path, "text", "label"):
        yield Row(text, normalise_label(label, f"{path}:{number}"), "train")


def _cnbci(path: Path) -> Iterator[Row]:
    for number, text, label in _csv_rows(path, "judul", "sentimen"):
        yield Row(text, normalise_label(label, f"{path}:{number}"), cnbci_part(text))


def _warta(path: Path) -> Iterator[Row]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f"{path}:{number}: expected a JSON object with a text and a label")
        part = "train" if record.get("part") == "train" else "held-out"
        yield Row(record["text"], normalise_label(str(record.get("label", "")), f"{path}:{number}"), part)


_READERS = {"smsa": _smsa, "nusax": _nusax, "cnbci": _cnbci, "warta": _warta}
