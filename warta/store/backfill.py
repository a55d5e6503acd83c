"""The data steps of the schema migrations: per version, Python that fills what SQL alone cannot compute the way
the write path does, for the rows stored before that version.

`warta.store.migrate` runs a version's step after its SQL file, in the same transaction. The openers
(`warta.store.sqlite`, `warta.store.postgres`) pass `DATA_STEPS` to it, so that the migration runner imports none
of the store's logic (isus, name keys, documents): it stays below them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from warta.store.isu import fill_isus
from warta.store.names import fill_name_keys

if TYPE_CHECKING:
    from collections.abc import Mapping

    from warta.store.connection import Connection
    from warta.store.migrate import DataStep


def fill_tone(conn: Connection) -> None:
    """Copy the tone of the stored documents that carry one into the tone columns of version 9 (of the article,
    its quotes and its entities), as the write path sets them. Only documents holding the word `"tone"` are
    parsed, so a store saved without the tone stage costs one scan."""
    articles: list[tuple[object, ...]] = []
    quotes: list[tuple[object, ...]] = []
    entities: list[tuple[object, ...]] = []
    for article_id, text in conn.execute("SELECT id, document FROM articles WHERE instr(document, '\"tone\"') > 0"):
        doc = json.loads(text)
        articles.append((*_tone_of(doc.get("article")), article_id))
        quotes += [(*_tone_of(q), article_id, q.get("id")) for q in doc.get("quotes", ())]
        entities += [(*_tone_of(e), _evidence(e), article_id, e.get("id")) for e in doc.get("entities", ())]
    conn.executemany("UPDATE articles SET tone_label = ?, tone_score = ? WHERE id = ?", articles)
    conn.executemany("UPDATE quotes SET tone_label = ?, tone_score = ? WHERE article_id = ? AND id = ?", quotes)
    conn.executemany(
        "UPDATE article_entities SET tone_label = ?, tone_score = ?, tone_evidence = ? "
        "WHERE article_id = ? AND entity_id = ?",
        entities,
    )


def _tone_of(part: object) -> tuple[str | None, float | None]:
    """The (label, score) of a document part's `tone`, or (None, None)."""
    tone = part.get("tone") if isinstance(part, dict) else None
    if not isinstance(tone, dict) or not isinstance(tone.get("label"), str):
        return (None, None)
    score = tone.get("score")
    return (tone["label"], float(score) if isinstance(score, int | float) else None)


def _evidence(entity: dict[str, object]) -> int | None:
    tone = entity.get("tone")
    evidence = tone.get("evidence") if isinstance(tone, dict) else None
    return evidence if isinstance(evidence, int) else None


# Per version, what runs after its SQL file on either dialect, in the same transaction. (Version 12's category
# column is filled by its SQL file alone.)
DATA_STEPS: Mapping[int, DataStep] = {
    8: fill_name_keys,  # entities.name_keys of the entities stored before version 8
    9: fill_tone,  # the tone columns of the articles stored (with a tone) before version 9
    10: fill_isus,  # the isus of the articles stored before version 10
}
