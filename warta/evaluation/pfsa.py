"""The PFSA-ID corpus format: `token<TAB>BILOU tag`, a blank line between sentences, an article starting at
the sentence that holds its ISSUE span (the lead). Reading gives articles of tokens with gold chunks; the
tokens are joined back into text the way Indonesian news prints it, with each token's character offsets,
so the pipeline's stand-off output can be laid back onto the corpus's tokens.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from warta.errors import InputError

Chunk = tuple[int, int, str]  # (first token, token after the last, label)

_NO_SPACE_BEFORE = frozenset(",.;:?!)]%")
_NO_SPACE_AFTER = frozenset("([")
_JOINERS = frozenset("-/")
_QUOTE_MARKS = frozenset('“”"')


@dataclass(frozen=True)
class Sentence:
    """One corpus sentence: tokens and their BILOU tags."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class CorpusArticle:
    """One article: its tokens and gold tags in order, and where each sentence starts."""

    number: int
    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    sentence_starts: tuple[int, ...]


@dataclass(frozen=True)
class Rendered:
    """An article's tokens joined into text, with each token's `[start, end)` in it."""

    text: str
    offsets: tuple[tuple[int, int], ...]


def read(path: Path) -> list[CorpusArticle]:
    """The articles of a PFSA-ID file; `InputError` when the file is missing or not in the format."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the corpus ({exc.__class__.__name__})") from exc
    sentences = list(_sentences(lines, path))
    if not sentences:
        raise InputError(f"{path}: no tagged sentences; expected token<TAB>tag lines")
    return _articles(sentences)


def _sentences(lines: Sequence[str], path: Path) -> Iterator[Sentence]:
    tokens: list[str] = []
    tags: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if tokens:
                yield Sentence(tuple(tokens), tuple(tags))
                tokens, tags = [], []
            continue
        token, sep, tag = line.rpartition("\t")
        if not sep or not token or not _is_tag(tag):
            raise InputError(f"{path}:{number}: expected token<TAB>BILOU tag, got {line[:60]!r}")
        tokens.append(token)
        tags.append(tag)
    if tokens:
        yield Sentence(tuple(tokens), tuple(tags))


def _is_tag(tag: str) -> bool:
    return tag == "O" or (len(tag) > 2 and tag[0] in "BILU" and tag[1] == "-")


def _articles(sentences: list[Sentence]) -> list[CorpusArticle]:
    groups: list[list[Sentence]] = []
    for sentence in sentences:
        opens = any(t in ("B-ISSUE", "U-ISSUE") for t in sentence.tags)
        if opens or not groups:
            groups.append([])
        groups[-1].append(sentence)
    articles = []
    for number, group in enumerate(groups, 1):
        starts: list[int] = []
        tokens: list[str] = []
        tags: list[str] = []
        for sentence in group:
            starts.append(len(tokens))
            tokens.extend(sentence.tokens)
            tags.extend(sentence.tags)
        articles.append(CorpusArticle(number, tuple(tokens), tuple(tags), tuple(starts)))
    return articles


def chunks(tags: Sequence[str]) -> set[Chunk]:
    """Every labelled chunk of a BILOU sequence with seqeval's default semantics (B and U open a chunk, I
    and L continue one of the same label, L and U close it; an I or L after another label opens one)."""
    found: set[Chunk] = set()
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix in ("I", "L") and kind == label and start >= 0
        if start >= 0 and not continues:
            found.add((start, i, label))
            start, label = -1, ""
        if prefix in ("B", "U", "I", "L") and not continues:
            start, label = i, kind
        if prefix in ("L", "U") and start >= 0:
            found.add((start, i + 1, label))
            start, label = -1, ""
    return found


def render(article: CorpusArticle) -> Rendered:
    """The article as printed text: punctuation attached, quote marks attached to the words they enclose
    (a ” opens when no quote is open, as in outlets that print ” on both sides), one paragraph per sentence
    except inside an open quote, which keeps its sentences in one paragraph. An opening mark the corpus
    leaves at the end of a sentence starts the next paragraph."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    open_quote = False
    glue_next = False
    starts = set(article.sentence_starts)
    for i, token in enumerate(article.tokens):
        was_open = open_quote
        opening = token in _QUOTE_MARKS and _opens(article, i, open_quote)
        if token in _QUOTE_MARKS:
            open_quote = opening
        if not parts:
            sep = ""
        elif opening and (i + 1 in starts or i + 1 == len(article.tokens)):
            sep = "\n\n"  # the mark opens the quote that the next sentence starts
        elif i in starts:
            sep = "" if glue_next else (" " if was_open else "\n\n")
        else:
            sep = _separator(token, glue_next, opening)
        parts.append(sep)
        parts.append(token)
        length += len(sep)
        offsets.append((length, length + len(token)))
        length += len(token)
        glue_next = opening or token in _NO_SPACE_AFTER or token in _JOINERS
    return Rendered("".join(parts), tuple(offsets))


def _separator(token: str, glue_next: bool, opening: bool) -> str:
    if glue_next:
        return ""
    if token in _QUOTE_MARKS and not opening:
        return ""
    if token in _NO_SPACE_BEFORE or token in _JOINERS:
        return ""
    return " "


def _opens(article: CorpusArticle, i: int, open_quote: bool) -> bool:
    """Whether the quote mark at token `i` opens a quote: “ always; a ” left at the end of a sentence after
    its full stop opens the next one; a ” before a lowercase word (the cue) closes; else by parity."""
    tokens = article.tokens
    if tokens[i] == "“":
        return True
    before = tokens[i - 1] if i else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if i + 1 in article.sentence_starts and before in (".", "?", "!"):
        return True
    if before == "," or (after[:1].islower() and before in (".", "?", "!")):
        return False
    return not open_quote
