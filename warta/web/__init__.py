"""The web app: server-rendered pages (Jinja2, autoescaped) over `warta.store.queries`.

Pages (Indonesian paths): `/` Beranda, `/wilayah/{code}` region dashboard, `/cari` search, `/entitas/{id}`,
`/artikel/{id}`, `/isu` the isu list, `/isu/{id}` an isu, `/graf` graph explorer. The language is Indonesian
unless `?lang=en` (remembered in a cookie). Pages carry no inline script or style: the graph's data reaches
`static/graph.js` through `data-*` attributes and `<script type="application/json">` blocks, which the
Content-Security-Policy allows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from warta.errors import NotFoundError
from warta.serving import Db, get_db
from warta.store.queries import TONES
from warta.store.search import MAX_QUERY_CHARS
from warta.types import TYPES
from warta.web import i18n, pages
from warta.web.render import snippet, timeline_svg, tone_svg, type_class, volume_svg

HERE = Path(__file__).parent
STATIC = HERE / "static"
CYTOSCAPE = STATIC / "vendor" / "cytoscape.min.js"
COOKIE_MAX_AGE = 365 * 24 * 3600


def isu_url(days: int | None = None, order: str = "terbaru", region: str | None = None) -> str:
    """The isu list's URL for a period, order and region (the defaults left out)."""
    params = {"hari": days, "urut": None if order == "terbaru" else order, "wilayah": region}
    query = urlencode({k: v for k, v in params.items() if v})
    return "/isu" + ("?" + query if query else "")


_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["snippet"] = snippet
_env.filters["type_class"] = type_class
_env.globals["timeline_svg"] = timeline_svg
_env.globals["tone_svg"] = tone_svg
_env.globals["volume_svg"] = volume_svg
_env.globals["isu_url"] = isu_url
_env.globals["TONES"] = TONES
_env.globals["TYPES"] = list(TYPES)
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False)

DbDep = Annotated[Db, Depends(get_db)]
Lang = Annotated[str | None, Query(alias="lang")]


def _context(request: Request, lang: str) -> dict[str, Any]:
    """What every template uses: the language and its helpers, the switch link, the header's search words."""
    other = i18n.other(lang)
    switch = request.url.include_query_params(lang=other)
    return {
        "lang": lang,
        "t": i18n.translator(lang),
        "type_label": lambda type_name: i18n.type_label(lang, type_name),
        "group_label": lambda group: i18n.group_label(lang, group),
        "type_labels": {name: i18n.type_label(lang, name) for name in TYPES},
        "tone_names": {tone: i18n.translator(lang)("tone." + tone) for tone in TONES},
        "fdate": lambda stamp, with_time=False: i18n.format_date(lang, stamp, with_time),
        "switch_url": switch.path + ("?" + switch.query if switch.query else ""),
        "other_lang": other,
        "q": request.query_params.get("q", ""),
        "cytoscape": CYTOSCAPE.is_file(),
        "path": request.url.path,
    }


