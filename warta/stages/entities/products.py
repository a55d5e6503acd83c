"""Companies, brands and organizations the knowledge base does not list, typed by the words around them.

- A cue word right before a capitalized name says what it names (`name_cues.tsv`): "maskapai Garuda",
  "perusahaan Grab" (company), "aplikasi Halodoc", "vaksin Sinovac" (brand), "klub Persebaya"
  (organization). A short form the knowledge base keeps for a company context ("Garuda", "Mandiri") is that
  company after a company cue.
- Firms and brands known by a bare name (`brands.tsv`): "Grab", "Traveloka", "Kalbe Farma" (companies),
  "WhatsApp", "Instagram" (brands), and products named after a firm ("GrabCar", "GoPay").
- A product model after its maker: in "Samsung Galaxy S24" and "Toyota Avanza" the model is a brand mention
  (named with its maker: "Samsung Galaxy S24") and the maker a company. A model needs a model-like word
  (a digit, capitals, inner capitals: "S24", "NMAX", "iPhone") or a product word earlier in the sentence
  ("motor matik, seperti Yamaha NMAX dan Honda Vario"); otherwise the capitalized word after a maker is a
  person's name ("Honda Saputra"), and the maker's name is left alone everywhere in that article.
- A word inside a name that makes it a firm ("Lion Air", "Astra Honda Motor") gives a company.

The firm and brand list runs with the knowledge base, before the persons (a firm's name is no person's);
the cue words run after the persons, so they only name spans nobody claimed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from warta.ids import make_id, normalize_key
from warta.kb import bodies, lexicons
from warta.kb import regions as kbregions
from warta.kb import roles as kbroles
from warta.stages.entities.candidates import Candidate
from warta.stages.entities.coordination import PARTY_HEADS, starts_party
from warta.stages.entities.events import GENERIC_ACRONYMS
from warta.stages.entities.names import NOT_NAME, REGION_WORDS, UNIT_WORDS, is_sentence_start
from warta.stages.entities.organizations import body_id
from warta.stages.entities.places import country_named, inside_name, name_follows
from warta.trie import alternation

_TOKEN = r"(?:[A-Z][\w'’&+-]*(?:\.[\w-]+)*|[a-z]{1,2}[A-Z][\w-]*|\d[\w.-]*\+?)"
_RUN = re.compile(rf"[ \t]+(?P<run>{_TOKEN}(?:[ \t]+{_TOKEN}){{0,4}})")
_MODEL_SHAPE = re.compile(r"\d|^[A-Z]{2,}(?:-[A-Z0-9]+)?\+?$|^[a-z]+[A-Z]|^\w+[A-Z]\w*$|\+$")
_SENTENCE_START = re.compile(r"[.!?\n][^.!?\n]*$")
_JOINT = re.compile(r"[ \t]*(?:,[ \t]*(?:dan[ \t]+|serta[ \t]+)?|[ \t]+(?:dan|serta)[ \t]+)(?=[A-Z])")
_MOST_COORDINATED = 4


def find_firms(text: str) -> list[Candidate]:
    """Firms and brands of the list, products named after their firm, and product models after their makers:
    evidence strong enough to run before the persons ("Menurut Samsung Electronics" names no person)."""
    names = _given_names(text)
    return _known(text, names, _cued_products(text, names)) + _compounds(text)


def find_cued(text: str, kept: Iterable[Candidate] = ()) -> list[Candidate]:
    """Companies, brands and organizations named by the cue word before them; run after the persons, never
    on a word of a person's name found before (`kept`)."""
    persons = {w for c in kept if c.type == "person" and c.named for w in c.name.split()}
    return _cued(text, _given_names(text) | persons)


def _cued_products(text: str, names: frozenset[str]) -> frozenset[str]:
    """Firms the article names as a product after a cue word ("vaksin Sinovac", "aplikasi Halodoc")."""
    return frozenset(c.name for c in _cued(text, names) if c.type == "brand")


# ------------------------------------------------------------------ cue words before a name


@cache
def _cue_pattern() -> re.Pattern[str]:
    forms = {f for c in _cues() for f in (c, c[0].upper() + c[1:])}
    return re.compile(rf"(?<![\w-])(?P<cue>{alternation(forms)})(?=[ \t])")


