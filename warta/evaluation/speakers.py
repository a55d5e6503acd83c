"""Who said each gold statement of a PFSA-ID article, and whether a predicted speaker is that person.

The corpus marks spans, not links, so the gold speaker is read off the spans: the PERSON or PERSONCOREF
span that follows the statement's CUE in the same sentence; for a CUECOREF ("katanya") or no cue, the
most recent PERSON or PERSONCOREF span before the statement. A short mention ("Roland", "dia") stands for
the most recent PERSON span that contains it (for a pronoun: the most recent PERSON span).

Two measures of whether a predicted speaker is the gold one: lenient (`names_match`: one of the predicted
speaker's names equals or contains a gold name word for word) and strict (`strict_key`: the predicted speaker
entity's canonical name equals the gold person's full name once ranks, titles, honorifics and degrees are
dropped from both, so "Rahmawati" for "Siti Rahmawati Lubis" is wrong).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from warta.evaluation.pfsa import Chunk, CorpusArticle, chunks
from warta.ids import normalize_key
from warta.kb import roles
from warta.model import Article
from warta.stages.entities.names import HONORIFICS, PREFIX_WORDS, RANK_WORDS, RANKS

_PERSONS = ("PERSON", "PERSONCOREF")
_PRONOUNS = frozenset({"dia", "ia", "beliau"})
_CUE_GAP = 3  # tokens allowed between a statement's end and its cue (", ”" are inside the statement)
_SPEAKER_GAP = 14  # tokens allowed between a cue and the person after it (role and body in between)


@dataclass(frozen=True)
class GoldStatement:
    """A gold STATEMENT, the names (normalized) its speaker goes by (empty when none is marked), and the
    speaker's full name as a `strict_key` (None when none is marked or the corpus gives no full name)."""

    statement: Chunk
    names: frozenset[str]
    full: str | None


def gold_speakers(article: CorpusArticle) -> Iterator[tuple[Chunk, set[str]]]:
    """Each gold STATEMENT with the names (normalized) its speaker goes by; empty when none is marked."""
    for gold in gold_statements(article):
        yield gold.statement, set(gold.names)


def gold_statements(article: CorpusArticle) -> Iterator[GoldStatement]:
    """Each gold STATEMENT with its speaker's names and full name."""
    found = sorted(chunks(article.tags))
    persons = [c for c in found if c[2] in _PERSONS]
    cues = [c for c in found if c[2] in ("CUE", "CUECOREF")]
    for statement in (c for c in found if c[2] == "STATEMENT"):
        cue = next((c for c in cues if 0 <= c[0] - statement[1] <= _CUE_GAP), None)
        speaker = None
        if cue is not None and cue[2] == "CUE":
            speaker = next((p for p in persons if 0 <= p[0] - cue[1] <= _SPEAKER_GAP), None)
        if speaker is None:
            speaker = next((p for p in reversed(persons) if p[1] <= statement[0]), None)
        if speaker is None:
            yield GoldStatement(statement, frozenset(), None)
            continue
        full = _full_name(article, found, speaker)
        names = frozenset(_names(article, persons, speaker))
        yield GoldStatement(statement, names, strict_key(_text(article, full)) if full else None)


def _full_name(article: CorpusArticle, found: list[Chunk], mention: Chunk) -> Chunk | None:
    """The PERSON span that gives the full name of the person a speaker mention stands for: another PERSON
    span holding the mention's words (its own words, or those of the ROLE written next to it: "Presiden" for
    "Presiden Joko Widodo"), the most recent before the mention, else the first after it; for a pronoun the most
    recent PERSON span; else the mention itself when it is a PERSON span; else None (the corpus does not say)."""
    words = set(strict_key(_text(article, mention)).split())
    persons = [c for c in found if c[2] == "PERSON" and c != mention]
    if words <= _PRONOUNS:
        return next((p for p in reversed(persons) if p[0] < mention[0]), None)
    role_chunks = [c for c in found if c[2] == "ROLE"]

    def holds(person: Chunk) -> bool:
        own = set(strict_key(_text(article, person)).split())
        if mention[2] == "PERSON":
            return words < own
        beside = {w for r in role_chunks if _beside(r, person) for w in name_key(_text(article, r)).split()}
        return words <= own or (bool(words) and words <= beside)

    before = [p for p in persons if p[0] < mention[0] and holds(p)]
    after = [p for p in persons if p[0] > mention[0] and holds(p)]
    if before or after:
        return before[-1] if before else after[0]
    return mention if mention[2] == "PERSON" else None


