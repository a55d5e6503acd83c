"""The whole pipeline's entities scored on an NER corpus, beside the NER model alone (docs/ner.md).

Each corpus sentence is one document: its tokens joined with spaces (NERP's multi-word tokens, which the
reader writes with "_", with their spaces back), run through the pipeline as as-is text. The mentions of the
entities stage (after the knowledge base, patterns, the model and the typing rules) are mapped to the coarse
classes (person → PER; country, province, city, district, village, place → LOC; organizations → ORG, or PRD
in NERP, which tags companies with products; brand → PRD; event → EVT), laid onto the tokens they cover
(a longer mention first, overlaps dropped), and scored in the corpus's own labels exactly as `warta eval ner`
scores the model (`ner.scoring`, seqeval semantics). Persons known only by role ("Bupati Mojokerto") are
not named entities in any of the corpora and are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warta.model import Article, Raw
from warta.ner.corpora import read, to_scheme
from warta.ner.crf import NerModel
from warta.ner.scoring import NerReport
from warta.pipeline import Pipeline
from warta.types import ORG_TYPES, PLACE_TYPES

CLASSES: dict[str, str] = {
    "person": "PER",
    **{t: "LOC" for t in PLACE_TYPES},
    **{t: "ORG" for t in ORG_TYPES},
    "brand": "PRD",
    "event": "EVT",
}
# Per scheme, classes that differ from CLASSES: NERP has no ORG; its IND class holds companies and products.
OVERRIDES: dict[str, dict[str, str]] = {"nerp": {"company": "PRD"}}


@dataclass
class PipelineNerReport:
    """The pipeline's and the model's scores on the same sentences, and the token lines."""

    pipeline: NerReport = field(default_factory=NerReport)
    model: NerReport = field(default_factory=NerReport)
    sentences: int = 0
    lines: list[tuple[str, str, str, str]] = field(default_factory=list)


def evaluate(pipe: Pipeline, model: NerModel, path: Path, scheme: str, limit: int | None = None) -> PipelineNerReport:
    """Score the pipeline and the model on the first `limit` sentences (all when None) of a corpus file."""
    report = PipelineNerReport()
    sentences = read(path, scheme)
    for number, sent in enumerate(sentences[:limit] if limit is not None else sentences, 1):
        text, offsets = render(sent.tokens)
        article = pipe.run(Raw(content=text, format="text", origin=f"{path}:{number}", as_is=True))
        gold = to_scheme(sent.tags, scheme)
        predicted = to_scheme(tags(article, offsets, scheme), scheme)
        alone = to_scheme(model.tag(sent.tokens, scheme), scheme)  # as `warta eval ner` tags: the corpus's domain
        report.pipeline.add(gold, predicted)
        report.model.add(gold, alone)
        report.sentences += 1
        report.lines.extend(zip(sent.tokens, gold, predicted, alone, strict=True))
        report.lines.append(("", "", "", ""))
    return report


def render(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens joined with single spaces (a "_" inside a token back to a space), and each token's span."""
    offsets: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    for token in tokens:
        shown = token.replace("_", " ") if len(token) > 1 else token
        offsets.append((pos, pos + len(shown)))
        parts.append(shown)
        pos += len(shown) + 1
    return " ".join(parts), offsets


def mention_class(entity_type: str, scheme: str) -> str | None:
    """The coarse class a mention of this entity type counts as in a scheme's scoring (None: not an entity)."""
    return OVERRIDES.get(scheme, {}).get(entity_type, CLASSES.get(entity_type))


def tags(article: Article, offsets: Sequence[tuple[int, int]], scheme: str) -> list[str]:
    """Coarse BIO tags of the tokens from the article's mentions (a longer mention wins an overlap)."""
    out = ["O"] * len(offsets)
    named = {e.id for e in article.entities if e.named}
    for mention in sorted(article.mentions, key=lambda m: (m.start - m.end, m.start)):
        label = mention_class(mention.type, scheme)
        if label is None or (mention.type == "person" and mention.entity not in named):
            continue
        covered = [i for i, (s, e) in enumerate(offsets) if s < mention.end and e > mention.start]
        if not covered or any(out[i] != "O" for i in covered):
            continue
        for i in covered:
            out[i] = f"{'B' if i == covered[0] else 'I'}-{label}"
    return out
