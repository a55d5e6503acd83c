"""What of a name a pattern read is a person's name: common and unit words read before it, and names that are
a country's or a region's (the patterns read a name as the end of a capitalized run; these words say where it
truly begins, or that there is none)."""

from __future__ import annotations

from dataclasses import replace

from warta.ids import make_id, normalize_key
from warta.kb import regions as kbregions
from warta.kb.lexicons import countries
from warta.ner.lexicons import shipped
from warta.stages.entities.candidates import Candidate
from warta.stages.entities.names import UNIT_WORDS, rank_before
from warta.stages.entities.titles import ends_with_title


def named_id(name: str) -> str:
    """The entity id of a named person."""
    return make_id("person", normalize_key(name))


def without_common_lead(text: str, cand: Candidate) -> Candidate | None:
    """A named person without the common or unit words a pattern read before the name ("Negara Pratikno" after
    "Menteri Sekretaris", "Tindak Pidana Khusus Alexander"); None when nothing of a name is left, or when the
    name is a country's or a region's ("Amerika Serikat menerapkan", "Puncak"). A name that opens a clause
    (after a comma, a line break or a quote mark) or follows a rank or an academic title keeps its words:
    "Bagus Wicaksono", "Teguh Waluyo", "Iptu Bagus Prasetyo Adi"."""
    if not cand.named:
        return cand
    words = cand.name.split()
    lead = 0
    before = text[max(0, cand.start - 60) : cand.start].rstrip(" ")
    known_of = cand.role is not None and cand.role.of_entity is not None  # the phrase before ended at a body
    bounded = known_of or not before or before.endswith((",", "\n", "(", "“", '"')) or ends_with_title(before)
    bounded = bounded or rank_before(text, cand.start, academic=True) < cand.start  # "Iptu Bagus Prasetyo Adi"
    while not bounded and lead < len(words) and (words[lead] in UNIT_WORDS or shipped().is_common(words[lead].lower())):
        lead += 1
    if lead == len(words) or place_name(" ".join(words[lead:])):
        return None
    if not lead:
        return cand
    name = " ".join(words[lead:])
    return (
        replace(cand, start=cand.end - len(name), key=named_id(name), name=name)
        if cand.end - len(name) >= cand.start
        else None
    )


def place_name(name: str) -> bool:
    return (
        name in countries()
        or normalize_key(name) in kbregions.cities_by_short()
        or normalize_key(name) in kbregions.province_names()
    )


def common_words(name: str) -> bool:
    """Whether a word of the name is a common word of the language ("Air", "Tarawih")."""
    words = shipped()
    return any(words.is_common(w.lower()) for w in name.split())
