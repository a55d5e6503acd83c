"""Entity name keys: what entity-name matching reads (`NAME_MATCH` in `warta.store.queries._common`), folded
once when an entity is written instead of on every query.

`entities.name_keys` (migration 0008) holds the entity's folded name (`warta.ids.normalize_key`), then each
folded alias, each one after SEPARATOR. normalize_key never outputs SEPARATOR (U+001F is whitespace to Python:
it collapses to a space), and a query is folded the same way, so a query found in the column lies within one
name or alias, and `SEPARATOR + query` finds the aliases that start with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from warta.ids import normalize_key

if TYPE_CHECKING:
    from warta.store.connection import Connection

SEPARATOR = "\x1f"


def name_keys(name: str, aliases: Iterable[object]) -> str:
    """The `name_keys` of an entity: its folded name, then its folded aliases, joined by SEPARATOR (an alias
    that is not a string matches nothing, as before)."""
    return SEPARATOR.join([normalize_key(name), *(normalize_key(a) for a in aliases if isinstance(a, str))])


def fill_name_keys(conn: Connection) -> None:
    """Compute `name_keys` for every stored entity (migration 0008, for the entities stored before it)."""
    rows = conn.execute("SELECT id, name, aliases FROM entities").fetchall()
    conn.executemany(
        "UPDATE entities SET name_keys = ? WHERE id = ?",
        [(name_keys(name, json.loads(aliases)), entity_id) for entity_id, name, aliases in rows],
    )
