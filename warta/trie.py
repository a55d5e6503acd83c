"""A regular expression for "any of these words", written as a trie.

The knowledge base's recognizers look for thousands of names in every article. Written as one alternation of
the names sorted longest first (`Kementerian Sosial|Kemensos|…`), Python's `re` tries every name at every
position of the text; written as a trie (`Kemen(?:sos|terian Sosial)|…`), it reads each character once per
branch of the trie. Both match the same strings in the same order of preference: at any position the names
that match lie on one path of the trie, and the trie tries the longer of them first, as the sorted
alternation does, so every match, and what a pattern built around it backtracks into, are the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


class _Node:
    """A trie node: its children by key (the character, lowercased when case is ignored) with the pattern
    text of that character, and whether a word ends here."""

    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, tuple[str, _Node]] = {}
        self.end = False


# Below this many words the plain alternation is written: matching it costs little, and it compiles in half
# the time of the nested trie, which counts for patterns made per article (an article's own names).
TRIE_FROM = 40


def alternation(words: Iterable[str], *, ignorecase: bool = False, spaces: bool = False) -> str:
    """Pattern text (no group around it) matching any of `words` as `"|".join` of them, escaped and sorted
    longest first, does: that very text for fewer than `TRIE_FROM` words, their `trie` for more."""
    unique = list(dict.fromkeys(words))
    if len(unique) >= TRIE_FROM:
        return trie(unique, ignorecase=ignorecase, spaces=spaces)
    escaped = [re.escape(word) for word in sorted(_checked(unique, spaces), key=len, reverse=True)]
    return "|".join(e.replace(r"\ ", r"\s+") for e in escaped) if spaces else "|".join(escaped)


def trie(words: Iterable[str], *, ignorecase: bool = False, spaces: bool = False) -> str:
    """The words as a trie, matching what their sorted alternation matches. `ignorecase`: the pattern is
    compiled with `re.IGNORECASE` (letters that differ only in case share a branch). `spaces`: each space in a
    word matches any run of white space (`\\s+`); the words must then be single-spaced, with no space at either
    end (ValueError otherwise), so that no two of them can match one stretch of text in two ways."""
    root = _Node()
    for word in _checked(words, spaces):
        node = root
        for char in word:
            key = char.lower() if ignorecase else char
            entry = node.children.get(key)
            if entry is None:
                atom = r"\s+" if spaces and char == " " else re.escape(char)
                entry = node.children[key] = (atom, _Node())
            node = entry[1]
        node.end = True
    return _pattern(root)


def _checked(words: Iterable[str], spaces: bool) -> Iterable[str]:
    """The words, each checked to be single-spaced when spaces match white space runs."""
    for word in words:
        if spaces and (word != word.strip(" ") or "  " in word):
            raise ValueError(f"alternation with spaces takes single-spaced words: {word!r}")
        yield word


def _pattern(node: _Node) -> str:
    """The pattern of the words below `node`: its branches in key order (at most one can match at a
    position), optional (greedy: longer first) when a word also ends at `node`."""
    branches = [atom + _pattern(child) for _key, (atom, child) in sorted(node.children.items())]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if node.end else body
