"""Access control as FastAPI dependencies: `Authorization: Bearer TOKEN`, checked against the store's hashed
tokens (`warta.store.tokens`).

- `require("write")`, `require("admin")`: the endpoint needs a valid token of that scope or a wider one
  (admin ⊇ write ⊇ read). No token or an unknown or revoked one: 401 with `WWW-Authenticate: Bearer`; a valid
  token of a narrower scope: 403.
- `check_header`, `required_scope`: the same check on a raw `Authorization` header, and the scope a route's
  `require` dependency needs, for `warta.api.limits`, which refuses a body before reading it.
- `read_access`: on every read route (API and web pages); a no-op while the app's read access is "open", a
  token of any scope when it is "required" (`Settings.read_access`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param

from warta.errors import InputError
from warta.serving import Db
from warta.store.sqlstore import SQLStore
from warta.store.tokens import Token, allows

READ_ACCESS = ("open", "required")

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An access token from `warta token create NAME --scope read|write|admin`.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def check_read_access(value: str) -> str:
    """The setting's value, if it is one of READ_ACCESS; InputError otherwise."""
    if value not in READ_ACCESS:
        raise InputError(f"read_access is {value!r}; set WARTA_READ_ACCESS to 'open' or 'required'")
    return value


def _unauthorized(message: str, error: str | None = None) -> HTTPException:
    challenge = 'Bearer realm="warta"' + (f', error="{error}"' if error else "")
    return HTTPException(401, message, headers={"WWW-Authenticate": challenge})


def _caller(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Token:
    """The valid token the request carries; 401 when it carries none, or an unknown or revoked one."""
    return _verified(request.app.state.db, credentials.credentials if credentials else "")


def _verified(db: Db, plain: str) -> Token:
    """The valid token `plain`; 401 when it is empty, unknown or revoked."""
    if not plain:
        raise _unauthorized("an access token is needed: send the header 'Authorization: Bearer TOKEN'")
    token = db.call(SQLStore.verify_token, plain)
    if token is None:
        raise _unauthorized("the access token is unknown or revoked", "invalid_token")
    return token


def _allowed(token: Token, scope: str) -> Token:
    """The token, if its scope allows `scope`; 403 otherwise."""
    if not allows(token.scope, scope):
        raise HTTPException(403, f"this token's scope is '{token.scope}'; this needs '{scope}' or wider")
    return token


_REQUIRED: dict[Callable[..., Token], str] = {}  # each `require` dependency -> the scope it needs


def require(scope: str) -> Callable[[Request, HTTPAuthorizationCredentials | None], Token]:
    """A dependency giving the caller's token, which must allow `scope`."""

    def dependency(request: Request, credentials: Credentials) -> Token:
        return _allowed(_caller(request, credentials), scope)

    _REQUIRED[dependency] = scope
    return dependency


def required_scope(call: object) -> str | None:
    """The scope a dependency made by `require` needs, else None (any other callable)."""
    return _REQUIRED.get(call) if callable(call) else None


def check_header(db: Db, authorization: str, scope: str) -> Token:
    """The token of an `Authorization` header value, which must allow `scope`: HTTPException 401 or 403 as
    the endpoints' own check gives (for checks made before the request reaches an endpoint)."""
    scheme, plain = get_authorization_scheme_param(authorization)
    return _allowed(_verified(db, plain if scheme.lower() == "bearer" else ""), scope)


def read_access(request: Request, credentials: Credentials) -> None:
    """Nothing while read access is open; else a valid token of any scope."""
    if request.app.state.read_access == "required":
        _caller(request, credentials)


def form_write_access(request: Request, credentials: Credentials) -> None:
    """The web app's forms that write (`warta.web.watch`): nothing more while read access is open (their CSRF
    token guards them); else a token allowing `write`, as the API's writes need."""
    if request.app.state.read_access == "required":
        _allowed(_caller(request, credentials), "write")


Writer = Annotated[Token, Depends(require("write"))]
Admin = Annotated[Token, Depends(require("admin"))]
