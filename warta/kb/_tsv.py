"""Reading the knowledge base's own TSV files from `warta/kb/data/`.

Format: UTF-8, tab-separated. Lines starting with `#` are comments (the first explains the columns),
the first other line is the header. Inside a cell, `|` separates list items. Empty cells are empty strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Generic, TypeVar

T = TypeVar("T")

_PACKAGE = "warta.kb"
_SPACES = re.compile(r"\s+")


def read_text(filename: str) -> str:
    """The text of a data file under `warta/kb/data/`."""
    return resources.files(_PACKAGE).joinpath("data").joinpath(filename).read_text(encoding="utf-8")


def data_lines(filename: str) -> list[str]:
    """Non-empty, non-comment lines of a data file, without their line ends."""
    lines = (line.rstrip("\r\n") for line in read_text(filename).splitlines())
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def read_rows(filename: str) -> list[dict[str, str]]:
    """Rows of a TSV data file as dicts keyed by the header; missing trailing cells become ''."""
    lines = data_lines(filename)
    if not lines:
        return []
    header = [h.strip() for h in lines[0].split("\t")]
    rows: list[dict[str, str]] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > len(header):
            raise ValueError(f"{filename}: data line {number} has {len(cells)} cells, header {len(header)}")
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def split_list(cell: str) -> tuple[str, ...]:
    """A `|`-separated cell as a tuple of stripped, non-empty items."""
    return tuple(item.strip() for item in cell.split("|") if item.strip())


def fold_initials(text: str) -> str:
    """Single-spaced text with each word's first letter lowercased: the match key of written-out forms."""
    return " ".join(word[:1].lower() + word[1:] for word in _SPACES.split(text.strip()) if word)


def squeeze(text: str) -> str:
    """Text stripped and single-spaced."""
    return _SPACES.sub(" ", text.strip())


class FormIndex(Generic[T]):
    """Items found by their written forms: short forms by exact case, full forms with each word's first
    letter in either case ("kepala dinas" = "Kepala Dinas")."""

    def __init__(self, rows: Iterable[tuple[T, tuple[str, ...]]], forms: Callable[[T], Iterable[str]]) -> None:
        self.exact: dict[str, T] = {}
        self.folded: dict[str, T] = {}
        for item, full in rows:
            for form in forms(item):
                if form in full:
                    self.folded.setdefault(fold_initials(form), item)
                else:
                    self.exact.setdefault(form, item)

    def match(self, text: str) -> T | None:
        """The item one of whose forms `text` is."""
        cleaned = squeeze(text)
        return self.exact.get(cleaned) or self.folded.get(fold_initials(cleaned))
