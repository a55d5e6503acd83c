"""The watchlist (pantauan) and alert (peringatan) pages, and their forms (docs/web.md, "Pantauan dan
peringatan"). `router` holds the pages, `forms` the POST endpoints that write; `warta.app` mounts both behind
read access, the forms also behind `warta.api.auth.form_write_access` (a `write` token when the app requires
tokens for reads).

Every write is a POST carrying the form's CSRF token (`csrf`): a random value the pages set in the `warta_csrf`
cookie (HttpOnly, SameSite=Strict) and repeat in the form; a POST whose field does not equal its cookie is
refused (403), as is one whose `Origin` (or, without one, `Referer`) is another site's or whose `Sec-Fetch-Site`
says it came from another site. Nothing is written before these checks.
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from warta.errors import InputError, NotFoundError
from warta.serving import Db, get_db
from warta.store import queries
from warta.web import i18n, messages, render, unseen_alerts
from warta.web import watch_data as data

router = APIRouter(include_in_schema=False)
forms = APIRouter(include_in_schema=False)

DbDep = Annotated[Db, Depends(get_db)]
CSRF_COOKIE = "warta_csrf"
CSRF_FIELD = "csrf"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
MAX_FORM_BYTES = 64_000
MAX_FIELDS = 500
FORM_TYPE = "application/x-www-form-urlencoded"


# --- CSRF ----------------------------------------------------------------------------------------------


def csrf_token(request: Request) -> tuple[str, bool]:
    """The request's CSRF token (its cookie's, when well formed) and whether it is new (to be set)."""
    given = request.cookies.get(CSRF_COOKIE, "")
    if _TOKEN.fullmatch(given):
        return given, False
    return secrets.token_urlsafe(32), True


def same_origin(request: Request) -> bool:
    """Whether a POST comes from this site's own pages: `Sec-Fetch-Site` (when sent) is same-origin, and
    `Origin` (else `Referer`, when sent) names the host the request was sent to."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    host = request.headers.get("host", "")
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value is not None:
            return value != "null" and urlsplit(value).netloc == host
    return True


async def posted(request: Request) -> dict[str, list[str]]:
    """A form POST's fields, once its origin and CSRF token are checked: 403 for another site or a missing or
    wrong token, 400 for a body that is not a form, 413 for one over MAX_FORM_BYTES."""
    if not same_origin(request):
        raise HTTPException(403, "this form was sent from another site; open the page here and send it again")
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM_TYPE:
        raise HTTPException(400, f"a form must be sent as {FORM_TYPE}")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, f"the request body is larger than {MAX_FORM_BYTES} bytes")
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        raise HTTPException(400, f"a form of more than {MAX_FIELDS} fields") from None
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = (fields.get(CSRF_FIELD) or [""])[0]
    if not (_TOKEN.fullmatch(cookie) and hmac.compare_digest(cookie.encode(), sent.encode())):
        raise HTTPException(403, "the form's security token is missing or expired; reload the page and send it again")
    return fields


Fields = Annotated[dict[str, list[str]], Depends(posted)]


def page(request: Request, name: str, values: dict[str, Any], status: int = 200) -> Response:
    """A page of this module, with the CSRF token its forms carry (its cookie set when new)."""
    token, fresh = csrf_token(request)
    response = render(request, name, {**values, "csrf": token}, status)
    if fresh:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")  # fmt: skip
    return response


def _form_error(request: Request, db: Db, form: data.WatchForm, editing: str | None, exc: Exception) -> Response:
    """The form again, as sent, with the error said in the page's language (400)."""
    lang = i18n.choose(request.query_params.get("lang"), request.cookies)
    said = messages.localize(lang, 400, str(exc))
    values = db.call(data.form_page, form, editing)
    values |= {"error": said.text, "error_detail": said.detail, "unseen_alerts": unseen_alerts(request)}
    return page(request, "pantauan_form.html", values, 400)


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# --- pages ---------------------------------------------------------------------------------------------