def _beside(role: Chunk, person: Chunk) -> bool:
    """Whether a ROLE span is written right before a PERSON span or in apposition right after it."""
    return 0 <= person[0] - role[1] <= 1 or 0 <= role[0] - person[1] <= 2


def _names(article: CorpusArticle, persons: list[Chunk], mention: Chunk) -> set[str]:
    surface = _text(article, mention)
    names = {normalize_key(surface)}
    if mention[2] == "PERSONCOREF":
        words = set(surface.lower().split())
        full = [
            p
            for p in persons
            if p[2] == "PERSON"
            and p[0] < mention[0]
            and (words <= set(_text(article, p).lower().split()) or words <= _PRONOUNS)
        ]
        if full:
            names.add(normalize_key(_text(article, full[-1])))
    return names


def _text(article: CorpusArticle, chunk: Chunk) -> str:
    return " ".join(article.tokens[chunk[0] : chunk[1]])


def predicted_names(article: Article, entity_id: str | None) -> set[str]:
    """The names (normalized) a predicted speaker goes by: its name, aliases and mention surfaces."""
    entity = article.entity(entity_id) if entity_id else None
    if entity is None:
        return set()
    surfaces = [m.text for m in article.mentions if m.entity == entity.id]
    return {normalize_key(n) for n in (entity.name, *entity.aliases, *surfaces)}


def names_match(gold: set[str], predicted: set[str]) -> bool:
    """True when a predicted name equals a gold name or one contains the other word for word."""
    for g in gold:
        for p in predicted:
            if g == p or _contains(g, p) or _contains(p, g):
                return True
    return False


def _contains(longer: str, shorter: str) -> bool:
    return f" {shorter} " in f" {longer} " and bool(shorter)


# Titles the corpus keeps inside PERSON spans and the pipeline may keep in a name, dropped before a strict
# comparison: ranks (names.RANKS, names.RANK_WORDS) with their corps ("Brigjen (Pol)", "Letnan Kolonel Inf",
# "Letjen TNI (Purn)"), academic, religious and traditional titles (names.PREFIX_WORDS: "dr", "Prof", "KH",
# "Raden"; "dokter gigi"), and honorifics.
_ACADEMIC = "|".join(sorted(PREFIX_WORDS, key=len, reverse=True)) + r"|dokter(?:\s+gigi)?"
_HONORIFIC = "|".join(re.escape(h.rstrip(".")) for h in HONORIFICS)
_CORPS = r"\(\s*[A-Za-z.]{1,6}\s*\)|(?:Pol|Polisi|Inf|Czi|Arh|Kav|Cpm|Laut|Mar|TNI|Purn)\b"
_LEADING_TITLES = re.compile(rf"^(?:(?:{RANK_WORDS}|{RANKS}|{_ACADEMIC}|{_HONORIFIC})\.?\s+(?:(?:{_CORPS})\.?\s+)*)+")
_ACTING = frozenset(p.rstrip(".") for p in roles.prefixes())
_TITLE_WORDS = 5  # the longest position title tried before a name
_APOSTROPHES = re.compile(r"['’‘`]")
_NON_WORD = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """A name compared as text: casefolded, accents and punctuation dropped, whitespace collapsed."""
    plain = _APOSTROPHES.sub("", normalize_key(name).casefold())
    return " ".join(_NON_WORD.sub(" ", plain).split())


def strip_titles(name: str) -> str:
    """A person's name without the ranks, position titles (the knowledge base's, with acting prefixes) and
    honorifics written before it and the degrees written after a comma ("Komisaris Besar Yusri Yunus",
    "Menpora Zainuddin Amali", "dr. Widji Lestariono, M.Kes" lose them); a name that is nothing but titles
    is kept whole."""
    bare = " ".join(name.split(",")[0].split())
    rest = bare
    while True:
        match = _LEADING_TITLES.match(rest + " ")
        words = rest[match.end() :].split() if match else rest.split()
        words = _without_position(words)
        stripped = " ".join(words)
        if stripped == rest:
            break
        rest = stripped
    return rest or bare or name


def _without_position(words: list[str]) -> list[str]:
    """Words without a leading position title or acting prefix, when a name follows it."""
    for size in range(min(_TITLE_WORDS, len(words) - 1), 0, -1):
        head = " ".join(words[:size])
        if head.rstrip(".") in _ACTING or roles.match_title(head) is not None:
            return words[size:]
    return words


def strict_key(name: str) -> str:
    """The key two person names must share to be the same name under the strict speaker score."""
    return name_key(strip_titles(name))
