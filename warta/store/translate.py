"""The store's SQL (SQLite's dialect) as psycopg runs it on PostgreSQL.

Outside string literals, quoted identifiers and comments: `?` becomes `%s` and `:name` becomes `%(name)s` (a
`::type` cast stays); SQLite's `CROSS JOIN … ON` (a join-order hint there) becomes a plain `JOIN`, and `LIKE`,
case-insensitive for ASCII in SQLite, becomes `ILIKE`. Every `%`, even inside a literal, becomes `%%`, since
psycopg reads placeholders everywhere. Translations are cached.

Parameters are bound by the server (the statement prepared once per connection and typed from where each
parameter stands) unless one stands where nothing gives it a type: `? IS NULL` (`client_binding`). Such a
statement is bound on the client instead, where a parameter means what a literal would.
"""

from __future__ import annotations

import re
from functools import lru_cache

# One token at a time: a literal or comment (kept as is), a parameter, a percent sign, or plain text.
_TOKEN = re.compile(
    r"""
    (?P<keep>'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/)
    | (?P<cast>::)
    | (?P<named>:[A-Za-z_]\w*)
    | (?P<positional>\?)
    | (?P<percent>%)
    | (?P<text>[^'"\-/:?%]+|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CROSS_JOIN = re.compile(r"\bCROSS\s+JOIN\b", re.IGNORECASE)
_LIKE = re.compile(r"\bLIKE\b", re.IGNORECASE)
_UNTYPED = re.compile(r"%(?:\(\w+\))?s\s+IS\s+(?:NOT\s+)?NULL\b", re.IGNORECASE)


@lru_cache(maxsize=2048)
def to_postgres(sql: str) -> str:
    """`sql` with psycopg placeholders and PostgreSQL's spelling of SQLite's idioms."""
    out: list[str] = []
    for match in _TOKEN.finditer(sql):
        kind, token = match.lastgroup, match.group()
        if kind == "named":
            out.append(f"%({token[1:]})s")
        elif kind == "positional":
            out.append("%s")
        elif kind == "percent":
            out.append("%%")
        elif kind == "text":
            out.append(_LIKE.sub("ILIKE", _CROSS_JOIN.sub("JOIN", token)))
        else:
            out.append(token.replace("%", "%%"))
    return "".join(out)


@lru_cache(maxsize=2048)
def client_binding(translated: str) -> bool:
    """Whether a translated statement has a parameter no context types (`%s IS NULL`)."""
    return _UNTYPED.search(translated) is not None


_VALUES = re.compile(
    r"^(?P<head>.*\bVALUES\s*)(?P<row>\((?:\s*%s\s*,)*\s*%s\s*\))(?P<tail>.*)$", re.DOTALL | re.IGNORECASE
)


@lru_cache(maxsize=512)
def multi_row(translated: str, rows: int) -> str | None:
    """A translated `INSERT … VALUES (%s, …)` for `rows` rows at once, or None when the statement is not a plain
    insert of one row of positional parameters (an upsert that updates cannot take a key twice in a statement)."""
    match = _VALUES.match(translated)
    if match is None or "DO UPDATE" in match["tail"].upper():
        return None
    return match["head"] + ", ".join([match["row"]] * rows) + match["tail"]
