"""Quotes: direct quotes in quote marks closed (or opened) by a speech cue, and indirect quotes of the
forms "X mengatakan (bahwa) …", "Menurut X, …" and "…, lanjut X, …".

Speakers: the person named after the cue; for a -nya cue or a pronoun, the most recent salient person
before the quote. A person mention is salient when it is the subject of speech (followed by a speech verb),
the speaker of an earlier quote, or opens a sentence; failing those, the most recent person mention.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property

from warta.ids import make_id
from warta.model import Article, Mention, Quote, Span
from warta.stages.quotes.forms import (
    _ACTIVE,
    _CUE_AFTER,
    _CUE_INSIDE,
    _INDIRECT,
    _INTERJECTION,
    _INTERJECTION_NYA,
    _MENURUT,
    _PENDING,
    _PRONOUN,
    _RESUME,
    _SAID_BY,
    _SENTENCE_END,
    _SUBJECT_GAP,
    CLOSING,
    INDIRECT_VERBS,
    OPENING,
    SPEAKING_BODIES,
    _adjacent,
    _is_statement,
    _strip,
    unnamed_speaker,
)
from warta.stages.quotes.spans import (
    Covered,
    FirstMatch,
    Implied,
    Mentions,
    continuation_stops,
    paragraph_openings,
)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    text: str


class Finder:
    """Finds the quotes of one article, keeping track of who spoke last."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.text = article.text
        self.persons = Mentions(m for m in article.mentions if m.type == "person")
        self.people = {m.entity for m in self.persons.items}
        self.bodies = Mentions(m for m in article.mentions if m.type in SPEAKING_BODIES)
        self.paragraphs = list(article.paragraphs or (Span(0, len(self.text)),))
        self.sentences = sorted(article.sentences, key=lambda s: s.start)
        self.sentence_starts = [s.start for s in self.sentences]
        self.resume = 0  # where the next direct quote may start (after one that ran into later paragraphs)
        self.quotes: list[Quote] = []
        # Searches that would otherwise run again for every quote mark of a paragraph (hostile input)
        self.openings = paragraph_openings(self.text, self.paragraphs, CLOSING)
        self.stops = continuation_stops(self.openings)
        self.index = {para: i for i, para in enumerate(self.paragraphs)}
        self.cues_inside = FirstMatch(_CUE_INSIDE, self.text)
        self.junk_until = -1  # quote marks before this position are followed by nothing but marks up to a cue

    def run(self) -> list[Quote]:
        paragraphs = self.paragraphs
        for para in paragraphs:
            self._direct(para)
        taken = Covered(Span(q.start, q.end) for q in self.quotes)
        for sent in self.article.sentences or paragraphs:
            if not taken.overlaps(sent):
                self._indirect(sent)
        return self._resolve_pending(sorted(self.quotes, key=lambda q: q.start))

    def _resolve_pending(self, quotes: list[Quote]) -> list[Quote]:
        """Give each quote whose speaker is implied (-nya, a pronoun, no cue) its speaker, in text order, now
        that every quote before it is known."""
        if not any(_pending(q) for q in quotes):
            return quotes
        implied = Implied(self.persons, self._is_salient)  # the speaker a -nya cue or a pronoun refers to
        done: list[Quote] = []
        for quote in quotes:
            if quote.speaker is not None and _pending(quote):
                quote = replace(quote, speaker=implied.speaker(int(quote.speaker[len(_PENDING) :])))
            done.append(quote)
            if quote.kind == "direct":
                implied.quoted(Span(quote.start, quote.end))
            if quote.speaker in self.people:
                implied.said(quote.end, quote.speaker)
        return done

    # -------------------------------------------------------------- direct quotes

    def _direct(self, para: Span) -> None:
        pos = max(para.start, self.resume)
        while True:
            open_at = self._next_open(pos, para.end)
            if open_at is None:
                return
            pos = self._one_direct(open_at, para) or open_at + 1

    def _next_open(self, pos: int, end: int) -> int | None:
        for i in range(pos, end):
            ch = self.text[i]
            if ch in '“"' or (ch == "”" and (i == 0 or not self.text[i - 1].isalnum())):
                return i
        return None

    def _one_direct(self, open_at: int, para: Span) -> int | None:
        close_mark = CLOSING[self.text[open_at]]
        close_at = self.text.find(close_mark, open_at + 1, para.end)
        if close_at < 0:
            return self._continued(open_at, para) or self._unclosed(open_at, para)
        cue = self._cue_after(close_at + 1, para.end)
        inner = _strip(self.text, open_at + 1, close_at)
        if inner is None or len(self.text[inner.start : inner.end].split()) < 3:
            return close_at + 1
        speaker = self._speaker_after_cue(cue, inner.start) if cue else self._speaker_before_colon(open_at)
        if cue is None and speaker is None and not _is_statement(self.text, inner, close_at):
            return close_at + 1  # a quoted name or phrase ("Kota Layak Anak"), not something said
        if cue is None and speaker is None:
            speaker = self._salient_before(open_at)
        parts, end = [inner], close_at + 1
        if cue is not None:
            second = self._resumed(cue.end, para)
            if second is not None:
                parts.append(second[0])
                end = second[1]
        self._add_parts(parts, "direct", cue, speaker)
        return end

    def _resumed(self, after_cue: int, para: Span) -> tuple[Span, int] | None:
        """The second part of a quote the attribution interrupts ("“…,” kata X, “…”"): its words and the
        position after its closing mark; None when no quote resumes or the resumed one has its own cue."""
        match = _RESUME.match(self.text, after_cue, para.end)
        if match is None:
            return None
        open_at = match.end()
        close_at = self.text.find(CLOSING[self.text[open_at]], open_at + 1, para.end)
        if close_at < 0 or self._cue_after(close_at + 1, para.end) is not None:
            return None
        inner = _strip(self.text, open_at + 1, close_at)
        return (inner, close_at + 1) if inner is not None else None

    def _continued(self, open_at: int, para: Span) -> int | None:
        """A quote left open at the end of its paragraph, going on in the next ones as long as each opens
        with a quote mark, up to the closing mark (the usual way to quote several paragraphs)."""
        index = self.index.get(para)
        if index is None or self.stops[index] >= len(self.paragraphs):
            return None
        stop = self.stops[index]
        last = self.openings[stop]
        if last is None:
            return None  # the paragraph after the ones carrying the quote on opens with no mark
        parts = [Span(open_at + 1, para.end)]
        for nxt, opening in zip(self.paragraphs[index + 1 : stop], self.openings[index + 1 : stop], strict=True):
            parts.append(Span(opening.mark + 1, nxt.end) if opening else nxt)  # each opens, none closes
        close_at = last.close
        parts.append(Span(last.mark + 1, close_at))
        cue = self._cue_after(close_at + 1, self.paragraphs[stop].end)
        spans = [p for p in (_strip(self.text, p.start, p.end) for p in parts) if p is not None]
        speaker = self._speaker_after_cue(cue, spans[0].start) if cue else self._salient_before(open_at)
        self._add_parts(spans, "direct", cue, speaker)
        self.resume = close_at + 1
        return close_at + 1

    def _unclosed(self, open_at: int, para: Span) -> int | None:
        """An opening mark never closed in the paragraph: the quote ends at its cue (", ungkapnya")."""
        match = self.cues_inside.search(open_at + 1, para.end)
        if match is None or open_at < self.junk_until:
            return None
        inner = _strip(self.text, open_at + 1, match.start())
        if inner is None:
            self.junk_until = match.start()  # so are the marks after this one, up to the cue
            return None
        cue = _Cue(match.start("cue"), match.end("cue"), match.group("cue"))
        self._add(inner, "direct", cue, self._speaker_after_cue(cue, inner.start))
        return match.end()

    def _cue_after(self, pos: int, end: int) -> _Cue | None:
        match = _CUE_AFTER.match(self.text, pos, end)
        return _Cue(match.start("cue"), match.end("cue"), match.group("cue")) if match else None

    def _speaker_before_colon(self, open_at: int) -> str | None:
        """'X mengatakan, "…"' / 'X menegaskan: "…"': the subject just before the quote."""
        before = self.text[max(0, open_at - 160) : open_at]
        match = re.search(rf"(?:{INDIRECT_VERBS})\s*(?:bahwa\s*)?[,:]?\s*$", before)
        if match is None:
            return None
        verb_at = open_at - len(before) + match.start()
        return self._subject_before(verb_at)

    # -------------------------------------------------------------- indirect quotes

    def _indirect(self, sent: Span) -> None:
        for finder in (self._menurut_form, self._verb_form, self._interjection_form):
            if finder(sent):
                return

    def _verb_form(self, sent: Span) -> bool:
        for match in _INDIRECT.finditer(self.text, sent.start, sent.end):
            speaker = self._subject_before(match.start())
            if speaker is None:
                continue
            rest = _strip(self.text, match.end(), sent.end)
            if rest is None or self.text[rest.start] in OPENING or len(self._words(rest)) < 4:
                continue
            cue = _Cue(match.start("verb"), match.end("verb"), match.group("verb"))
            self._add(rest, "indirect", cue, speaker)
            return True
        return False

    def _menurut_form(self, sent: Span) -> bool:
        match = _MENURUT.search(self.text, sent.start, sent.end)
        if match is None:
            return False
        comma = self.text.find(",", match.end(), sent.end)
        if comma < 0:
            return False
        if match.group("pronoun"):
            speaker = self._salient_before(match.start())
        else:
            person = self._mention_at(match.end(), window=120)
            if person is not None and person.start > comma and not self.text[comma : person.start].strip(" ,"):
                comma = self.text.find(",", person.end, sent.end)  # "Menurut Kepala X, Nama, …"
            speaker = person.entity if person is not None and 0 <= person.end <= comma else None
        rest = _strip(self.text, comma + 1, sent.end)
        if speaker is None or rest is None or len(self._words(rest)) < 4:
            return False
        said = match.group(0).rstrip()  # the cue without the spaces the pattern takes after it
        cue = _Cue(match.start(), match.start() + len(said), said)
        self._add(rest, "indirect", cue, speaker)
        return True

    def _interjection_form(self, sent: Span) -> bool:
        match = _INTERJECTION_NYA.search(self.text, sent.start, sent.end)
        if match is not None:
            speaker = self._salient_before(match.start())
        else:
            match = _INTERJECTION.search(self.text, sent.start, sent.end)
            if match is None:
                return False
            speaker = self._who(match.start("who"), match.end("who"))
        if speaker is None:
            return False
        parts = [
            p
            for p in (_strip(self.text, sent.start, match.start()), _strip(self.text, match.end(), sent.end))
            if p is not None
        ]
        if sum(len(self._words(p)) for p in parts) < 4:
            return False
        cue = _Cue(match.start("cue"), match.end("cue"), match.group("cue"))
        self._add_parts(parts, "indirect", cue, speaker)
        return True

    def _who(self, start: int, end: int) -> str | None:
        """The speaker named in an interjection ("lanjut Bupati", "kata dia")."""
        if _PRONOUN.fullmatch(self.text, start, end):
            return self._salient_before(start)
        person = self._mention_at(start)
        return person.entity if person is not None and person.start < end else None

    # -------------------------------------------------------------- speakers

    def _speaker_after_cue(self, cue: _Cue | None, quote_start: int) -> str | None:
        if cue is None:
            return None
        if not cue.text.lower().endswith("nya"):
            after = self._mention_at(cue.end, window=90)
            if after is not None:
                return after.entity
            if unnamed_speaker(self.text, cue.end):
                return None  # "ujar sang aparat", "kata seorang warga": someone the article does not name
        return self._salient_before(quote_start)

    def _mention_at(self, pos: int, window: int = 60) -> Mention | None:
        """The first person mention starting within `window` characters after `pos`, before a sentence end."""
        for m in self.persons.starting(pos, pos + window):
            if _SENTENCE_END.search(self.text[pos : m.start].replace("Kab.", "")) is None:
                return m
        return None

    def _subject_before(self, verb_at: int) -> str | None:
        """The speaker whose mention (or pronoun) ends right before a speech verb, allowing an age and a
        relative clause between ("Wali Kota X, yang meninjau lokasi, menilai"); failing a person, a body
        ("Polri menyatakan", "BPBD Kota Pasuruan mengimbau")."""
        gap_start = max(0, verb_at - 130)
        for m in reversed(self.persons.ending(gap_start, verb_at)):
            if _adjacent(self.text, m.end, verb_at):
                return m.entity
        for pronoun in _PRONOUN.finditer(self.text, max(0, verb_at - 40), verb_at):
            if not self.text[pronoun.end() : verb_at].strip():
                return self._salient_before(pronoun.start())
        person = self._sentence_subject(verb_at)
        if person is not None:
            return person
        body = next(reversed(self.bodies.ending(gap_start, verb_at)), None)
        return body.entity if body is not None and _adjacent(self.text, body.end, verb_at) else None

    def _sentence_subject(self, verb_at: int) -> str | None:
        """The person opening the sentence when only a short phrase stands between it and the verb
        ("Bupati Malang dalam sambutannya menegaskan …")."""
        sent = self._sentence_at(verb_at)
        if sent is None:
            return None
        inside = [m for m in self.persons.starting(sent.start, verb_at + 1) if m.end <= verb_at]
        if not inside or inside[0].start - sent.start > 25 or len({m.entity for m in inside}) > 1:
            return None
        first = inside[0]
        if _SUBJECT_GAP.fullmatch(self.text, first.end, verb_at) is None:
            return None
        return first.entity

    def _salient_before(self, pos: int) -> str | None:
        """A placeholder for the implied speaker at `pos`, resolved once all quotes are found."""
        return f"{_PENDING}{pos}"

    def _sentence_at(self, pos: int) -> Span | None:
        """The sentence holding the character at `pos`."""
        i = bisect_right(self.sentence_starts, pos) - 1
        return self.sentences[i] if i >= 0 and pos < self.sentences[i].end else None

    @cached_property
    def speakers(self) -> set[str | None]:
        """Speakers of the quotes found, read once every quote is found (while implied speakers are resolved)."""
        return {q.speaker for q in self.quotes}

    def _is_salient(self, m: Mention) -> bool:
        after = re.match(
            rf"(?:\s*\(\d{{1,3}}\))?,?[^.,;:“”\"]{{0,60}}?\b(?:{INDIRECT_VERBS}|{_ACTIVE})\b",
            self.text[m.end : m.end + 90],
        )
        if after is not None and not self.persons.starting(m.end + 1, m.end + after.end()):
            return True
        sent = self._sentence_at(m.start)
        if sent is not None and m.start - sent.start <= 2:
            return True
        if m.entity in self.speakers:
            return True
        return _SAID_BY.search(self.text[max(0, m.start - 30) : m.start]) is not None

    # -------------------------------------------------------------- helpers

    def _words(self, span: Span) -> list[str]:
        return self.text[span.start : span.end].split()

    def _add(self, span: Span, kind: str, cue: _Cue | None, speaker: str | None) -> None:
        self._add_parts([span], kind, cue, speaker)

    def _add_parts(self, parts: list[Span], kind: str, cue: _Cue | None, speaker: str | None) -> None:
        start, end = parts[0].start, parts[-1].end
        quote_text = " ".join(self.text[p.start : p.end] for p in parts)
        self.quotes.append(
            Quote(
                id=make_id("quote", self.article.id, start, end),
                start=start,
                end=end,
                text=quote_text,
                kind=kind,
                cue=cue.text if cue else None,
                speaker=speaker,
                cue_start=cue.start if cue else None,
                cue_end=cue.end if cue else None,
                parts=tuple(parts),
            )
        )


def _pending(quote: Quote) -> bool:
    """Whether a quote's speaker is implied (a -nya cue, a pronoun, no cue) and still to be resolved."""
    return quote.speaker is not None and quote.speaker.startswith(_PENDING)
