"""Bodies the knowledge base does not know, read from the roles persons are given: "Direktur Eksekutif Lokataru
Haris Azhar", "Koordinator Komite Pemilih Indonesia (Tepi) Jeirry Sumampow". The words between a title and the
holder's name name the body the title is of; when no known body or region claims them, they are an
organization (typed as the model's organizations are: legal form, head word, cue)."""

from __future__ import annotations

import re

from warta.ner.lexicons import shipped
from warta.stages.entities.candidates import Candidate
from warta.stages.entities.names import NOT_NAME, unit_like
from warta.stages.entities.statistical import organization_candidate
from warta.stages.entities.titles import title_pattern

_WORDS = re.compile(r"[\w'’&.-]+")


def role_bodies(text: str, persons: list[Candidate], published: str | None) -> list[Candidate]:
    """An organization candidate for each role's body that names no known entity, found in the text before
    its holder."""
    out = []
    for person in persons:
        role = person.role
        if role is None or role.of is None or role.of_entity is not None or not _body_like(role.of):
            continue
        at = text.rfind(role.of, max(0, person.start - 200), person.end)
        if at >= 0:
            end = _without_name_words(text, at, at + len(role.of))
            out.append(organization_candidate(text, at, end, published))
    return out


def _without_name_words(text: str, start: int, end: int) -> int:
    """Where a body's name ends once the name words it took from its holder's name are left out ("Universitas
    Lambung Mangkurat Muhammad" before "Handry Imansyah")."""
    words = list(_WORDS.finditer(text, start, end))
    person_words = shipped().person_words
    while len(words) > 1 and (words[-1].group(0).lower() in person_words or len(words[-1].group(0)) == 1):
        words.pop()
    return words[-1].end()


def _body_like(name: str) -> bool:
    """A name that can be a body's: capitalized words with no title in it, not opening with a word that stops
    names ("Nasional …"), and not a single common word or field noun."""
    words = _WORDS.findall(name)
    if not words or not all(w[0].isupper() or w in ("dan", "untuk", "of", "for", "and", "the") for w in words):
        return False
    if title_pattern().search(name) or (words[0] in NOT_NAME and words[0] not in _BODY_WORDS):
        return False
    if len(words) == 1:
        return not unit_like(words[0]) and not shipped().is_common(words[0].lower())
    return True


_BODY_WORDS = frozenset(
    {"Indonesia", "Komisi", "Forum", "Komunitas", "Paguyuban", "Kelompok", "Yayasan", "Pusat", "Partai"}
)