def _cued(text: str, names: frozenset[str]) -> list[Candidate]:
    """Names typed by the cue word before them, and by the same cue the names coordinated with them
    ("vaksin Sinopharm dan Sinovac")."""
    out: list[Candidate] = []
    for m in _cue_pattern().finditer(text):
        cue = m.group("cue")
        if cue not in _cues():  # a cue capitalized because it opens the sentence ("Maskapai Garuda …")
            if not is_sentence_start(text, m.start()) or cue in PARTY_HEADS:
                continue  # "Bank Pembangunan Asia" is a name
            cue = cue[0].lower() + cue[1:]
        pos = m.end()
        for _ in range(_MOST_COORDINATED):
            found = _cued_run(text, pos, cue, names)
            if not found:
                break
            out.extend(found)
            joint = _JOINT.match(text, found[-1].end)
            if joint is None:
                break
            pos = joint.end() - 1
    return out


def _cued_run(text: str, pos: int, cue: str, names: frozenset[str]) -> list[Candidate]:
    run = _RUN.match(text, pos)
    words = _run_words(run.group("run")) if run else []
    if run is None or not words or _not_a_name(words[0]) or words[0] in names:
        return []
    return _typed_run(text, run.start("run"), words, _cues()[cue], cue, names)


@cache
def _cues() -> dict[str, str]:
    """Cue words written right before a name (including product words) → the type they give."""
    return {**lexicons.cues("before"), **lexicons.cues("product")}


def _run_words(run: str) -> list[str]:
    """The words of a capitalized run up to the first one that ends it (a date word, a region level, the
    start of a new body or title)."""
    words: list[str] = []
    for word in run.split():
        if words and ((word in NOT_NAME and not country_named(word)) or word in REGION_WORDS or starts_party(word, 0)):
            break
        words.append(word.rstrip(".,"))
        if word.endswith((".", ",")):
            break
    return words


def _not_a_name(word: str) -> bool:
    """A capitalized word that cannot open a firm's, brand's or organization's name here."""
    firm = lexicons.firms().get(word)
    if firm is not None:
        return firm.type == "none"
    return (
        word in NOT_NAME
        or word in UNIT_WORDS  # "layanan Subdirektorat Registrasi"
        or not word[0].isalpha()
        or word in GENERIC_ACRONYMS
        or country_named(word) is not None
        or normalize_key(word) in kbregions.province_names()
        or kbroles.match_title(word) is not None
        or (word.isupper() and not bodies.lookup(word))
    )


def _typed_run(text: str, start: int, words: list[str], kind: str, cue: str, names: frozenset[str]) -> list[Candidate]:
    """The name after a cue word, typed by the knowledge base, the firm and brand list, or the cue."""
    name = " ".join(words)
    end = start + len(name)
    if text[start:end] != name:
        return []  # a run spread over several spaces or lines
    known = bodies.lookup(name, with_context_forms=kind == "company")
    known = [b for b in known if b.type == kind] if len(known) > 1 else known  # "maskapai Garuda": the airline
    if len(known) == 1:
        body = known[0]
        return [Candidate(start, end, body.type, body_id(body), body.name, "kb", 1, kb={"key": body.key})]
    firm = lexicons.firms().get(words[0])
    if firm is not None:
        if kind == "brand" and firm.type == "company" and not firm.models:
            firm = replace(firm, type="brand")  # "aplikasi Gojek", "vaksin Sinovac": the product, by its firm's name
        return _after_firm(text, start, firm, words[0], words[1:], names, licensed=True)
    if cue in lexicons.cues("product") and not any(_MODEL_SHAPE.search(w) for w in words):
        return []  # "mobil Kamaluddin": a person's car, not a model
    return [_named(start, end, "company" if company_word(name) else kind, name, "context")]


# ------------------------------------------------------------------ firms and brands known by name


@cache
def _firm_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w@#-])(?P<firm>{alternation(lexicons.firms())})(?![\w-])")


def _known(text: str, names: frozenset[str], products: frozenset[str]) -> list[Candidate]:
    """Firms and brands of the list written anywhere; a firm the article names as a product after a cue word
    ("vaksin Sinovac") is that product wherever it is written alone."""
    out: list[Candidate] = []
    for m in _firm_pattern().finditer(text):
        firm = lexicons.firms()[m.group("firm")]
        if firm.type == "none" or inside_name(text, m.start()) or firm.name in names:
            continue
        if firm.name in products and not firm.models:
            firm = replace(firm, type="brand")
        run = _RUN.match(text, m.end())
        words = _run_words(run.group("run")) if run else []
        licensed = _product_sentence(text, m.start())
        out.extend(_after_firm(text, m.start(), firm, m.group("firm"), words, names, licensed))
    return out


