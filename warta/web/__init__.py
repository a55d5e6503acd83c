"""The web app: server-rendered pages (Jinja2, autoescaped) over `warta.store.queries`.

Pages (Indonesian paths): `/` Beranda, `/wilayah/{code}` region dashboard, `/cari` search, `/entitas/{id}`,
`/artikel/{id}`, `/berita` every article, `/kutipan` every quote, `/isu` the isu list, `/isu/{id}` an isu,
`/graf` graph explorer, `/jalur` how two entities connect. The language is Indonesian unless `?lang=en`
(remembered in a cookie). Pages carry no inline script or style: the graph's data reaches `static/graph.js`
through `data-*` attributes and `<script type="application/json">` blocks, which the Content-Security-Policy
allows.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from warta.errors import NotFoundError, WartaError
from warta.serving import Db, get_db
from warta.store import queries
from warta.store.queries import TONES
from warta.types import TYPES
from warta.web import graphs, i18n, messages, pages, period, streams
from warta.web.render import bucket_label, snippet, timeline_svg, tone_svg, type_class, volume_svg

HERE = Path(__file__).parent
STATIC = HERE / "static"
CYTOSCAPE = STATIC / "vendor" / "cytoscape.min.js"
COOKIE_MAX_AGE = 365 * 24 * 3600


def isu_url(period: dict[str, str] | None = None, order: str = "terbaru", region: str | None = None) -> str:
    """The isu list's URL for a period (`Period.params()`; None: the list's default), order and region (the
    defaults left out)."""
    params = {**(period or {}), "urut": "" if order == "terbaru" else order, "wilayah": region or ""}
    query = urlencode({k: v for k, v in params.items() if v})
    return "/isu" + ("?" + query if query else "")


def _period(request: Request, default: str) -> period.Period:
    """The period a page's URL asks for (`warta.web.period`)."""
    ask = request.query_params
    return period.period_from(ask.get("dari"), ask.get("sampai"), ask.get("periode"), default)


def _every(request: Request) -> bool:
    """Whether a list that may show all time is asked to (`?periode=semua` and no dates)."""
    ask = request.query_params
    return ask.get("periode") == period.ALL_TIME and not (ask.get("dari") or ask.get("sampai"))


