"""Word lists and type lists kept once: the speech words in `kb/data/speech.tsv`, the entity types in
`warta/types.py`; no module restates them, and the person recognizer and the quote finder hear the same speech."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from warta import pipeline, types
from warta.kb import lexicons
from warta.kb._tsv import read_rows
from warta.model import Raw
from warta.settings import Settings
from warta.stages.entities import evidence, persons
from warta.stages.entities.events import find_defined
from warta.stages.entities.names import PLACE_NOUNS
from warta.stages.quotes import finder, forms

_SOURCES = sorted((ROOT / "warta").rglob("*.py"))
_WORD = re.compile(r"[a-z_]+")


def _literal_groups(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Every string constant's words, and every tuple, list or set of string constants, with its line
    (docstrings and comments aside: they may give examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prose = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            yield node.lineno, _WORD.findall(node.value)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            yield node.lineno, items


def _copies(words: frozenset[str], at_least: int, skip: tuple[str, ...] = ()) -> list[str]:
    """Places in warta/ whose literals hold `at_least` of `words`: restated copies of a list kept elsewhere."""
    found = []
    for path in _SOURCES:
        name = path.relative_to(ROOT).as_posix()
        if name in skip:
            continue
        for line, items in _literal_groups(path):
            hits = sorted(set(items) & words)
            if len(hits) >= at_least:
                found.append(f"{name}:{line}: {hits}")
    return found


def test_speech_words_are_listed_only_in_the_data_file() -> None:
    words = frozenset(lexicons.speech_words("cue") + lexicons.speech_words("verb"))
    assert _copies(words, at_least=3) == []


def test_entity_types_are_listed_only_in_types_py() -> None:
    assert _copies(frozenset(types.TYPE_NAMES), at_least=3, skip=("warta/types.py",)) == []


def test_speech_file_lists_each_word_once_with_a_known_kind() -> None:
    rows = read_rows("speech.tsv")
    words = [row["word"] for row in rows]
    assert len(words) == len(set(words))
    assert {row["kind"] for row in rows} == {"cue", "verb"}
    assert all(w == w.lower() and w.isalpha() for w in words)


def test_stages_use_the_lexicons_own_patterns() -> None:
    cues, verbs = lexicons.speech_pattern("cue"), lexicons.speech_pattern("verb")
    assert persons.CUES is cues and forms.CUE_WORDS is cues
    assert persons.SPEECH_VERBS is verbs and forms.INDIRECT_VERBS is verbs and finder.INDIRECT_VERBS is verbs
    assert cues in evidence._before().pattern and verbs in evidence._VERB_AFTER.pattern


def test_speech_pattern_prefers_the_longest_word() -> None:
    verbs = lexicons.speech_words("verb")
    assert verbs.index("mengungkapkan") < verbs.index("mengungkap")
    assert re.match(f"(?:{lexicons.speech_pattern('verb')})", "menyebutkan")[0] == "menyebutkan"  # type: ignore[index]


@pytest.fixture(scope="module")
def rules_only() -> pipeline.Pipeline:
    """The pipeline without the statistical model: what the rules alone recognize."""
    return pipeline.build(Settings(ner_model="none"))


_LEAD = "Warga Desa Sukamaju berkumpul di balai desa pada Senin pagi.\n\n"


_SAID = "jalan desa akan selesai tahun depan"


@pytest.mark.parametrize(
    "text",
    [f"Sementara itu, Joko Susanto {verb} bahwa {_SAID}." for verb in lexicons.speech_words("verb")]
    + [f"“{_SAID.capitalize()},” {cue} Joko Susanto." for cue in lexicons.speech_words("cue")],
)
def test_every_speech_word_gives_both_the_speaker_and_the_quote(rules_only: pipeline.Pipeline, text: str) -> None:
    article = rules_only.run(Raw(content=(_LEAD + text).encode(), format="text", origin="speech"))
    assert [m.text for m in article.mentions if m.type == "person"] == ["Joko Susanto"]
    speaker = next(e.id for e in article.entities if e.name == "Joko Susanto")
    assert [q.speaker for q in article.quotes] == [speaker]


def test_place_nouns_are_the_facility_heads_that_do_not_end_names() -> None:
    heads = lexicons.facility_heads()
    assert {"Masjid", "Sungai", "Bandara", "Kawasan"} <= PLACE_NOUNS
    assert heads["Hotel"].trails and "Hotel" not in PLACE_NOUNS
    assert not any(" " in noun for noun in PLACE_NOUNS)


def test_a_person_after_a_hotel_name_is_found(rules_only: pipeline.Pipeline) -> None:
    text = "General Manager Santika Hotel Indra Muaz mengatakan, tamu hotel mulai bertambah pekan ini."
    article = rules_only.run(Raw(content=(_LEAD + text).encode(), format="text", origin="hotel"))
    assert "Indra Muaz" in {m.text for m in article.mentions if m.type == "person"}


@pytest.mark.parametrize(
    "text",
    [
        "Investasi di Kawasan Ekonomi Khusus (KEK) Mandalika naik.",
        "Balapan digelar di Sirkuit Internasional Mandalika (SIM) pekan depan.",
    ],
)
def test_a_defined_name_opened_by_a_facility_head_is_a_place(text: str) -> None:
    assert [c.type for c in find_defined(text, [])] == ["place"]
