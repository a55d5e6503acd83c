"""Coordination inside a capitalized run: where an organization's name ends when "dan", "serta" or a comma
joins it to the next party ("perwakilan Kementerian Kesehatan dan Kepala Dinas Kesehatan Kota Batu …" names a
ministry and then a person), while official names that contain "dan" (Kementerian Komunikasi dan
Informatika, Dinas Perdagangan dan Perindustrian) stay whole: what follows their "dan" is a field, not a
title or a body."""

from __future__ import annotations

import re

from warta.kb import bodies, units
from warta.kb import roles as kbroles
from warta.stages.entities.events import ORG_HEADS

# Words that open the name of a body of their own, besides the knowledge base's bodies and units.
PARTY_HEADS = ORG_HEADS | frozenset(
    "Kementerian Pemerintah Pemkab Pemkot Pemprov Dinas Partai PT CV Perum Kepolisian Timnas".split()
)
_CONNECTOR = re.compile(r"[ \t]*,[ \t]*(?:(?:dan|serta)[ \t]+)?|[ \t]+(?:dan|serta)[ \t]+")
_WORDS = re.compile(r"[A-Za-z][\w'’.-]*(?:[ \t]+[A-Za-z][\w'’.-]*){0,5}")
_LONGEST = 6


def coordinated_end(text: str, start: int, end: int) -> int:
    """The end of the name written in `text[start:end]`: before the first "dan", "serta" or comma that joins it
    to a new title or body; `end` when there is none."""
    for m in _CONNECTOR.finditer(text, start, end):
        if m.start() > start and m.end() < end and starts_party(text, m.end()):
            return m.start()
    return end


def starts_party(text: str, pos: int) -> bool:
    """Whether a new title ("Kepala Dinas", "Bupati") or a new body (a knowledge-base name or acronym, a
    regional unit, a head word such as Kementerian, Badan, Universitas, PT) begins at `pos`."""
    run = _WORDS.match(text, pos)
    if run is None or not run.group(0)[0].isupper():
        return False
    words = run.group(0).split()
    if words[0] in PARTY_HEADS:
        return True
    for n in range(min(len(words), _LONGEST), 0, -1):
        phrase = " ".join(words[:n]).rstrip(".,")
        if bodies.lookup(phrase) or units.match_unit(phrase) or kbroles.match_title(phrase):
            return True
    return False
