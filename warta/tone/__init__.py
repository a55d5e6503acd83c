"""Tone of a text (`positif | negatif | netral`, a score from -1 to 1 and a confidence): a hashed-feature
logistic regression with a hand-written lexicon and negation (docs/tone.md)."""

from warta.model import Tone
from warta.tone.model import SHIPPED, ToneModel

__all__ = ["SHIPPED", "Tone", "ToneModel"]
