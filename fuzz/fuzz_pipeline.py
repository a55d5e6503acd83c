"""Coverage-guided fuzzing of Warta's parsers with atheris (libFuzzer for Python); see fuzz/README.md.

    .venv/bin/python fuzz/fuzz_pipeline.py TARGET [libFuzzer options] [corpus folders]

Targets: extract (bytes as an HTML page, decoded and extracted, then every stage), text (bytes as a plain-text
dump, cleaned or as is, then every stage), clean, sentences, quotes (text with person mentions laid on it)
and jsonl (the JSON Lines reader). Each input must be processed or refused with a `WartaError`; any other
exception, a span that does not say what it covers, or an answer that changes between two runs is a crash
that libFuzzer reports with the input that caused it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import replace

import atheris  # type: ignore[import-untyped]

with atheris.instrument_imports(include=["warta"]):
    from warta import pipeline
    from warta.errors import WartaError
    from warta.model import Article, Mention, Raw, Span
    from warta.net.decode import detect_format
    from warta.settings import Settings
    from warta.sources import Unreadable
    from warta.sources.files import jsonl_lines, parse_jsonl
    from warta.stages.clean import Clean
    from warta.stages.quotes import Quotes
    from warta.stages.sentences import Sentences, split

SETTINGS = Settings()
PIPE = pipeline.build(SETTINGS)
MAX_CHARS = 20_000  # longer inputs only slow the search down


def check_spans(article: Article) -> None:
    """Every stand-off annotation lies inside the text and says what it covers."""
    text = article.text
    for spans in (article.paragraphs, article.sentences):
        assert all(0 <= s.start < s.end <= len(text) for s in spans), "span outside the text"
    for m in article.mentions:
        assert text[m.start : m.end] == m.text and 0 <= m.start < m.end <= len(text), f"mention {m}"
    ids = {e.id for e in article.entities}
    for q in article.quotes:
        assert 0 <= q.start < q.end <= len(text) and q.parts, f"quote {q}"
        assert q.text == " ".join(text[p.start : p.end] for p in q.parts), f"quote text {q}"
        assert q.speaker is None or q.speaker in ids, f"speaker {q.speaker!r}"
        if q.cue is not None and q.cue_start is not None:
            assert text[q.cue_start : q.cue_end] == q.cue, f"cue {q}"


def run_twice(process: Callable[[], Article | None]) -> Article | None:
    """The result of `process`, checked, and the same when asked again; None when the input was refused."""
    try:
        first = process()
    except WartaError:
        return None
    if first is not None:
        check_spans(first)
        assert process() == first, "not deterministic"
    return first


def fuzz_extract(data: bytes) -> None:
    run_twice(lambda: PIPE.run(Raw(content=data, format="html", origin="fuzz.html", url="https://contoh.id/b/1")))


def fuzz_text(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    as_is = provider.ConsumeBool()
    text = provider.ConsumeUnicodeNoSurrogates(MAX_CHARS)
    article = run_twice(lambda: PIPE.run(Raw(content=text, format="text", origin="fuzz.txt", as_is=as_is)))
    if article is not None and as_is:
        assert article.text == text, "--as-is changed the text"


def fuzz_clean(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(MAX_CHARS)
    article = run_twice(lambda: Clean(SETTINGS)(Article(id="x", text=text)))
    if article is not None and article.paragraphs:
        assert "\n\n".join(p.slice(article.text) for p in article.paragraphs) == article.text, "paragraphs"


def fuzz_sentences(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(MAX_CHARS)
    spans = split(text, Span(0, len(text)))
    covered = list(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text) and not text[span.start].isspace(), f"sentence {span}"
        covered[span.start : span.end] = " " * (span.end - span.start)
    assert not "".join(covered).strip(), "text outside every sentence"


def fuzz_quotes(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    picks = provider.ConsumeIntList(provider.ConsumeIntInRange(0, 6), 2)
    text = provider.ConsumeUnicodeNoSurrogates(MAX_CHARS)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    mentions, last = [], -1
    for pick in sorted({words[p % len(words)] for p in picks} if words else set()):
        if pick[0] >= last:
            mentions.append(Mention(pick[0], pick[1], text[pick[0] : pick[1]], "person", f"person-{pick[0] % 3}"))
            last = pick[1]
    article = Sentences(SETTINGS)(Clean(SETTINGS)(Article(id="x", text=text, as_is=True)))
    article = replace(article, mentions=tuple(mentions))
    found = run_twice(lambda: Quotes(SETTINGS)(article))
    people = {m.entity for m in mentions}
    assert found is not None and all(q.speaker is None or q.speaker in people for q in found.quotes), "speaker"


def fuzz_jsonl(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(MAX_CHARS)
    detect_format(text, "")
    items = list(parse_jsonl(text, "fuzz.jsonl"))
    assert len(items) == sum(1 for line in jsonl_lines(text) if line.strip()), "one item per record"
    for item in items:
        assert isinstance(item, Raw | Unreadable) and (isinstance(item, Raw) or "\n" not in item.error)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "extract": fuzz_extract,
    "text": fuzz_text,
    "clean": fuzz_clean,
    "sentences": fuzz_sentences,
    "quotes": fuzz_quotes,
    "jsonl": fuzz_jsonl,
}


def main(argv: list[str]) -> None:
    """Fuzz the target named by the first argument; the other arguments go to libFuzzer."""
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: {argv[0]} {{{'|'.join(TARGETS)}}} [libFuzzer options] [corpus folders]")
    atheris.Setup([argv[0], *argv[2:]], TARGETS[argv[1]])
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
