"""Tone toward one entity in a sentence: the sentence's tone, turned by the entity's part in it.

"Polres Lamongan berhasil mengungkap kasus narkoba; tersangka AS ditangkap" is positive for the police and
negative for the suspect. The rules read the words around the entity's mention:

- a **patient** of law enforcement (after "tersangka", "pelaku", "terdakwa"; before a passive such as
  "ditangkap", "ditahan", "ditetapkan sebagai tersangka"; after an active such as "menangkap", "menahan") is
  `negatif`, whatever the sentence's tone;
- an **agent** of law enforcement or of a rescue (before "menangkap", "mengungkap", "menyita", "mengevakuasi";
  after "oleh" following a passive) is `positif`; a court that sentences is not an agent (its act is routine),
  nor is one that "diduga menahan" stock;
- a **victim** ("korban X") is `netral`, and so is a **speaker** ("kata X", "ujar X", "X mengatakan") of bad
  news: a complaint or a criticism reported is not the news's judgement of the one who makes it (a speaker of
  good news shares its tone, as analysts code it);
- otherwise the entity takes the sentence's tone.
"""

from __future__ import annotations

import re

from warta.kb.lexicons import speech_pattern
from warta.model import Tone

_PATIENT_BEFORE = re.compile(
    r"\b(?:tersangka|pelaku|terdakwa|terpidana|terlapor|buronan|buron|penipu|pengedar|bandar|pencuri|"
    r"oknum)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_PASSIVE = (
    r"ditangkap|diamankan|ditahan|dibekuk|diringkus|dicokok|ditetapkan\s+(?:sebagai\s+)?tersangka|divonis|"
    r"dituntut|dijatuhi|dijebloskan|dipecat|dicopot|diberhentikan|digerebek|dilaporkan\s+ke\s+polisi|"
    r"terjerat|terlibat|diduga\s+(?:melakukan|terlibat|menyelewengkan|korupsi)|menjadi\s+tersangka"
)
_PASSIVE_AFTER = re.compile(rf"^[^.;:]{{0,60}}?\b(?:{_PASSIVE})\b", re.I)
_ENFORCE = (
    r"menangkap|mengamankan|menahan|membekuk|meringkus|mengungkap|menetapkan|menggerebek|menyita|menindak|"
    r"memberantas|menggagalkan|membongkar"
)
_COURT = r"memvonis|menuntut|menjatuhkan"  # a court's or a prosecutor's routine act: its object is the patient
_RESCUE = r"menyelamatkan|mengevakuasi"  # its agent is praised, its object is not blamed
_ACTIVE_AFTER = re.compile(
    rf"^[\s,]{{0,3}}(?:(?!diduga\b|dituding\b|dituduh\b)\w+\s+){{0,4}}?(?:berhasil\s+|telah\s+|segera\s+)?"
    rf"(?:{_ENFORCE}|{_RESCUE})\b",
    re.I,
)
_ACTIVE_BEFORE = re.compile(rf"\b(?:{_ENFORCE}|{_COURT})\s+(?:[\w.-]+,?\s+){{0,5}}$", re.I)
_SENTENCED_BEFORE = re.compile(r"\b(?:vonis|hukuman|pidana)\b[^.;:]{0,60}\bkepada\s+(?:[\w.-]+,?\s+){0,5}$", re.I)
_AGENT_BEFORE = re.compile(rf"\b(?:{_PASSIVE})\b[^.;:]{{0,40}}\boleh\s+$", re.I)
_VICTIM_BEFORE = re.compile(r"\b(?:korban|pasien|penumpang|pengungsi|warga\s+terdampak)\s+(?:\w+\s+){0,1}$", re.I)
_SPEECH_BEFORE = re.compile(rf"\b(?:{speech_pattern('cue')}|menurut)\s+$", re.I)
_SPEECH_AFTER = re.compile(rf"^[\s,]{{0,3}}(?:juga\s+|pun\s+)?(?:{speech_pattern('verb')})\b", re.I)

WINDOW = 60  # characters read on each side of the mention


def toward(sentence: str, start: int, end: int, tone: Tone, kind: str = "person") -> Tone:
    """The tone toward the entity mentioned at `sentence[start:end]`, given the sentence's tone; `kind` is the
    entity's type family (person, organization, place, other)."""
    before = sentence[max(0, start - WINDOW) : start]
    after = sentence[end : end + WINDOW]
    if kind in ("person", "organization") and _is_patient(before, after):
        return Tone("negatif", min(tone.score, -0.5), max(tone.confidence, 0.6))
    if kind != "place" and _is_agent(before, after):
        return Tone("positif", max(tone.score, 0.5), max(tone.confidence, 0.6))
    if _VICTIM_BEFORE.search(before) or (tone.label == "negatif" and _is_speaker(before, after)):
        return Tone("netral", 0.0, tone.confidence)
    return Tone(tone.label, tone.score, tone.confidence)


def _is_patient(before: str, after: str) -> bool:
    if _PATIENT_BEFORE.search(before) or _ACTIVE_BEFORE.search(before) or _SENTENCED_BEFORE.search(before):
        return True
    passive = _PASSIVE_AFTER.match(after)
    return passive is not None and "oleh" not in passive.group(0).lower()


def _is_agent(before: str, after: str) -> bool:
    return bool(_AGENT_BEFORE.search(before) or _ACTIVE_AFTER.match(after))


def _is_speaker(before: str, after: str) -> bool:
    return bool(_SPEECH_BEFORE.search(before) or _SPEECH_AFTER.match(after))
