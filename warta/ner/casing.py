"""How a word is usually written in cased text: mostly capitalized (a name), mostly lowercase, or mixed.
Learned from the cased training corpora, it gives a lowercased text (NERP) back some of the capitalization
cue it lost."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

CASING_FILE = "casing.tsv"


def learn(sentences: Iterable[Sequence[str]], min_count: int = 2) -> dict[str, str]:
    """ "cap", "mixed" or "low" per lowercased word seen at least `min_count` times away from sentence starts."""
    capitalized: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for tokens in sentences:
        for word in tokens[1:]:
            if word.isalpha():
                low = word.lower()
                seen[low] += 1
                capitalized[low] += word[0].isupper()
    out = {}
    for low, n in seen.items():
        if n >= min_count:
            ratio = capitalized[low] / n
            out[low] = "cap" if ratio >= 0.8 else "low" if ratio <= 0.2 else "mixed"
    return out


def save(casing: dict[str, str], folder: Path) -> None:
    """Write `casing.tsv`: word, then its usual case."""
    (folder / CASING_FILE).write_text("".join(f"{w}\t{c}\n" for w, c in sorted(casing.items())), encoding="utf-8")


def load(folder: Path) -> dict[str, str]:
    """The casing table next to a model, or none."""
    path = folder / CASING_FILE
    if not path.is_file():
        return {}
    return dict(line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
