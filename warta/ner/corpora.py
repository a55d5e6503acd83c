"""The NER corpora Warta learns from and is scored on: readers, each corpus's tags mapped to one coarse
scheme, and removal of sentences shared across corpora.

Coarse scheme: PER, ORG, LOC, PRD (product, brand or company as NERP tags it), EVT, FNB (food and drink),
TIME, QTY. The mapping per corpus is `SCHEMES`; `to_scheme` maps back for scoring in a corpus's own tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warta.errors import InputError


@dataclass(frozen=True)
class Scheme:
    """A corpus's tag set: its own entity labels mapped to coarse ones, and how its files are laid out."""

    name: str
    labels: dict[str, str]
    cased: bool = True
    columns: str = "tab"  # "tab": token<TAB>tag; "space3": token POS tag


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme("nergrit", {"PERSON": "PER", "PLACE": "LOC", "ORGANISATION": "ORG"}),
        Scheme("nerp", {"PPL": "PER", "PLC": "LOC", "IND": "PRD", "EVT": "EVT", "FNB": "FNB"}, cased=False),
        Scheme("nerui", {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}),
        Scheme(
            "nerugm", {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "TIME": "TIME", "QUANTITY": "QTY"}
        ),
        Scheme("idner", {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}, columns="space3"),
    )
}


@dataclass(frozen=True)
class Sentence:
    """Tokens with BIO tags in the coarse scheme, and the corpus they come from."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    corpus: str


def scheme(name: str) -> Scheme:
    """The scheme called `name`, or an InputError listing the known ones."""
    if name not in SCHEMES:
        raise InputError(f"unknown NER scheme {name!r}; use one of {', '.join(SCHEMES)}")
    return SCHEMES[name]


def read(path: Path, scheme_name: str) -> list[Sentence]:
    """Sentences of a corpus file, tags mapped to the coarse scheme (unknown labels become O)."""
    sch = scheme(scheme_name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    return [Sentence(tuple(t), tuple(_coarse(tag, sch) for tag in g), sch.name) for t, g in _blocks(text, sch)]


def _blocks(text: str, sch: Scheme) -> Iterator[tuple[list[str], list[str]]]:
    tokens: list[str] = []
    tags: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            if tokens:
                yield tokens, tags
            tokens, tags = [], []
            continue
        token, tag = _columns(line, sch)
        tokens.append(token)
        tags.append(tag)
    if tokens:
        yield tokens, tags


def _columns(line: str, sch: Scheme) -> tuple[str, str]:
    if sch.columns == "space3":
        parts = line.split()
        return parts[0], parts[-1]
    token, _, tag = line.rpartition("\t")  # NERP keeps some multi-word units as one token with a space
    return token.replace(" ", "_") or tag, tag.strip() or "O"


def _coarse(tag: str, sch: Scheme) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, _, label = tag.partition("-")
    coarse = sch.labels.get(label)
    return f"{prefix}-{coarse}" if coarse and prefix in ("B", "I") else "O"


def to_scheme(tags: Iterable[str], scheme_name: str) -> list[str]:
    """Coarse tags mapped back to a corpus's own labels; labels the corpus does not have become O."""
    back = {coarse: own for own, coarse in scheme(scheme_name).labels.items()}
    out = []
    for tag in tags:
        prefix, _, label = tag.partition("-")
        own = back.get(label)
        out.append(f"{prefix}-{own}" if own else "O")
    return out


_NON_WORD = re.compile(r"\W+")


def sentence_key(tokens: Iterable[str]) -> str:
    """A sentence's normalised text, for finding the same sentence in two corpora."""
    return _NON_WORD.sub("", "".join(tokens).lower())


def decontaminate(train: list[Sentence], held: Iterable[Sentence]) -> list[Sentence]:
    """Training sentences whose text is not also a held-out (dev or test) sentence of any corpus."""
    banned = {sentence_key(s.tokens) for s in held}
    return [s for s in train if sentence_key(s.tokens) not in banned]
