"""Access tokens in SQL: created, verified, listed and revoked. Only a token's SHA-256 hash is stored.

A token is `wt_` followed by 32 random bytes (`secrets.token_urlsafe`), so a fast hash is enough: nobody can
guess it from the hash, and checking it costs a microsecond. The plain token is returned once, by `create`, and
never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from warta.errors import InputError, NotFoundError
from warta.store.connection import Connection

SCOPES = ("read", "write", "admin")  # each allows what the ones before it allow
PREFIX = "wt_"
MAX_NAME = 100
MAX_TOKEN = 200  # longer bearer values are refused without hashing them
_LAST_USED_STEP = timedelta(minutes=1)  # `last_used` is written at most once a minute per token


@dataclass(frozen=True)
class Token:
    """A stored token (never its plain value)."""

    id: int
    name: str
    scope: str
    created: str
    last_used: str | None
    revoked: str | None


def hash_token(token: str) -> str:
    """The hex SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create(conn: Connection, name: str, scope: str) -> tuple[Token, str]:
    """A new token of `scope` named `name`: the stored token and the plain value (shown once)."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InputError(f"a token needs a name of 1 to {MAX_NAME} characters (who or what uses it)")
    if scope not in SCOPES:
        raise InputError(f"unknown scope {scope!r}; use one of {', '.join(SCOPES)}")
    plain = PREFIX + secrets.token_urlsafe(32)
    created = _now()
    row = conn.execute(
        "INSERT INTO access_tokens (name, scope, hash, created) VALUES (?, ?, ?, ?) RETURNING id",
        (name, scope, hash_token(plain), created),
    ).fetchall()[0]
    return Token(int(row[0]), name, scope, created, None, None), plain


def verify(conn: Connection, token: str) -> Token | None:
    """The valid (not revoked) token with this plain value, else None; notes when it was last used."""
    if not token or len(token) > MAX_TOKEN:
        return None
    digest = hash_token(token)
    row = conn.execute(
        "SELECT id, name, scope, created, last_used, revoked, hash FROM access_tokens WHERE hash = ?", (digest,)
    ).fetchone()
    if row is None or row[5] is not None or not hmac.compare_digest(str(row[6]), digest):
        return None
    found = Token(int(row[0]), row[1], row[2], row[3], row[4], row[5])
    _touch(conn, found)
    return found


def _touch(conn: Connection, token: Token) -> None:
    """Record the use, unless it was recorded less than a minute ago (no write on every read request)."""
    now = datetime.now(UTC)
    if token.last_used and now - _parse(token.last_used) < _LAST_USED_STEP:
        return
    conn.execute("UPDATE access_tokens SET last_used = ? WHERE id = ?", (now.strftime("%Y-%m-%dT%H:%M:%SZ"), token.id))


def _parse(stamp: str) -> datetime:
    try:
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def listed(conn: Connection) -> list[Token]:
    """Every token, revoked ones too, oldest first."""
    found = conn.execute("SELECT id, name, scope, created, last_used, revoked FROM access_tokens ORDER BY id")
    return [Token(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in found]


def revoke(conn: Connection, token_id: int) -> Token:
    """Revoke a token (it stays listed); NotFoundError if there is no such token. Revoking twice keeps the
    first time."""
    conn.execute("UPDATE access_tokens SET revoked = ? WHERE id = ? AND revoked IS NULL", (_now(), token_id))
    row = conn.execute(
        "SELECT id, name, scope, created, last_used, revoked FROM access_tokens WHERE id = ?", (token_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no token with id {token_id}; see `warta token list`")
    return Token(int(row[0]), row[1], row[2], row[3], row[4], row[5])


def allows(scope: str, needed: str) -> bool:
    """Whether a token of `scope` may do what `needed` requires (admin ⊇ write ⊇ read)."""
    return scope in SCOPES and needed in SCOPES and SCOPES.index(scope) >= SCOPES.index(needed)
