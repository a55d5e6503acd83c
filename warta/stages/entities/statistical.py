"""The trained NER model as a recognizer: it proposes persons, organizations, places, products and events
the knowledge base does not know, and the knowledge base and rules give each its fine type.

Disagreement rule: knowledge-base and pattern candidates are resolved first and win every overlap (they
carry evidence the model lacks: codes, titles, cues); the model only fills spans nobody else claimed. Its
coarse label is then typed by evidence: a name the knowledge base knows takes the knowledge base's type
(an ORG "Kemenkes" is a ministry, a LOC "Sleman" a kabupaten); a legal form makes a company; a head word
makes a party, a regional body or an organization; a product (PRD) is a brand unless it has a legal form.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from warta.ids import make_id, normalize_key
from warta.kb import bodies
from warta.kb import regions as kbregions
from warta.model import Span
from warta.ner.crf import SHIPPED, NerModel
from warta.ner.scoring import chunks
from warta.ner.tokens import Token, tokenize
from warta.stages.entities.candidates import Candidate
from warta.stages.entities.events import GENERIC_ACRONYMS
from warta.stages.entities.evidence import is_person
from warta.stages.entities.names import NOT_NAME, RANKS
from warta.stages.entities.organizations import body_id
from warta.stages.entities.persons import named_id
from warta.stages.entities.regions import RegionContext, pick_city, region_candidate

log = logging.getLogger(__name__)
COUNTRIES = frozenset(
    "Indonesia Malaysia Singapura Thailand Filipina Vietnam Brunei Timor Leste Australia Jepang Tiongkok China "
    "Korea India Arab Saudi Amerika Serikat Belanda Inggris Jerman Prancis Rusia Mesir Turki Iran Palestina "
    "Israel Ukraina Kanada".split()
)
_ORG_HEADS = {
    "Partai": "political_party",
    "Dinas": "government_body",
    "Badan": "organization",
    "Universitas": "organization",
    "Institut": "organization",
    "Yayasan": "organization",
}
_LEGAL = ("PT ", "PT. ", "CV ", "CV. ", "Perum ")


@cache
def load_model(folder: str = "") -> NerModel | None:
    """The model in `folder` (default: the shipped one), loaded once; None when absent."""
    path = Path(folder) if folder else SHIPPED
    try:
        return NerModel(path)
    except Exception as exc:  # a missing or broken model must not stop the knowledge-base recognizers
        log.warning("NER model not loaded from %s: %s", path, exc)
        return None


def find_model(
    text: str, sentences: tuple[Span, ...], model: NerModel, ctx: RegionContext, published: str | None
) -> list[Candidate]:
    """Typed candidates for every entity the model tags, sentence by sentence."""
    out: list[Candidate] = []
    counts = _Counts(text)
    for sent in sentences or (Span(0, len(text)),):
        for tokens in _windows(tokenize(text, sent.start, sent.end)):
            tags = model.tag([t.text for t in tokens])
            for first, last, label in sorted(chunks(tags)):
                start, end = tokens[first].start, tokens[last - 1].end
                if _plausible(text, start, end, label, counts, model):
                    cand = _typed(text[start:end], start, end, label, ctx, published)
                    if cand is not None:
                        out.append(cand)
    return out


# Longest run of tokens tagged at once. A longer "sentence" (a list, a table, text without punctuation) is
# tagged in windows of this size: tagging a run costs time and memory that grow faster than its length.
MAX_TOKENS = 150


def _windows(tokens: list[Token]) -> Iterator[list[Token]]:
    """The tokens of a sentence in windows of at most `MAX_TOKENS`."""
    for first in range(0, len(tokens), MAX_TOKENS):
        yield tokens[first : first + MAX_TOKENS]


_WORD = re.compile(r"\w+")


class _Counts:
    """How often a surface, a whole word or a defined acronym occurs in the article, each counted once (the
    model may propose thousands of candidates in a long hostile text)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.surfaces: dict[str, int] = {}
        self.words: Counter[str] | None = None
        self.acronyms: dict[str, bool] = {}

    def surface(self, surface: str) -> int:
        """Occurrences of `surface` anywhere in the text."""
        if surface not in self.surfaces:
            self.surfaces[surface] = self.text.count(surface)
        return self.surfaces[surface]

    def word(self, word: str) -> int:
        """Occurrences of `word` (letters only) as a whole word."""
        if self.words is None:
            self.words = Counter(_WORD.findall(self.text))
        return self.words[word]

    def named_acronym(self, acronym: str) -> bool:
        """Whether the article defines the acronym after a capitalized name (see `_named_acronym`)."""
        if acronym not in self.acronyms:
            self.acronyms[acronym] = _named_acronym(self.text, acronym)
        return self.acronyms[acronym]


