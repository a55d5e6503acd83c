"""Quote attribution against PFSA-ID: the pipeline's quotes, speakers and roles laid onto the corpus's
tokens, scored per label (exact span, seqeval semantics) and by speaker attribution.

What Warta predicts for each label, following the corpus's annotation guide as its gold shows it:
STATEMENT is a direct quote with its marks (each part of an interrupted one); CUE and CUECOREF are the
speech word after a direct quote, CUECOREF when it carries -nya; PERSON is the first mention that names a
person who speaks in the article, PERSONCOREF a later mention right after a cue; ROLE and AFFILIATION are
the title and the body written next to that PERSON mention.

The gold speaker of a statement comes from the gold spans: the person span after its cue (a short mention
resolved to the full name it belongs to); for a -nya cue or none, the most recent person span before it.
A statement counts as attributed when a predicted direct quote overlaps it and one of the predicted
speaker's names (its name, aliases, or a surface of its mentions) equals or contains a gold name (lenient);
strictly, only when the predicted speaker entity's canonical name is the gold person's full name, ranks,
titles and degrees dropped from both (`speakers.strict_key`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warta.evaluation.pfsa import Chunk, CorpusArticle, Rendered, chunks, read, render
from warta.evaluation.role_spans import person_span, role_spans
from warta.evaluation.speakers import gold_statements, names_match, predicted_names, strict_key
from warta.model import Article, Quote, Raw, Span
from warta.pipeline import Pipeline
from warta.scores import Tally
from warta.stages.entities.names import AGE

LABELS = ("STATEMENT", "CUE", "CUECOREF", "PERSON", "PERSONCOREF", "ROLE", "AFFILIATION")
_MARKS = "“”\"'"


@dataclass
class AttributionReport:
    """Per-label tallies, speaker attribution counts, and the token-level predictions."""

    by_label: dict[str, Tally] = field(default_factory=lambda: {label: Tally() for label in LABELS})
    statements: int = 0
    attributed: int = 0
    found: int = 0
    articles: int = 0
    rows: list[str] = field(default_factory=list)
    strict: int = 0
    full_known: int = 0  # gold statements whose speaker's full name the corpus gives (speakers.gold_statements)

    @property
    def accuracy(self) -> float:
        """The share of gold statements whose overlapping predicted quote has the gold speaker (lenient)."""
        return self.attributed / self.statements if self.statements else 0.0

    @property
    def strict_accuracy(self) -> float:
        """The share of gold statements whose overlapping predicted quote's speaker is named exactly as the
        gold person (full name, ranks and titles dropped)."""
        return self.strict / self.statements if self.statements else 0.0


def evaluate(pipe: Pipeline, path: Path, keep_rows: bool = False) -> AttributionReport:
    """Run the pipeline over every article of a PFSA-ID file and score it."""
    report = AttributionReport()
    for corpus_article in read(path):
        rendered = render(corpus_article)
        raw = Raw(content=rendered.text, format="text", origin=f"{path}#{corpus_article.number}", as_is=True)
        article = pipe.run(raw)
        score(corpus_article, rendered, article, report, keep_rows)
    return report


def score(gold: CorpusArticle, rendered: Rendered, article: Article, report: AttributionReport, rows: bool) -> None:
    """Add one article's comparison to the report."""
    tokens = _Tokens(rendered)
    predicted = project(article, tokens)
    gold_chunks = {c for c in chunks(gold.tags) if c[2] in LABELS}
    for label in LABELS:
        report.by_label[label].add_sets(
            {c for c in predicted if c[2] == label}, {c for c in gold_chunks if c[2] == label}
        )
    _score_speakers(gold, tokens, article, report)
    report.articles += 1
    if rows:
        tags = _bilou(len(gold.tokens), predicted)
        report.rows.extend(f"{t}\t{g}\t{p}" for t, g, p in zip(gold.tokens, gold.tags, tags, strict=True))
        report.rows.append("")


# ------------------------------------------------------------------ projection onto tokens


class _Tokens:
    """Character spans to token ranges."""

    def __init__(self, rendered: Rendered) -> None:
        self.starts = [s for s, _ in rendered.offsets]
        self.ends = [e for _, e in rendered.offsets]

    def range(self, start: int, end: int) -> tuple[int, int] | None:
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end)
        return (first, last) if first < last else None


