"""Word lists learned with the model, used as evidence about names the model proposes.

- Person words (`person_words.txt`): the given names and surnames the NER training corpora tag as persons far
  more often than they use them otherwise; learned by `warta train ner` from the same corpora. Evidence that
  a one-word name ("Suparman", "Yusuf") is a person.
- Common words (`common_words.txt`): words that real news writes in lowercase inside a sentence ("adegan",
  "sate"); learned by `warta train words` from a POS-tagged news corpus (nlp-id's kumparan sentences). A
  capitalized common word ("Salat Tarawih") is no evidence of a name.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from warta.errors import InputError
from warta.ner.casing import load as load_casing
from warta.ner.corpora import Sentence
from warta.ner.folder import PROVENANCE_FILE, SHIPPED

PERSON_WORDS_FILE = "person_words.txt"
COMMON_WORDS_FILE = "common_words.txt"


@dataclass(frozen=True)
class Words:
    """The word lists beside a model: usual casing, person words and common words (all lowercased)."""

    casing: dict[str, str]
    person_words: frozenset[str]
    common_words: frozenset[str]

    def is_common(self, word: str) -> bool:
        """A word of the common vocabulary (lowercased), not a name's."""
        if word in self.person_words:
            return False
        return word in self.common_words or self.casing.get(word) in ("low", "mixed")


def words_in(folder: Path) -> Words:
    """The word lists in a model folder (empty where a list is missing)."""
    return Words(load_casing(folder), load(folder, PERSON_WORDS_FILE), load(folder, COMMON_WORDS_FILE))


@cache
def shipped() -> Words:
    """The word lists beside the shipped model."""
    return words_in(SHIPPED)


def learn_person_words(sentences: Iterable[Sentence], min_count: int = 2, min_share: float = 0.8) -> set[str]:
    """Lowercased words seen at least `min_count` times inside PER spans and in at least `min_share` of all
    their occurrences."""
    inside: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for sent in sentences:
        for token, tag in zip(sent.tokens, sent.tags, strict=True):
            if token.isalpha() and len(token) > 2:
                low = token.lower()
                seen[low] += 1
                inside[low] += tag.endswith("-PER")
    return {w for w, n in inside.items() if n >= min_count and n / seen[w] >= min_share}


def learn_common_words(sentences: Iterable[list[str]], min_count: int = 3, min_share: float = 0.9) -> set[str]:
    """Words written in lowercase in at least `min_share` of their (at least `min_count`) occurrences away
    from a sentence's first word."""
    lower: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for tokens in sentences:
        for word in tokens[1:]:
            if word.isalpha() and len(word) > 2:
                low = word.lower()
                seen[low] += 1
                lower[low] += word == low
    return {w for w, n in lower.items() if seen[w] >= min_count and n / seen[w] >= min_share}


def postag_sentences(path: Path) -> Iterator[list[str]]:
    """The sentences of a `token<TAB>POS` file with blank lines between sentences (nlp-id's format)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the POS-tagged corpus ({exc.__class__.__name__})") from exc
    tokens: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if tokens:
                yield tokens
            tokens = []
            continue
        token, sep, _tag = line.partition("\t")
        if not sep:
            raise InputError(f"{path}:{number}: expected token<TAB>POS, got {line[:60]!r}")
        tokens.append(token)
    if tokens:
        yield tokens


def save(words: set[str], folder: Path, filename: str) -> None:
    """Write a word list, one lowercased word a line."""
    (folder / filename).write_text("".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")


def load(folder: Path, filename: str) -> frozenset[str]:
    """A word list next to a model, or none."""
    path = folder / filename
    if not path.is_file():
        return frozenset()
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def train_common_words(postag: Path, out: Path) -> int:
    """Learn the common words from a POS-tagged corpus into `out` (a model folder) and record where they came
    from in its provenance; returns how many words were written."""
    if not postag.is_file():
        raise InputError(f"{postag}: no such file")
    if not out.is_dir():
        raise InputError(f"{out}: no such model folder")
    words = learn_common_words(postag_sentences(postag))
    save(words, out, COMMON_WORDS_FILE)
    path = out / PROVENANCE_FILE
    provenance = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    provenance["common_words"] = {
        "file": COMMON_WORDS_FILE,
        "source": postag.name,
        "what": "words lowercase in at least 90% of their (at least 3) occurrences after a sentence's first word",
        "words": len(words),
    }
    path.write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(words)