_RANKS = re.compile(rf"^(?:{RANKS})$")
_LANGUAGE_LIST = re.compile(r"\b(?:ber)?bahasa\s+(?:[A-Z]\w+(?:,\s*(?:dan\s+)?|\s+dan\s+|\s+))*$")


def _plausible(text: str, start: int, end: int, label: str, counts: _Counts, model: NerModel) -> bool:
    """Evidence rules that keep the model's guesses out where they are most often wrong (measured on the
    demo and held-out sets): short unknown acronyms, ranks, languages; persons need the article's evidence
    (`evidence.is_person`)."""
    surface = text[start:end]
    if _RANKS.match(surface):
        return False
    if surface.isupper() and " " not in surface and not bodies.lookup(surface) and not counts.named_acronym(surface):
        return False  # an acronym neither known nor defined as a name in the article (BPKB, QR, AKP, RDF …)
    if label in ("LOC", "PER") and _LANGUAGE_LIST.search(text[max(0, start - 60) : start]):
        return False  # "berbahasa Inggris, Mandarin, dan Rusia": languages, not countries or persons
    if label != "PER":
        return True
    if any(normalize_key(w) in _region_words() for w in surface.split()):
        return False
    return is_person(text, start, end, counts.word, model)


def _named_acronym(text: str, acronym: str) -> bool:
    """True when the article defines the acronym after a capitalized name: "Universitas Gadjah Mada (UGM)"
    (the word before its first "(ACRONYM)" that follows a word)."""
    for match in re.finditer(rf"\({re.escape(acronym)}\)", text):
        end = match.start()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        start = end
        while start > 0 and _WORD.match(text, start - 1, start):
            start -= 1
        if start < end:
            return text[start].isupper()
    return False


@cache
def _region_words() -> frozenset[str]:
    words = {w for short in kbregions.cities_by_short() for w in short.split()}
    return frozenset(words | {w for name in kbregions.province_names() for w in name.split()})


def _typed(
    surface: str, start: int, end: int, label: str, ctx: RegionContext, published: str | None
) -> Candidate | None:
    if not surface[:1].isupper() or surface.split()[0] in NOT_NAME or _generic(surface):
        return None
    if label == "PER":
        return Candidate(start, end, "person", named_id(surface), surface, "model", 0)
    if label == "LOC":
        return _place(surface, start, end, ctx)
    if label in ("ORG", "PRD"):
        return _organization(surface, start, end, label, published)
    if label == "EVT":
        return Candidate(start, end, "event", make_id("event", normalize_key(surface)), surface, "model", 0)
    return None


GENERIC_NAMES = frozenset(
    {
        "organisasi perangkat daerah",
        "aparatur sipil negara",
        "command center",
        "pegawai negeri sipil",
        "usaha mikro kecil dan menengah",
        "tempat pemungutan suara",
        "badan usaha milik desa",
        "rukun tetangga",
        "rukun warga",
    }
)


def _generic(surface: str) -> bool:
    """A class of things rather than one named thing: "OPD", "Organisasi Perangkat Daerah"."""
    return surface in GENERIC_ACRONYMS or normalize_key(surface) in GENERIC_NAMES


def _place(surface: str, start: int, end: int, ctx: RegionContext) -> Candidate:
    province = kbregions.province_names().get(normalize_key(surface))
    region = province or pick_city(surface, None, ctx)
    if region is not None:
        return region_candidate(region, start, end, surface, "model")
    kind = "country" if surface in COUNTRIES else "place"
    return Candidate(start, end, kind, make_id(kind, normalize_key(surface)), surface, "model", 0)


def _organization(surface: str, start: int, end: int, label: str, published: str | None) -> Candidate:
    known = bodies.lookup(surface)
    if len(known) == 1:
        body = known[0]
        return Candidate(
            start,
            end,
            body.type,
            body_id(body),
            bodies.name_on(body, published),
            "model",
            0,
            kb={"key": body.key, "current_name": body.name},
        )
    if surface.startswith(_LEGAL) or surface.endswith(" Tbk"):
        kind = "company"
    elif label == "PRD":
        kind = "brand"
    else:
        kind = _ORG_HEADS.get(surface.split()[0], "organization")
    return Candidate(start, end, kind, make_id(kind, normalize_key(surface)), surface, "model", 0)
