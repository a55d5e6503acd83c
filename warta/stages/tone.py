"""The tone stage (nada): the tone of the article, of each quote, and toward each entity (docs/tone.md).

Every sentence is labelled once by the tone model (`warta.tone`); the article's tone combines its headline's
and its sentences'; a quote's tone is the model's on the words said; an entity's tone averages the tone toward
it (`warta.tone.toward`) over the sentences that mention it, and `evidence` counts them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from warta.model import Article, Entity, Quote, Tone
from warta.pipeline import BaseStage, register
from warta.settings import Settings
from warta.tone.model import NOTHING, ToneModel
from warta.tone.toward import toward
from warta.types import TYPES

THRESHOLD = 0.15  # an entity's averaged score beyond ±THRESHOLD is positif or negatif, else netral
HEADLINE_WEIGHT = 3.0  # in the article's tone, the headline counts as this many body sentences
LEAD_WEIGHT = 1.0  # … and the first sentence as this many
POLAR_SHARE = 0.15  # an article whose weighted share of positif/negatif sentences is below this is netral
POSITIVE_ABOVE = 0.0  # a polar article's mean score above this is positif,
NEGATIVE_BELOW = -0.05  # below this negatif, else netral (the model leans negative on news)
SAME_SENTENCE = 0.6  # a quote this share of its sentence or more takes the sentence's tone


@register("tone", requires=("sentences", "mentions", "entities", "quotes"), provides=("tone",))
class ToneStage(BaseStage):
    """Adds `tone` to the article, its quotes and its (mentioned) entities."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.model = ToneModel.load(settings.tone_model or None)

    def __call__(self, article: Article) -> Article:
        text = article.text
        starts = [span.start for span in article.sentences]
        inside = [_sentence_said(article, starts, q) for q in article.quotes]  # None: read on its own words
        texts = [text[s.start : s.end] for s in article.sentences]
        own_words = [_said(text, q) for q, at in zip(article.quotes, inside, strict=True) if at is None]
        texts += [article.title or "", *own_words]
        read = self.model.predict(texts)  # every text in one batch
        tones, headline = read[: len(starts)], (read[len(starts)] if article.title else None)
        own = iter(read[len(starts) + 1 :])
        quotes = tuple(
            replace(q, tone=tones[at] if at is not None else next(own))
            for q, at in zip(article.quotes, inside, strict=True)
        )
        tone = article_tone(headline, tones)
        entities = tuple(_entity_tone(article, e, tones, tone.label) for e in article.entities)
        return replace(article, tone=tone, quotes=quotes, entities=entities)


def _sentence_said(article: Article, starts: list[int], quote: Quote) -> int | None:
    """The sentence whose tone is the quote's: the one it lies in when its words are most of it (the model has
    read them already); None when the model reads the words said on their own."""
    index = _sentence_of(article, starts, quote.start)
    if index is not None:
        span = article.sentences[index]
        if quote.end <= span.end and quote.end - quote.start >= SAME_SENTENCE * (span.end - span.start):
            return index
    return None


def _said(text: str, quote: Quote) -> str:
    """The words said: the quote's parts, or its span."""
    if quote.parts:
        return " ".join(text[p.start : p.end] for p in quote.parts)
    return text[quote.start : quote.end]


def combine(tones: Sequence[Tone], weights: Sequence[float] | None = None) -> Tone:
    """One tone from several: the confidence-weighted mean score, labelled by `THRESHOLD`."""
    weights = weights or [1.0] * len(tones)
    mass = sum(w * t.confidence for w, t in zip(weights, tones, strict=True))
    if not tones or mass <= 0:
        return NOTHING
    score = sum(w * t.confidence * t.score for w, t in zip(weights, tones, strict=True)) / mass
    confidence = sum(w * t.confidence for w, t in zip(weights, tones, strict=True)) / sum(weights)
    label = "positif" if score > THRESHOLD else "negatif" if score < -THRESHOLD else "netral"
    return Tone(label, round(score, 4), round(confidence, 4))


def article_tone(headline: Tone | None, sentences: Sequence[Tone]) -> Tone:
    """The article's tone from its headline's and its sentences' (docs/tone.md). News is mostly neutral, and
    an analyst codes it by what carries the news: an article is `netral` when few of its sentences (the headline
    and the lead weighing more) are positive or negative; otherwise the sign of its weighted mean score decides."""
    tones = [t for t in [headline, *sentences] if t is not None]
    weights = [HEADLINE_WEIGHT] if headline is not None else []
    weights += [LEAD_WEIGHT if i == 0 else 1.0 for i in range(len(sentences))]
    total = sum(w for w, t in zip(weights, tones, strict=True) if t.confidence > 0)
    if total <= 0:
        return NOTHING
    score = sum(w * t.score for w, t in zip(weights, tones, strict=True)) / total
    confidence = sum(w * t.confidence for w, t in zip(weights, tones, strict=True)) / total
    polar = sum(w for w, t in zip(weights, tones, strict=True) if t.label != "netral" and t.confidence > 0) / total
    label = "netral"
    if polar >= POLAR_SHARE:
        label = "positif" if score > POSITIVE_ABOVE else "negatif" if score < NEGATIVE_BELOW else "netral"
    return Tone(label, round(score, 4) + 0.0, round(confidence, 4))


def _entity_tone(article: Article, entity: Entity, tones: Sequence[Tone], framing: str) -> Entity:
    """The entity with its tone: the tones toward it combined; in an article whose tone (`framing`) is netral it
    is netral too, unless its part in a sentence (a suspect, the police) turned that sentence's tone."""
    if entity.inferred:
        return entity
    found = tones_toward(article, entity, tones)
    if not found:
        return entity
    tone = combine(list(found.values()))
    turned = any(t.label != tones[index].label for index, t in found.items())
    if framing == "netral" and not turned:
        tone = replace(tone, label="netral")
    return replace(entity, tone=replace(tone, evidence=len(found)))


def tones_toward(article: Article, entity: Entity, tones: Sequence[Tone]) -> dict[int, Tone]:
    """The tone toward the entity in each sentence that mentions it (by sentence index), given the sentences'
    tones: its first mention in the sentence decides its part (`warta.tone.toward`)."""
    found: dict[int, Tone] = {}
    starts = [span.start for span in article.sentences]
    family = TYPES[entity.type].kind if entity.type in TYPES else "other"
    for mention in article.mentions:
        if mention.entity != entity.id:
            continue
        index = _sentence_of(article, starts, mention.start)
        if index is None or index in found:
            continue
        span = article.sentences[index]
        sentence = article.text[span.start : span.end]
        found[index] = toward(sentence, mention.start - span.start, mention.end - span.start, tones[index], family)
    return found


def _sentence_of(article: Article, starts: list[int], offset: int) -> int | None:
    """The index of the sentence holding `offset`, or None."""
    index = bisect_right(starts, offset) - 1
    if index >= 0 and offset < article.sentences[index].end:
        return index
    return None
