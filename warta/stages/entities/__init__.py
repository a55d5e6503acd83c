"""The entities stage: recognizers propose candidate mentions, overlaps are resolved, and the kept
candidates become `Mention`s pointing at `Entity`s with deterministic ids.

Recognizers run in an order where each can use what the earlier ones kept: regions and national bodies
(knowledge base), then regional bodies (which need the article's home region), then persons (whose roles
point at the bodies and regions), then short forms of the names found.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from warta.kb import regions as kbregions
from warta.model import Article, Entity, Mention
from warta.ner.lexicons import Words
from warta.pipeline import BaseStage, register
from warta.settings import Settings
from warta.stages.entities.acronyms import link_acronyms
from warta.stages.entities.candidates import Candidate, SpanIndex, resolve
from warta.stages.entities.companies import find_companies
from warta.stages.entities.events import find_defined, find_events
from warta.stages.entities.name_words import named_id
from warta.stages.entities.organizations import bare_offices, find_national, find_regional
from warta.stages.entities.persons import find_persons
from warta.stages.entities.places import find_countries, find_facilities
from warta.stages.entities.products import find_cued, find_firms
from warta.stages.entities.regions import RegionContext, build_context, dateline_city, find_regions
from warta.stages.entities.role_bodies import role_bodies
from warta.stages.entities.short_names import find_aliases, merge_short_names
from warta.stages.entities.statistical import ModelFound, find_model, load_model
from warta.stages.entities.titles import alone_elsewhere

_SOURCE_RANK = {"kb": 0, "pattern": 1, "context": 2, "model": 3, "alias": 4, "coref": 5}


@register("entities", requires=("sentences",), provides=("mentions", "entities"))
class Entities(BaseStage):
    """Knowledge-base and pattern entity recognition; provides `mentions` and `entities`."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.model = None if settings.ner_model == "none" else load_model(settings.ner_model)

    def __call__(self, article: Article) -> Article:
        ctx = build_context(article.text, article.dateline)
        kept = recognize(article.text, article.published, article.dateline, ctx)
        if self.model is not None:  # short names are read after the model, which may find another "Budi X"
            found = find_model(article.text, article.sentences, self.model, ctx, article.published)
            kept = trim_to_model(article.text, kept, found, self.model.words)
            kept = resolve(found.candidates, accepted=kept)
        kept = merge_short_names(kept)
        kept = resolve(find_aliases(article.text, kept), accepted=kept)
        mentions = tuple(_mention(article.text, c) for c in kept)
        return replace(article, mentions=mentions, entities=build_entities(article.text, kept))


def recognize(text: str, published: str | None, dateline: str | None, ctx: RegionContext) -> list[Candidate]:
    """Every kept candidate mention in `text`, in text order (`ctx`: the article's kabupaten/kota evidence)."""
    first = (
        (find_regions(text, ctx, dateline) + find_national(text, published) + find_companies(text) + find_events(text))
        + find_facilities(text)
        + find_firms(text)
    )
    home = home_region(resolve(first), ctx, dateline)
    kept = bare_offices(text, resolve(first + find_regional(text, ctx, home)))
    kept = resolve(find_defined(text, kept), accepted=kept)
    found = find_persons(text, kept, ctx, home)
    respans = {(r.start, r.end) for r in found.regions}
    kept = [k for k in kept if (k.start, k.end) not in respans] + found.regions
    kept = resolve(found.persons, accepted=resolve(kept))
    kept = resolve(role_bodies(text, found.persons, published), accepted=kept)
    kept = resolve(find_cued(text, kept) + find_countries(text), accepted=kept)
    return link_acronyms(text, kept)


