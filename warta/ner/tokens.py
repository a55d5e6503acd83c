"""Tokens of article text with their offsets, split the way the NER corpora are (punctuation apart, dates
and numbers whole)."""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"\w+(?:[-'’./]\w+)*|[^\w\s]")


class Token(NamedTuple):
    """A token and its character span (a named tuple: an article makes thousands)."""

    text: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of `text[start:end]`, with offsets into `text`."""
    stop = len(text) if end is None else end
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, start, stop)]
