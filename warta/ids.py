"""Deterministic ids: a short hash of the parts, so processing the same input twice gives the same ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_key(text: str) -> str:
    """Lowercase, accent-free, single-spaced form of a name, used inside ids and for alias matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", plain).strip().lower()


def make_id(kind: str, *parts: object) -> str:
    """`kind` plus 16 hex digits of a SHA-256 over the parts, e.g. `person-3f2a…`."""
    payload = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return f"{kind}-{hashlib.sha256(payload).hexdigest()[:16]}"


def article_id(record_id: str | None, url: str | None, text: str) -> str:
    """The input record's id, else a hash of the canonical URL, else of the text."""
    if record_id:
        return record_id
    if url:
        return make_id("art", "url", url)
    return make_id("art", "text", text)
