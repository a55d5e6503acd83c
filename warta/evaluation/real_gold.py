"""The gold format of the real-news set (`eval/real/`): annotations of real article pages and PFSA-ID articles,
kept as facts only (names, types, hashed quote openings), never the articles' text (docs/evaluation.md)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.errors import InputError

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
    """Whether a news page belongs to the held-out third (file numbers divisible by three); `InputError` for a
    name that does not start with the page's three-digit number."""
    if not file_name[:3].isdigit():
        raise InputError(f"{file_name}: a news page's gold file is named NNN-<outlet>.json")
    return int(file_name[:3]) % 3 == 0


def held_out_pfsa(number: int) -> bool:
    """Whether a PFSA-ID article of the set belongs to the held-out third; `InputError` for a number that is
    not one of the set's."""
    if number not in PFSA_NUMBERS:
        raise InputError(f"PFSA-ID article {number} is not one of the set's (every ninth from the first)")
    return PFSA_NUMBERS.index(number) % 3 == 2


# ------------------------------------------------------------------ reading a gold file

GROUPS = ("persons", "role_persons", "organizations", "places", "brands")


@dataclass(frozen=True)
class GoldItem:
    """One annotated person, role-only person, organization, place or brand: its name and every form."""

    name: str
    forms: tuple[str, ...]
    type: str | None = None


@dataclass(frozen=True)
class GoldQuote:
    """A direct quote: the opening key of its first words and its speaker's gold `name` (None: not said)."""

    opening: str
    speaker: str | None


@dataclass(frozen=True)
class GoldArticle:
    """One gold file: where it points, its items per group and its direct quotes in text order."""

    label: str
    source: str
    items: dict[str, tuple[GoldItem, ...]]
    quotes: tuple[GoldQuote, ...]


def read_gold(path: Path, label: str) -> GoldArticle:
    """A gold file (format in eval/real/README.md); `InputError` naming the file when it is not valid."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        items = {group: tuple(_item(entry) for entry in data.get(group, [])) for group in GROUPS}
        quotes = tuple(_quote(entry) for entry in data.get("quotes", []))
        return GoldArticle(label, str(data.get("source", "")), items, quotes)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InputError(f"{path}: not a gold file of eval/real ({exc.__class__.__name__}: {exc})") from exc


def _item(entry: dict[str, Any]) -> GoldItem:
    name = entry["name"]
    if not isinstance(name, str) or not name.strip():
        raise ValueError("an item without a name")
    forms = tuple(str(f) for f in entry.get("forms", []))
    kind = entry.get("type")
    return GoldItem(name, forms, str(kind) if kind is not None else None)


def _quote(entry: dict[str, Any]) -> GoldQuote:
    opening, speaker = entry["opening"], entry.get("speaker")
    if not isinstance(opening, str) or (speaker is not None and not isinstance(speaker, str)):
        raise ValueError("a quote needs a string opening and a string or null speaker")
    return GoldQuote(opening, speaker)