def project(article: Article, tokens: _Tokens) -> set[Chunk]:
    """The article's annotations as token chunks in the corpus's labels."""
    out: set[Chunk] = set()

    def add(start: int, end: int, label: str) -> None:
        span = tokens.range(start, end)
        if span is not None:
            out.add((span[0], span[1], label))

    direct = [q for q in article.quotes if q.kind == "direct" and is_public(article, q.speaker)]
    for quote in direct:
        for part in quote.parts or (Span(quote.start, quote.end),):
            marked = with_marks(article.text, part)
            add(marked.start, marked.end, "STATEMENT")
        if quote.cue and quote.cue_start is not None and quote.cue_end is not None and quote.cue_start > quote.end:
            add(quote.cue_start, quote.cue_end, "CUECOREF" if quote.cue.lower().endswith("nya") else "CUE")
    for start, end, label in _speaker_spans(article, direct):
        add(start, end, label)
    return out


def is_public(article: Article, speaker: str | None) -> bool:
    """Whether a speaker is a public figure in the corpus's sense: a person the text gives a title or body,
    a person known only by role, or an organization. Private citizens' quotes are not annotated."""
    entity = article.entity(speaker) if speaker else None
    if entity is None or entity.type != "person" or not entity.named or entity.roles:
        return True
    first = min((m for m in article.mentions if m.entity == entity.id), key=lambda m: m.start, default=None)
    return first is None or AGE.match(article.text, first.end) is None


def with_marks(text: str, span: Span) -> Span:
    """A quote's words widened to the quote marks around them (and the punctuation before the closing mark)."""
    start = span.start
    while start > 0 and text[start - 1] in " \n":
        start -= 1
    start = start - 1 if start > 0 and text[start - 1] in _MARKS else span.start
    end = span.end
    while end < len(text) and text[end] in ",.!?;: ":
        end += 1
    end = end + 1 if end < len(text) and text[end] in _MARKS else span.end
    return Span(start, end)


def _speaker_spans(article: Article, direct: Sequence[Quote]) -> Iterable[tuple[int, int, str]]:
    speakers = {q.speaker for q in article.quotes if q.speaker and is_public(article, q.speaker)}
    after_cue = {q.cue_end for q in direct if q.cue_end is not None and q.cue and not q.cue.endswith("nya")}
    introduced: set[str] = set()
    for mention in sorted(article.mentions, key=lambda m: m.start):
        if mention.entity not in speakers or mention.type != "person":
            continue
        entity = article.entity(mention.entity)
        named = entity is not None and entity.named and _names_person(mention.text, entity.name)
        if named and mention.entity not in introduced:
            introduced.add(mention.entity)
            yield (*person_span(article, mention), "PERSON")
            yield from role_spans(article, mention)
        elif any(0 <= mention.start - end <= 2 for end in after_cue):
            yield mention.start, mention.end, "PERSONCOREF"


def _names_person(surface: str, name: str) -> bool:
    return bool(set(surface.split()) & set(name.split()))


# ------------------------------------------------------------------ speakers


def _score_speakers(gold: CorpusArticle, tokens: _Tokens, article: Article, report: AttributionReport) -> None:
    quotes = []
    for quote in article.quotes:
        if quote.kind != "direct":
            continue
        span = tokens.range(quote.start, quote.end)
        if span is not None:
            quotes.append((span, predicted_names(article, quote.speaker), _canonical(article, quote.speaker)))
    for gold_statement in gold_statements(gold):
        statement = gold_statement.statement
        report.statements += 1
        report.full_known += gold_statement.full is not None
        best = max(quotes, key=lambda q: _overlap(q[0], statement), default=None)
        if best is None or _overlap(best[0], statement) == 0:
            continue
        report.found += 1
        if names_match(set(gold_statement.names), best[1]):
            report.attributed += 1
        if gold_statement.full is not None and gold_statement.full == best[2]:
            report.strict += 1


def _canonical(article: Article, speaker: str | None) -> str | None:
    """The strict key of a speaker entity's canonical name (None without a speaker)."""
    entity = article.entity(speaker) if speaker else None
    return strict_key(entity.name) if entity is not None else None


def _overlap(a: tuple[int, int], b: Chunk) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _bilou(length: int, found: Iterable[Chunk]) -> list[str]:
    tags = ["O"] * length
    for start, end, label in sorted(found):
        if end - start == 1:
            tags[start] = f"U-{label}"
            continue
        tags[start] = f"B-{label}"
        for i in range(start + 1, end - 1):
            tags[i] = f"I-{label}"
        tags[end - 1] = f"L-{label}"
    return tags
