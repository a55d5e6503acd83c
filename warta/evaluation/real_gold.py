"""The gold format of the real-news set (`eval/real/`): annotations of real article pages and PFSA-ID articles,
kept as facts only (names, types, hashed quote openings), never the articles' text (docs/evaluation.md)."""

from __future__ import annotations

import hashlib
import re

OPENING_WORDS = 4
_WORD = re.compile(r"\w+", re.UNICODE)

# The PFSA-ID articles of the set: every ninth article of dev-40.txt from the first (42 articles).
PFSA_NUMBERS = tuple(1 + 9 * k for k in range(42))


def opening_key(quote: str) -> str:
    """A short hash of a quote's first words (lowercased letters and digits only): the gold names a quote by it
    so that no text of the article is stored."""
    words = [w.casefold() for w in _WORD.findall(quote)][:OPENING_WORDS]
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:12]


def held_out_page(file_name: str) -> bool:
    """Whether a news page belongs to the held-out third (file numbers divisible by three)."""
    return int(file_name[:3]) % 3 == 0


def held_out_pfsa(number: int) -> bool:
    """Whether a PFSA-ID article of the set belongs to the held-out third."""
    return PFSA_NUMBERS.index(number) % 3 == 2