def _with_period(request: Request, data: dict[str, Any], asked: period.Period | None, drop: tuple[str, ...] = (),
                 every: bool = False) -> dict[str, Any]:  # fmt: skip
    """A page's data with its period and the period control (`templates/period.html`), whose links keep the
    page's other parameters but not `drop` (cursors of one period's lists)."""
    fresh = data.get("fresh")
    query = list(request.query_params.multi_items())
    data["period"] = asked
    newest, crawled = (fresh.newest_article, fresh.last_crawl) if fresh else (None, None)
    data["period_view"] = period.control(request.url.path, query, asked, drop, every,
                                         period.jakarta_time(newest), period.jakarta_time(crawled))  # fmt: skip
    return data


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
        "timeline_svg": partial(timeline_svg, lang=lang),  # charts date their bars in the page's language
        "tone_svg": partial(tone_svg, lang=lang),
        "volume_svg": partial(volume_svg, lang=lang),
        "bucket_label": partial(bucket_label, lang=lang),
        "count": lambda n, unit: i18n.count_text(lang, n, unit),
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
    context = _context(request, lang) | ({"unseen_alerts": unseen_alerts(request)} if status < 400 else {})
    response = templates.TemplateResponse(request, name, {**context, **data}, status_code=status)
    if asked in i18n.LANGS:
        response.set_cookie(i18n.COOKIE, lang, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax")
    return response


def unseen_alerts(request: Request) -> int | None:
    """The header's count of unseen alerts (one indexed COUNT; not on error pages, which may answer a caller
    without access); None when the store cannot say."""
    try:
        return int(request.app.state.db.call(queries.unseen_alerts))
    except WartaError:
        return None


def error_page(request: Request, status: int, message: str, message_key: str | None = None) -> Response:
    """An error as a page (the API's errors are JSON, see `warta.app.error_response`); `message_key` names the
    message in the page's language instead of `message`, which is otherwise said in it (`messages.localize`)."""
    said = messages.localize(i18n.choose(request.query_params.get("lang"), request.cookies), status, message)
    data = {"status": status, "message": said.text, "detail": said.detail, "message_key": message_key}
    return render(request, "error.html", data, status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DbDep) -> Response:
    """Beranda: search, trending entities and speakers, top isus and latest articles of the period (`?periode=`,
    `?dari=&sampai=`; the last 7 days by default), region dashboards."""
    asked = _period(request, "7-hari")
    return render(request, "index.html", _with_period(request, db.call(pages.home, asked), asked))


@router.get("/wilayah/{code}", response_class=HTMLResponse)
def region(request: Request, db: DbDep, code: str) -> Response:
    """A region's dashboard over the period (the last 7 days by default)."""
    asked = _period(request, "7-hari")
    return render(request, "region.html", _with_period(request, db.call(pages.region, code, asked), asked))


@router.get("/cari", response_class=HTMLResponse)
def search(request: Request, db: DbDep) -> Response:
    """Search over entities, articles and quotes, filtered and paged (`warta.web.streams.cari`)."""
    return render(request, "search.html", _stream(request, db.call(streams.cari, dict(request.query_params))))


@router.get("/berita", response_class=HTMLResponse)
def berita(request: Request, db: DbDep) -> Response:
    """Every article, newest first, filtered (`warta.web.streams.berita`)."""
    return render(request, "berita.html", _stream(request, db.call(streams.berita, dict(request.query_params))))


@router.get("/kutipan", response_class=HTMLResponse)
def kutipan(request: Request, db: DbDep) -> Response:
    """Every quote, newest first, filtered (`warta.web.streams.kutipan`)."""
    return render(request, "kutipan.html", _stream(request, db.call(streams.kutipan, dict(request.query_params))))


def _stream(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """A stream's or search's data with the period control (all time offered; pages and cursors dropped)."""
    return _with_period(request, data, data["view"].period, ("lanjut", "halaman"), every=True)


@router.get("/entitas/{entity_id}", response_class=HTMLResponse)
def entity(
    request: Request, db: DbDep, entity_id: str, kutipan: str | None = None, berita: str | None = None
) -> Response:
    """An entity: roles, co-mentions; timeline, quotes (`?kutipan=` cursor) and articles (`?berita=` cursor) of
    the period (the last 30 days by default)."""
    asked = _period(request, "30-hari")
    data = _with_period(request, db.call(pages.entity, entity_id, kutipan, berita, asked), asked, ("kutipan", "berita"))
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
    urut: str = "terbaru",
    wilayah: str = "",
    lanjut: str | None = None,
) -> Response:
    """The isus of the period (the last 30 days by default; `?periode=semua` for all), newest first or
    `?urut=terbanyak` (most articles in the period first), in a region (`?wilayah=`); `?lanjut=` cursor."""
    every = _every(request)
    asked = None if every else _period(request, "30-hari")
    order = urut if urut in pages.ISU_ORDERS else "terbaru"
    data = db.call(pages.isus, asked, order, wilayah.strip() or None, lanjut)
    data = _with_period(request, data, asked, ("lanjut",), every=True)
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
    db: DbDep,
    type: Annotated[list[str] | None, Query()] = None,
    since: str = "",
    until: str = "",
    region: str = "",
    focus: str = "",
) -> Response:
    """The graph explorer: the co-mention network of the period, or `focus`'s ego network, drawn and as
    tables (`warta.web.graphs`); `region` is a name, a Kemendagri code or a region's id."""
    types = [t for t in (type or []) if t in TYPES]
    focus = focus.strip()
    data = db.call(graphs.graph_page, types, since.strip(), until.strip(), region.strip(), focus)
    filters = {"type": types, "since": since.strip(), "until": until.strip(), "region": data["region_code"]}
    data |= {
        "filters": filters | {"region": region.strip()},
        "focus": focus,
        "focus_name": db.call(pages.entity_name, focus) if focus else "",
        "filter_query": urlencode({k: v for k, v in filters.items() if v}, doseq=True),
    }
    return render(request, "graph.html", data)


@router.get("/jalur", response_class=HTMLResponse)
def paths(request: Request, db: DbDep, dari: str = "", ke: str = "") -> Response:
    """The path view: how two entities (each an id or a name) connect, with the articles on each link."""
    return render(request, "paths.html", db.call(graphs.paths_page, dari[:200], ke[:200]))


def _with(request: Request, **params: str | None) -> str | None:
    """The current page's URL with `params` set, or None when a value is None (no next page)."""
    if any(v is None for v in params.values()):
        return None
    url = request.url.include_query_params(**params)
    return url.path + "?" + url.query


__all__ = ["error_page", "render", "router", "unseen_alerts"]
