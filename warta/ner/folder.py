"""A model folder: the one shipped with Warta and the names of the files every model folder holds (the word
lists name their own files in `warta.ner.lexicons`, the casing and clusters in their modules)."""

from __future__ import annotations

from pathlib import Path

MODEL_FILE = "model.crfsuite"
PROVENANCE_FILE = "PROVENANCE.json"
SHIPPED = Path(__file__).resolve().parent.parent / "models" / "ner"
