"""Who said each gold statement of a PFSA-ID article, and whether a predicted speaker is that person.

The corpus marks spans, not links, so the gold speaker is read off the spans: the PERSON or PERSONCOREF
span that follows the statement's CUE in the same sentence; for a CUECOREF ("katanya") or no cue, the
most recent PERSON or PERSONCOREF span before the statement. A short mention ("Roland", "dia") stands for
the most recent PERSON span that contains it (for a pronoun: the most recent PERSON span).
"""

from __future__ import annotations

from collections.abc import Iterator

from warta.evaluation.pfsa import Chunk, CorpusArticle, chunks
from warta.ids import normalize_key
from warta.model import Article

_PERSONS = ("PERSON", "PERSONCOREF")
_PRONOUNS = frozenset({"dia", "ia", "beliau"})
_CUE_GAP = 3  # tokens allowed between a statement's end and its cue (", ”" are inside the statement)
_SPEAKER_GAP = 14  # tokens allowed between a cue and the person after it (role and body in between)


def gold_speakers(article: CorpusArticle) -> Iterator[tuple[Chunk, set[str]]]:
    """Each gold STATEMENT with the names (normalized) its speaker goes by; empty when none is marked."""
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
        yield statement, _names(article, persons, speaker) if speaker else set()


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