def render(request: Request, name: str, data: dict[str, Any], status: int = 200) -> Response:
    """A page in the request's language; `?lang=` is remembered in a cookie."""
    asked = request.query_params.get("lang")
    lang = i18n.choose(asked, request.cookies)
    response = templates.TemplateResponse(request, name, {**_context(request, lang), **data}, status_code=status)
    if asked in i18n.LANGS:
        response.set_cookie(i18n.COOKIE, lang, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax")
    return response


def error_page(request: Request, status: int, message: str, message_key: str | None = None) -> Response:
    """An error as a page (the API's errors are JSON, see `warta.app.error_response`); `message_key` names the
    message in the page's language instead of `message`."""
    return render(request, "error.html", {"status": status, "message": message, "message_key": message_key}, status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DbDep, hari: int = 30) -> Response:
    """Beranda: search, trending entities and speakers, latest articles, region dashboards."""
    days = hari if hari in pages.HOME_PERIODS else 30
    return render(request, "index.html", db.call(pages.home, days))


@router.get("/wilayah/{code}", response_class=HTMLResponse)
def region(request: Request, db: DbDep, code: str, sampai: str | None = None) -> Response:
    """A region's dashboard; `?sampai=YYYY-MM-DD` ends the week of statements on that day."""
    return render(request, "region.html", db.call(pages.region, code, sampai))


@router.get("/cari", response_class=HTMLResponse)
def search(request: Request, db: DbDep, q: str = "") -> Response:
    """Search over entities, articles and quotes."""
    return render(request, "search.html", db.call(pages.search, q[:MAX_QUERY_CHARS]))


@router.get("/entitas/{entity_id}", response_class=HTMLResponse)
def entity(
    request: Request, db: DbDep, entity_id: str, kutipan: str | None = None, berita: str | None = None
) -> Response:
    """An entity: timeline, roles, quotes (`?kutipan=` cursor), co-mentions, articles (`?berita=` cursor)."""
    data = db.call(pages.entity, entity_id, kutipan, berita)
    data["more_quotes"] = _with(request, kutipan=data["quotes"].next_cursor)
    data["more_articles"] = _with(request, berita=data["articles"].next_cursor)
    return render(request, "entity.html", data)


@router.get("/artikel/{article_id}", response_class=HTMLResponse)
def article(request: Request, db: DbDep, article_id: str) -> Response:
    """An article in the seed's shape."""
    return render(request, "article.html", db.call(pages.article, article_id))


@router.get("/isu", response_class=HTMLResponse)
def isus(
    request: Request,
    db: DbDep,
    hari: int | None = None,
    urut: str = "terbaru",
    wilayah: str = "",
    lanjut: str | None = None,
) -> Response:
    """The isus of the period (`?hari=` one of the home page's periods, else all), newest first or
    `?urut=terbanyak` (most articles in the period first), in a region (`?wilayah=`); `?lanjut=` cursor."""
    days = hari if hari in pages.HOME_PERIODS else None
    order = urut if urut in pages.ISU_ORDERS else "terbaru"
    data = db.call(pages.isus, days, order, wilayah.strip() or None, lanjut)
    data["more"] = _with(request, lanjut=data["isus"].next_cursor)
    return render(request, "isus.html", data)


@router.get("/isu/{isu_id}", response_class=HTMLResponse)
def isu(request: Request, db: DbDep, isu_id: str) -> Response:
    """An isu: label, period, daily volume and its peak, tone split, pencetus, outlets, tokoh and what they
    said, regions and bodies, articles."""
    try:
        data = db.call(pages.isu, isu_id)
    except NotFoundError:
        return error_page(request, 404, "", "isu.not_found")
    return render(request, "isu.html", data)


@router.get("/graf", response_class=HTMLResponse)
def graph(
    request: Request,
    type: Annotated[list[str] | None, Query()] = None,
    since: str = "",
    until: str = "",
    region: str = "",
    focus: str = "",
) -> Response:
    """The graph explorer: the co-mention network of the period, or `focus`'s ego network."""
    types = [t for t in (type or []) if t in TYPES]
    filters = {"type": types, "since": since.strip(), "until": until.strip(), "region": region.strip()}
    query = urlencode({k: v for k, v in filters.items() if v}, doseq=True)
    focus = focus.strip()
    url = f"/api/v1/graph/ego/{quote(focus, safe='')}?depth=1" if focus else "/api/v1/graph/period?limit=60"
    data = {
        "filters": filters,
        "focus": focus,
        "graph_url": url + ("&" + query if query else ""),
        "filter_query": query,
    }
    return render(request, "graph.html", data)


def _with(request: Request, **params: str | None) -> str | None:
    """The current page's URL with `params` set, or None when a value is None (no next page)."""
    if any(v is None for v in params.values()):
        return None
    url = request.url.include_query_params(**params)
    return url.path + "?" + url.query


__all__ = ["error_page", "render", "router"]
