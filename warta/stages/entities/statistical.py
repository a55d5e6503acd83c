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
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from warta.ids import make_id, normalize_key
from warta.kb import bodies
from warta.kb import regions as kbregions
from warta.model import Span
from warta.ner.crf import NerModel, Tagged
from warta.ner.folder import SHIPPED
from warta.ner.scoring import chunks
from warta.ner.tokens import Token, tokenize
from warta.stages.entities.candidates import Candidate
from warta.stages.entities.coordination import coordinated_end
from warta.stages.entities.events import GENERIC_ACRONYMS
from warta.stages.entities.evidence import is_person
from warta.stages.entities.name_words import named_id
from warta.stages.entities.names import NOT_NAME, RANKS
from warta.stages.entities.organizations import body_id
from warta.stages.entities.places import (
    LANGUAGE_LIST,
    country,
    country_named,
    facility,
    facility_kind,
    inside_name,
)
from warta.stages.entities.products import company_word, cue_before, firm_type
from warta.stages.entities.regions import RegionContext, pick_city, region_candidate
from warta.stages.entities.titles import drop_acronyms

log = logging.getLogger(__name__)
_ORG_HEADS = {
    "Partai": "political_party",
    "Dinas": "government_body",
    "Badan": "organization",
    "Universitas": "organization",
    "Institut": "organization",
    "Yayasan": "organization",
    "Komunitas": "organization",
    "Klub": "organization",
    "Forum": "organization",
    "Paguyuban": "organization",
    "Koperasi": "organization",
    "Tim": "organization",
    "Timnas": "organization",
    "Sekolah": "organization",
    "SD": "organization",
    "SMP": "organization",
    "SMA": "organization",
    "SMK": "organization",
    "MTs": "organization",
    "Pesantren": "organization",
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


@dataclass
class ModelFound:
    """What the model proposes: the typed candidates kept by the evidence rules, and every person span it tags
    (kept or not: where a person's name begins is evidence for the patterns too)."""

    candidates: list[Candidate] = field(default_factory=list)
    persons: list[Candidate] = field(default_factory=list)


def find_model(
    text: str, sentences: tuple[Span, ...], model: NerModel, ctx: RegionContext, published: str | None
) -> ModelFound:
    """Typed candidates for every entity the model tags, sentence by sentence."""
    out = ModelFound()
    counts = _Counts(text)
    windows = [w for sent in sentences or (Span(0, len(text)),) for w in _windows(tokenize(text, sent.start, sent.end))]
    tagged = model.tag_all([[t.text for t in tokens] for tokens in windows])
    for number, tokens in enumerate(windows):
        for start, end, label, sure in _spans(text, tokens, tagged, number):
            if label == "PER":
                out.persons.append(
                    Candidate(start, end, "person", named_id(text[start:end]), text[start:end], "model", 0)
                )
            if _plausible(text, start, end, label, counts, model, sure):
                cand = _typed(text, start, end, label, ctx, published)
                if cand is not None:
                    out.candidates.append(cand)
    return out


_PAIR = re.compile(r"(?<=[a-z]{3})-(?=[A-Z])")


def _spans(text: str, tokens: list[Token], tagged: Tagged, number: int) -> Iterator[tuple[int, int, str, bool]]:
    """Character spans of the model's chunks with whether the model is sure of a person (every token's
    marginal at least `SURE`); a pair of persons joined by a hyphen is split in two ("Danang Wicaksana
    Sulistya-Agus Choliq": a candidate pair in an election)."""
    for first, last, label in sorted(chunks(tagged.tags[number])):
        start, end = balanced(text, tokens[first].start, tokens[last - 1].end)
        if start >= end:
            continue
        if label != "PER":
            yield start, end, label, False
            continue
        sure = tagged.confidence(number, first, last) >= SURE
        for part in _PAIR.split(text[start:end]):
            yield start, start + len(part), label, sure
            start += len(part) + 1


def balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """A span whose parentheses pair up. A chunk the model ends inside a parenthesis ("Organisasi Perangkat
    Daerah (OPD" before ")") takes in the closing one when it follows, else stops before the opening one; a
    chunk that begins inside one ("OPD) Kabupaten …") starts after it."""
    close = text.find(")", start, end)
    if close != -1 and "(" not in text[start:close]:
        start = close + 1
        while start < end and text[start].isspace():
            start += 1
    opened = text.rfind("(", start, end)
    if opened != -1 and ")" not in text[opened:end]:
        after = end
        while after < len(text) and text[after] == " ":
            after += 1
        if text[after : after + 1] == ")" and opened + 1 < end:
            return start, after + 1
        end = opened
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


# How sure the model must be of a one-word person the article gives no other evidence for.
SURE = 0.9


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
_LANGUAGE_LIST = LANGUAGE_LIST


def _plausible(text: str, start: int, end: int, label: str, counts: _Counts, model: NerModel, sure: bool) -> bool:
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
    return is_person(text, start, end, counts.word, model.words, sure)


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


def _typed(text: str, start: int, end: int, label: str, ctx: RegionContext, published: str | None) -> Candidate | None:
    surface = text[start:end]
    if not surface[:1].isupper() or _generic(surface):
        return None
    if label == "PER":
        if surface.split()[0] in NOT_NAME:
            return None
        return Candidate(start, end, "person", named_id(surface), surface, "model", 0)
    if surface.split()[0] in NOT_NAME and not _headed(surface):
        return None
    if facility_kind(surface) is not None and inside_name(text, start):
        return None  # a facility word inside a longer name: "(BMKG) Stasiun Meteorologi …" is the agency's unit
    if label == "LOC":
        return _place(text, start, end, ctx)
    if label in ("ORG", "PRD"):
        return _organization(text, start, end, label, published)
    if label == "EVT":
        return Candidate(start, end, "event", make_id("event", normalize_key(surface)), surface, "model", 0)
    return None


def _headed(surface: str) -> bool:
    """A name opened by a word that is never a person's name but opens this kind of name: a facility or body
    head word ("Bandara", "Universitas", "Partai"), or a country ("Indonesia")."""
    first = surface.split()[0]
    return first in _ORG_HEADS or facility_kind(surface) is not None or country_named(surface) is not None


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
    """A class of things rather than one named thing: "OPD", "Organisasi Perangkat Daerah (OPD)"."""
    return surface in GENERIC_ACRONYMS or normalize_key(drop_acronyms(surface)) in GENERIC_NAMES


def _place(text: str, start: int, end: int, ctx: RegionContext) -> Candidate:
    """A LOC the model found: a region the knowledge base knows, a country, a facility by its head word, a
    brand or firm by name or cue word ("akun Instagram"), else a place."""
    surface = text[start:end]
    province = kbregions.province_names().get(normalize_key(surface))
    region = province or pick_city(surface, None, ctx)
    if region is not None:
        return region_candidate(region, start, end, surface, "model")
    if country_named(surface):
        return country(surface, start, end, "model")
    kind = facility_kind(surface) or _ORG_HEADS.get(surface.split()[0]) or firm_type(surface) or _site(surface)
    return _model_candidate(surface, start, end, kind or _cued(text, start, ("brand", "company")) or "place")


_DOMAIN = re.compile(r"\w\.(?:com|co\.id|co|id|net|org|tv)$", re.IGNORECASE)


def _site(surface: str) -> str | None:
    """A name written as a web address ("Fimela.com") is an outlet or a service: an organization, not a place."""
    return "organization" if _DOMAIN.search(surface) else None


def organization_candidate(text: str, start: int, end: int, published: str | None) -> Candidate:
    """An organization named at `text[start:end]` that no recognizer claimed, typed as the model's are."""
    return _organization(text, start, end, "ORG", published)


def _organization(text: str, start: int, end: int, label: str, published: str | None) -> Candidate:
    """An ORG or PRD the model found, typed by evidence: the knowledge base, a legal form, a facility or body
    head word, the firm and brand list, a cue word before it ("maskapai", "aplikasi", "klub"), a firm word in
    it ("Lion Air"); a product (PRD) is a brand; the rest are organizations. The name stops where a "dan" or
    comma joins it to a new title or body."""
    end = coordinated_end(text, start, end)
    surface = text[start:end]
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
    return _model_candidate(surface, start, end, _org_kind(text, start, surface, label))


def _org_kind(text: str, start: int, surface: str, label: str) -> str:
    if surface.startswith(_LEGAL) or surface.endswith(" Tbk") or company_word(surface):
        return "company"
    first = surface.split()[0]
    kind = facility_kind(surface) or _ORG_HEADS.get(first) or firm_type(surface) or _cued(text, start, None)
    return kind or ("brand" if label == "PRD" else "organization")


def _cued(text: str, start: int, kinds: tuple[str, ...] | None) -> str | None:
    """The type the cue word right before `start` gives, when it is one of `kinds` (any when None)."""
    kind = cue_before(text, start)
    return kind if kind is not None and (kinds is None or kind in kinds) else None


def _model_candidate(surface: str, start: int, end: int, kind: str) -> Candidate:
    if kind == "place" or kind == "government_body":
        return facility(surface, start, end, kind, "model")
    return Candidate(start, end, kind, make_id(kind, normalize_key(surface)), surface, "model", 0)