def _after_firm(
    text: str, start: int, firm: lexicons.Firm, form: str, words: list[str], names: frozenset[str], licensed: bool
) -> list[Candidate]:
    """The firm written at `start` and what its following words make of it: a longer firm name ("Grab
    Indonesia", "Toyota Astra Motor"), a product model ("Galaxy S24"), or nothing more."""
    end = start + len(form)
    rest = " ".join(words)
    if words and text[end + 1 : end + 1 + len(rest)] != rest:
        words, rest = [], ""
    firm_words = [i for i, w in enumerate(words) if w.rstrip(".") in lexicons.cues("after") or country_named(w)]
    if firm_words:
        rest = " ".join(words[: firm_words[-1] + 1])  # "Grab Indonesia", not the name written after it
        return [_named(start, end + 1 + len(rest), "company", f"{form} {rest}", "pattern")]
    model = bool(firm.models and words and (licensed or any(_MODEL_SHAPE.search(w) for w in words)))
    if firm.type == "brand" and model:
        return [_named(start, end + 1 + len(rest), "brand", f"{form} {rest}", "pattern")]
    if firm.name in names and not model:
        return []
    own = _named(start, end, firm.type, firm.name, "pattern")
    return [own, _named(end + 1, end + 1 + len(rest), "brand", f"{firm.name} {rest}", "pattern")] if model else [own]


def _named(start: int, end: int, kind: str, name: str, source: str) -> Candidate:
    """A candidate whose entity is identified by its type and name."""
    return Candidate(start, end, kind, make_id(kind, normalize_key(name)), name, source, 1)


def _given_names(text: str) -> frozenset[str]:
    """Firm names written in this article before a word that makes them a person's first name ("Honda
    Saputra"): not a model, not a firm word, not a country."""
    out = set()
    for m in _firm_pattern().finditer(text):
        firm = lexicons.firms()[m.group("firm")]
        run = _RUN.match(text, m.end())
        if firm.type != "company" or not firm.models or run is None or not name_follows(text, m.end()):
            continue
        words = _run_words(run.group("run"))
        if (
            not words
            or company_word(f"{firm.name} {' '.join(words)}")
            or country_named(words[0])
            or words[0] in lexicons.firms()
        ):
            continue
        if not (_product_sentence(text, m.start()) or any(_MODEL_SHAPE.search(w) for w in words)):
            out.add(firm.name)
    return frozenset(out)


def _product_sentence(text: str, start: int) -> bool:
    """Whether a product word ("mobil", "motor", "ponsel", "ban") comes earlier in the sentence of `start`."""
    window = text[max(0, start - 160) : start]
    opening = _SENTENCE_START.search(window)
    clause = window[opening.start() + 1 :] if opening else window
    return _product_pattern().search(clause) is not None


@cache
def _product_pattern() -> re.Pattern[str]:
    cues = alternation(lexicons.cues("product"), ignorecase=True)
    return re.compile(rf"(?<![\w-])(?:{cues})(?![\w-])", re.IGNORECASE)


@cache
def _compound_pattern() -> re.Pattern[str]:
    alts = alternation(f for f, firm in lexicons.firms().items() if firm.type == "company" and " " not in f)
    return re.compile(rf"(?<![\w@#-])(?:{alts})[A-Z][a-z]\w*(?:[ \t]+[A-Z][a-z]+)?(?![\w-])")


def _compounds(text: str) -> list[Candidate]:
    """Products named after their firm in one word: "GrabCar", "GrabBike Protect", "GoPay" is listed."""
    out = []
    for m in _compound_pattern().finditer(text):
        name = m.group(0)
        if name.split()[0] in lexicons.firms():
            continue  # listed itself ("ShopeePay")
        if name.split()[-1] in NOT_NAME:
            name = name.split()[0]
        out.append(_named(m.start(), m.start() + len(name), "brand", name, "pattern"))
    return out


# ------------------------------------------------------------------ typing a name found elsewhere


def company_word(name: str) -> bool:
    """Whether a word after the first makes the name a firm's ("Lion Air", "Kalbe Farma", "MNC Group")."""
    words = name.split()
    return any(w.rstrip(".") in lexicons.cues("after") for w in words[1:])


def firm_type(surface: str) -> str | None:
    """The type the firm and brand list gives a name or its first word ("Grab Indonesia" → company)."""
    firm = lexicons.firms().get(surface) or lexicons.firms().get(surface.split()[0] if surface.split() else "")
    return None if firm is None or firm.type == "none" else firm.type


def cue_before(text: str, start: int) -> str | None:
    """The type a cue word written right before `start` gives ("aplikasi X" → brand), or None."""
    before = re.search(r"(\w+(?:[ \t]+\w+)?)[ \t]+$", text[max(0, start - 40) : start])
    if before is None:
        return None
    pair = before.group(1).lower()
    return _cues().get(pair) or _cues().get(pair.split()[-1])