def trim_to_model(text: str, kept: list[Candidate], found: ModelFound, words: Words) -> list[Candidate]:
    """Pattern persons whose name ends where a person the model found ends begin where the model says, as
    far as the words in between allow: words the pattern read before the model's start are dropped unless they
    are name words ("Tim Lawan Korona Yunan Fahmi" → "Yunan Fahmi"), and name words the model reads before the
    pattern's start are taken in ("Inspektur Jenderal RZ Panca Putra Simanjuntak"): the patterns read the name
    as the end of a capitalized run, the model knows where names begin. A left-out word that is a
    known name word, or that the article uses alone elsewhere ("Purbaya"), keeps the pattern's name."""
    model = {c.end: c for c in found.persons}
    things = {w for c in kept if c.type != "person" for w in text[c.start : c.end].split()}
    tagged = SpanIndex(c for c in found.candidates if c.type != "person")
    out = []
    for cand in kept:
        inner = model.get(cand.end)
        if cand.type == "person" and cand.named and inner is not None and inner.start < cand.start:
            extra = text[inner.start : cand.start].split()  # "RZ Panca Putra Simanjuntak", "Muhammad Handry …"
            if all(_name_word(text, w, cand.start, words, things, tagged) for w in extra):
                name = " ".join(text[inner.start : cand.end].split())
                cand = replace(cand, start=inner.start, key=named_id(name), name=name)
        elif cand.type == "person" and cand.named and inner is not None and inner.start > cand.start:
            dropped = text[cand.start : inner.start].split()
            keep = len(dropped)  # the name words right before the model's start stay: "… Mangkurat Muhammad"
            while keep and _name_word(text, dropped[keep - 1], cand.start, words, things, tagged):
                keep -= 1
            if keep:
                start = inner.start - len(" ".join(dropped[keep:])) - (1 if keep < len(dropped) else 0)
                name = text[start : cand.end]
                cand = replace(cand, start=start, key=named_id(" ".join(name.split())), name=" ".join(name.split()))
        out.append(cand)
    return out


def _name_word(text: str, word: str, at: int, words: Words, things: set[str], tagged: SpanIndex) -> bool:
    """Whether a word the model left out of a name is a name's: a known name word, or one the article uses
    alone elsewhere where the model does not read it as a place or body, and no word of a place or body the
    article names ("Masjid Istiqlal", "Unesa")."""
    if word in things:
        return False
    initial = len(word) <= 2 and word.isupper()  # "M Sahrul Setiawan", "RZ Panca Putra Simanjuntak"
    return initial or word.lower() in words.person_words or alone_elsewhere(text, word, at, tagged)


def home_region(kept: list[Candidate], ctx: RegionContext, dateline: str | None) -> kbregions.Region | None:
    """The kabupaten or kota the article is mostly about: most mentioned, else the dateline's."""
    counts = Counter(c.kb["region_code"] for c in kept if c.type == "city" and "region_code" in c.kb)
    if counts:
        return kbregions.get(counts.most_common(1)[0][0])
    return dateline_city(dateline, ctx)


def _mention(text: str, c: Candidate) -> Mention:
    return Mention(c.start, c.end, text[c.start : c.end], c.type, c.key, c.source, c.role)


def build_entities(text: str, kept: list[Candidate]) -> tuple[Entity, ...]:
    """One entity per key, named by its best candidate, with the other surfaces as aliases."""
    groups: dict[str, list[Candidate]] = {}
    for cand in kept:
        groups.setdefault(cand.key, []).append(cand)
    return tuple(_entity(text, key, cands) for key, cands in groups.items())


def _entity(text: str, key: str, cands: list[Candidate]) -> Entity:
    best = min(cands, key=lambda c: (_SOURCE_RANK.get(c.source, 9), -len(c.name) if c.named else 0))
    kb: dict[str, Any] = {}
    for cand in cands:
        kb.update(cand.kb)
    surfaces = {" ".join(text[c.start : c.end].split()) for c in cands if c.source != "coref"}
    return Entity(
        id=key,
        name=best.name,
        type=best.type,
        named=best.named,
        aliases=tuple(sorted(s for s in surfaces if s != best.name)),
        kb=kb,
    )
