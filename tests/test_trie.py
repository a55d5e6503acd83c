"""The trie alternation matches exactly what the sorted alternation of the same words matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.trie import TRIE_FROM, alternation, trie

# Surroundings the recognizers put around their alternations: word edges, a lookahead that makes the engine
# back off to a shorter word, and a continuation that only a shorter word leaves room for.
CONTEXTS = (
    r"\b(?P<w>{})(?![\w-])",
    r"\b(?P<w>{})(?:\s+RI\b)?(?![\w-])",
    r"(?<![\w-])(?P<w>{})[A-Z][a-z]\w*",
    r"(?P<w>{})\b(?!\s+Raya\b)",
)


def sorted_alternation(words: list[str], spaces: bool) -> str:
    """The plain form: every word escaped, longest first."""
    escaped = (re.escape(w) for w in sorted(words, key=len, reverse=True))
    return "|".join(e.replace(r"\ ", r"\s+") if spaces else e for e in escaped)


def signature(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group("w")) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("words", "flags", "expected"),
    [
        (["ab", "abc"], {}, "ab(?:c)?"),
        (["Kota", "Kab.", "Kabupaten"], {}, r"K(?:ab(?:\.|upaten)|ota)"),
        (["Jawa", "Jawa Barat"], {"spaces": True}, r"Jawa(?:\s+Barat)?"),
        (["BPS", "Bps", "bpjs"], {"ignorecase": True}, "BP(?:js|S)"),
        ([], {}, ""),
    ],
)
def test_trie_text(words: list[str], flags: dict[str, bool], expected: str) -> None:
    assert trie(words, **flags) == expected


def test_few_words_give_the_sorted_alternation_and_many_their_trie() -> None:
    few = ["Kota", "Kab.", "Kabupaten"]
    assert alternation(few) == r"Kabupaten|Kota|Kab\."
    many = [f"Kab{n:03d}" for n in range(TRIE_FROM)]
    assert alternation(many) == trie(many) != sorted_alternation(many, False)


def test_spaces_need_single_spaced_words() -> None:
    with pytest.raises(ValueError, match="single-spaced"):
        alternation(["Jawa  Barat"], spaces=True)
    with pytest.raises(ValueError, match="single-spaced"):
        trie([" Jawa"], spaces=True)


def test_dotted_and_special_characters_are_literal() -> None:
    pattern = re.compile(rf"(?P<w>{trie(['Kab.', 'a+b', '(x)'])})")
    assert signature(pattern, "Kab. Kabx a+b aab (x)") == [((0, 4), "Kab."), ((10, 13), "a+b"), ((18, 21), "(x)")]


_PIECE = st.text(st.sampled_from(list("abAB-.k")), min_size=1, max_size=4)
# Words as names are: pieces joined by single spaces.
_WORDS = st.lists(st.lists(_PIECE, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    words=_WORDS,
    text=st.text(st.sampled_from(list("abAB -.kZx\t")), max_size=60),
    context=st.sampled_from(CONTEXTS),
    ignorecase=st.booleans(),
    spaces=st.booleans(),
)
def test_trie_matches_what_the_sorted_alternation_matches(
    words: list[str], text: str, context: str, ignorecase: bool, spaces: bool
) -> None:
    flags = re.IGNORECASE if ignorecase else 0
    plain = re.compile(context.format(sorted_alternation(words, spaces)), flags)
    tried = re.compile(context.format(trie(words, ignorecase=ignorecase, spaces=spaces)), flags)
    assert signature(tried, text) == signature(plain, text)


@settings(max_examples=100, deadline=None)
@given(words=_WORDS, data=st.data())
def test_every_word_is_matched_whole(words: list[str], data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(words))
    assert re.fullmatch(trie(words), word)
    assert re.fullmatch(alternation(words), word)