@router.get("/pantauan", response_class=HTMLResponse)
def watchlists(request: Request, db: DbDep) -> Response:
    """Every watchlist, what it watches, its matches, unseen alerts and last match; the form to create one."""
    return page(request, "pantauan.html", db.call(data.list_page))


@router.get("/pantauan/baru", response_class=HTMLResponse)
def new_watchlist(request: Request, db: DbDep) -> Response:
    """The form to create a watchlist."""
    return page(request, "pantauan_form.html", db.call(data.form_page, data.WatchForm()))


@router.get("/pantauan/{wid}", response_class=HTMLResponse)
def watchlist(request: Request, db: DbDep, wid: str, lanjut: str | None = None) -> Response:
    """A watchlist and its matched articles newest first (`?lanjut=` cursor), each with why it matched."""
    return page(request, "pantauan_detail.html", db.call(data.detail_page, wid[:200], lanjut))


@router.get("/pantauan/{wid}/ubah", response_class=HTMLResponse)
def edit_watchlist(request: Request, db: DbDep, wid: str) -> Response:
    """The form to edit a watchlist (its name stays)."""
    w = db.call(queries.watchlist, wid[:200])
    return page(request, "pantauan_form.html", db.call(data.form_page, data.form_from(w), w.id))


@router.get("/peringatan", response_class=HTMLResponse)
def alerts(request: Request, db: DbDep, semua: str = "", lanjut: str | None = None) -> Response:
    """The unseen alerts newest first (`?semua=1`: every alert, seen too), each with its reasons."""
    return page(request, "peringatan.html", db.call(data.alerts_page, bool(semua), lanjut))


# --- forms ---------------------------------------------------------------------------------------------


@forms.post("/pantauan", response_class=HTMLResponse)
def create_watchlist(request: Request, db: DbDep, fields: Fields) -> Response:
    """Create a watchlist from the form; the form again with the error when it is not one. A new webhook's
    signing secret is shown once, on the page this answers with."""
    form = data.form_of(fields)
    try:
        saved, _ = db.call(data.save, form, None)
    except (InputError, NotFoundError) as exc:
        return _form_error(request, db, form, None, exc)
    if saved.webhook_secret:
        values = db.call(data.detail_page, saved.id, None) | {"secret": saved.webhook_secret}
        return page(request, "pantauan_detail.html", values, 201)
    return _see(f"/pantauan/{saved.id}")


@forms.post("/pantauan/{wid}", response_class=HTMLResponse)
def update_watchlist(request: Request, db: DbDep, wid: str, fields: Fields) -> Response:
    """Save the edited watchlist `wid` (its name, matches and alerts stay)."""
    wid = db.call(queries.watchlist, wid[:200]).id
    form = data.form_of(fields)
    try:
        db.call(data.save, form, wid)
    except (InputError, NotFoundError) as exc:
        return _form_error(request, db, form, wid, exc)
    return _see(f"/pantauan/{wid}")


@forms.post("/pantauan/{wid}/hapus", response_class=HTMLResponse)
def delete_watchlist(db: DbDep, wid: str, fields: Fields) -> Response:
    """Delete a watchlist with its matches and alerts, once its box "yes, delete" is checked."""
    w = db.call(queries.watchlist, wid[:200])
    if not (fields.get("yakin") or [""])[0]:
        raise InputError("check the box to confirm that the watchlist is to be deleted")
    db.call(lambda store: store.remove_watchlist(w.name))
    return _see("/pantauan")


@forms.post("/peringatan/dibaca", response_class=HTMLResponse)
def mark_read(db: DbDep, fields: Fields) -> Response:
    """Mark alerts as read: the `alert` ids sent, and with `sampai` every unseen alert up to that match time."""
    ids = [a[:100] for a in fields.get("alert", [])][: data.MAX_ALL]
    db.call(data.mark_read, ids, (fields.get("sampai") or [""])[0][:40])
    return _see("/peringatan" + ("?semua=1" if (fields.get("semua") or [""])[0] else ""))


__all__ = ["CSRF_COOKIE", "csrf_token", "forms", "router", "same_origin"]
