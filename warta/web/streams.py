"""The streams to browse: `/berita` every article and `/kutipan` every quote, newest first, and the `/cari` search
pages, each filtered from its URL's query (Indonesian parameter names) and read from the store in one call.

Every filter stays in the URL, so a view can be shared: the period (`dari`, `sampai`, `periode`, see
`warta.web.period`, whose control the pages show; none, or `periode=semua`, is all time), a region by
Kemendagri code, region entity id or name (`wilayah`), an entity by id or name (`entitas`, `tokoh`), and the
stream's own filters. A name that matches nothing leaves the page empty with a note saying so, not an error.
The article and quote streams page with the store's cursors (`lanjut`), search with page numbers (`halaman`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import urlencode

from warta.errors import InputError
from warta.ids import normalize_key
from warta.kb.regions import CODE
from warta.store import queries
from warta.store.queries._common import one_of
from warta.store.queries.freshness import freshness
from warta.store.queries.search_pages import ORDERS, Kind
from warta.store.search import MAX_QUERY_CHARS, RANK_WINDOW
from warta.store.sqlstore import SQLStore
from warta.types import CATEGORIES, TYPES
from warta.web.period import ALL_TIME, Period, period_from

PER_PAGE = 20
STREAM_PERIOD = "30-hari"  # the streams' period unless the URL gives one (search: all time)
COUNT_CAP = 10_000  # counts stop here ("lebih dari 10000"): a count costs a scan of what it counts
SECTIONS = ("semua", "entitas", "berita", "kutipan")  # /cari?bagian=…
SECTION_KINDS: dict[str, Kind] = {"berita": "article", "kutipan": "quote"}
SECTION_SIZE = 10  # hits per section when every section is shown
KINDS = {"langsung": "direct", "tidak-langsung": "indirect"}  # /kutipan?jenis=…
SUGGESTIONS = 60  # names offered in each filter's list
_REGION_WORDS = ("kabupaten ", "kota ", "provinsi ")


@dataclass
class View:
    """A stream's filters as read from the URL: the values to show back in the form, the resolved values for
    the queries, and the notes on names that matched nothing."""

    form: dict[str, str]
    period: Period | None
    notes: list[str] = field(default_factory=list)
    resolved: dict[str, Any] = field(default_factory=dict)

    @property
    def since(self) -> str | None:
        """The period's first day, or None for all time."""
        return self.period.since() if self.period else None

    @property
    def until(self) -> str | None:
        """The period's last day, or None for all time."""
        return self.period.until() if self.period else None


def read_view(params: Mapping[str, str], names: tuple[str, ...], default: str | None = STREAM_PERIOD) -> View:
    """The filters `names` (and the period) of a URL's query, stripped; InputError for a malformed period.
    Without a period the page shows the preset `default` (None: all time); `periode=semua` is all time."""
    form = {name: params.get(name, "").strip() for name in (*names, "dari", "sampai", "periode")}
    dated = form["dari"] or form["sampai"]
    if not dated and (form["periode"] == ALL_TIME or (not form["periode"] and default is None)):
        return View(form, None)
    return View(form, period_from(form["dari"], form["sampai"], form["periode"] or default))


def url_of(path: str, form: Mapping[str, str], **changes: str | None) -> str:
    """`path` with the form's non-empty values as its query, `changes` applied (None removes a value)."""
    values = {k: v for k, v in {**form, **changes}.items() if v}
    return path + ("?" + urlencode(values) if values else "")


def resolve_region(store: SQLStore, text: str) -> tuple[str, str] | None:
    """A region filter's (code, name): a Kemendagri code or region entity id as it is, else the stored
    regency/city or province whose name (with or without "Kabupaten", "Kota", "Provinsi") is `text`, else the
    first whose name contains it; None when none does."""
    stored = queries.regions(store, limit=1000)
    by_code = {r.code: r.name for r in stored}
    if CODE.fullmatch(text):
        return text, by_code.get(text, text)
    for r in stored:
        if r.entity_id == text:
            return r.code, r.name
    key = normalize_key(text)
    short = _short(key)
    exact = [r for r in stored if normalize_key(r.name) == key or _short(normalize_key(r.name)) == short]
    near = exact or [r for r in stored if short and short in normalize_key(r.name)]
    return (near[0].code, near[0].name) if near else None


def _short(key: str) -> str:
    """A folded region name without its leading kind ("kabupaten mojokerto" → "mojokerto")."""
    for word in _REGION_WORDS:
        if key.startswith(word):
            return key[len(word) :]
    return key


def _region(store: SQLStore, view: View) -> None:
    """Resolve the view's `wilayah` into `resolved["region"]` (code) and its name, or note that none matched."""
    text = view.form.get("wilayah", "")
    if not text:
        return
    found = resolve_region(store, text)
    if found is None:
        view.notes.append("stream.no_region")
    else:
        view.resolved["region"], view.resolved["region_name"] = found


def _entity(store: SQLStore, view: View, name: str, note: str, type_name: str | None = None) -> None:
    """Resolve the view's entity filter `name` into `resolved[name]`, or note that none matched."""
    text = view.form.get(name, "")
    if not text:
        return
    found = queries.find_entity(store, text, type_name)
    if found is None:
        view.notes.append(note)
    else:
        view.resolved[name] = found


def _choice(view: View, name: str, allowed: tuple[str, ...] | list[str] | dict[str, str], label: str) -> str | None:
    """A filter with a fixed set of values: None when blank; InputError (one line) for another value."""
    return one_of(label, view.form.get(name, ""), tuple(allowed))


def suggestions(store: SQLStore) -> dict[str, Any]:
    """The names each filter's list offers: regions, outlets, persons and bodies by mentions."""
    persons = queries.list_entities(store, type="person", limit=SUGGESTIONS).items
    entities = queries.list_entities(store, limit=SUGGESTIONS).items
    return {
        "regions": [r.name for r in queries.regions(store, limit=200)],
        "outlets": queries.outlets(store),
        "persons": [e.name for e in persons if e.named],
        "entities": [e.name for e in entities],
        "types": list(TYPES),
        "categories": list(CATEGORIES),
    }


BERITA_FILTERS = ("wilayah", "media", "entitas", "tipe", "kategori", "nada", "isu", "lanjut")


def berita(store: SQLStore, params: Mapping[str, str]) -> dict[str, Any]:
    """/berita: a page of every article newest first within the filters, with their regions, and the count."""
    view = read_view(params, BERITA_FILTERS)
    _region(store, view)
    _entity(store, view, "entitas", "stream.no_entity")
    entity = view.resolved.get("entitas")
    filters = queries.ArticleFilter(
        since=view.since,
        until=view.until,
        source=view.form["media"] or None,
        region=view.resolved.get("region"),
        entity=entity.id if entity else None,
        tone=_choice(view, "nada", queries.TONES, "nada"),
        category=_choice(view, "kategori", CATEGORIES, "kategori"),
        entity_type=_choice(view, "tipe", tuple(TYPES), "tipe"),
        isu=view.form["isu"] or None,
    )
    data = _paged(store, view, "/berita", partial(queries.list_articles, store, filters),
                  partial(queries.count_articles, store, filters, COUNT_CAP))  # fmt: skip
    return data | {"regions_of": queries.article_regions(store, [a.id for a in data["page"].items])}


KUTIPAN_FILTERS = ("tokoh", "jabatan", "lembaga", "wilayah", "jenis", "nada", "lanjut")


def kutipan(store: SQLStore, params: Mapping[str, str]) -> dict[str, Any]:
    """/kutipan: a page of every quote newest first within the filters, with its speaker's roles, and the
    count."""
    view = read_view(params, KUTIPAN_FILTERS)
    _region(store, view)
    _entity(store, view, "tokoh", "stream.no_speaker", "person")
    speaker = view.resolved.get("tokoh")
    kind = _choice(view, "jenis", KINDS, "jenis")
    filters = queries.QuoteFilter(
        speaker=speaker.id if speaker else None,
        since=view.since,
        until=view.until,
        region=view.resolved.get("region"),
        tone=_choice(view, "nada", queries.TONES, "nada"),
        kind=KINDS[kind] if kind else None,
        role=view.form["jabatan"] or None,
        body=view.form["lembaga"] or None,
    )
    data = _paged(store, view, "/kutipan", partial(queries.list_quotes, store, filters),
                  partial(queries.count_quotes, store, filters, COUNT_CAP))  # fmt: skip
    quotes: list[queries.QuoteItem] = data["page"].items
    return data | {"roles": speaker_roles(store, quotes), "kinds": KINDS}


def speaker_roles(store: SQLStore, quotes: list[queries.QuoteItem]) -> dict[tuple[str, str], list[str]]:
    """The roles each quote's speaker holds in its article that its name does not say, by (quote id, article
    id)."""
    roles = queries.quote_roles(store, quotes)
    return {(q.id, q.article_id): _new_roles(q, roles) for q in quotes}


def _paged(
    store: SQLStore, view: View, path: str, fetch: queries.Fetch[Any], count: Callable[[], int]
) -> dict[str, Any]:
    """A stream's page (`page`, from the cursor `lanjut`), its count (`total`; over `cap` when the count stopped
    there), its links (`more`, `first`), the filters' suggestions and how fresh the store is (`fresh`, for the
    period control); an empty page when a name matched nothing."""
    cursor = view.form["lanjut"] or None
    page = queries.Page([], None) if view.notes else fetch(limit=PER_PAGE, cursor=cursor)
    return {
        "view": view,
        "page": page,
        "total": 0 if view.notes else count(),
        "cap": COUNT_CAP,
        "more": url_of(path, view.form, lanjut=page.next_cursor) if page.next_cursor else None,
        "first": url_of(path, view.form, lanjut=None) if cursor else None,
        "suggest": suggestions(store),
        "fresh": freshness(store),
    }


def _new_roles(quote: queries.QuoteItem, roles: dict[tuple[str, str], list[str]]) -> list[str]:
    """The roles of a quote's speaker in its article that its name does not already say (a person named only
    by role, "Bupati Sidoarjo", is not shown again as "Bupati Kabupaten Sidoarjo")."""
    name = _bare(quote.speaker_name or "")
    return [r for r in roles.get((quote.article_id, quote.speaker_id or ""), []) if _bare(r) != name]


def _bare(text: str) -> str:
    """Folded text without the words that name a region's kind."""
    return " ".join(w for w in normalize_key(text).split() if w + " " not in _REGION_WORDS)


CARI_FILTERS = ("q", "bagian", "urut", "tipe", "wilayah", "halaman")


def cari(store: SQLStore, params: Mapping[str, str]) -> dict[str, Any]:
    """/cari: entities, articles and quotes matching `q` (every section, or one section a page of 20 at a
    time), articles and quotes within the period and region, by relevance or newest first."""
    view = read_view(params, CARI_FILTERS, default=None)
    view.form["q"] = view.form["q"][:MAX_QUERY_CHARS]
    section = _choice(view, "bagian", SECTIONS, "bagian") or "semua"
    order = _choice(view, "urut", ORDERS, "urut") or "relevansi"
    type_name = _choice(view, "tipe", tuple(TYPES), "tipe")
    page_number = _page_number(view.form["halaman"])
    _region(store, view)
    data: dict[str, Any] = {"view": view, "section": section, "order": order, "sections": SECTIONS,
                            "orders": ORDERS, "suggest": suggestions(store),
                            "fresh": freshness(store), "query": view.form["q"]}  # fmt: skip
    data["section_urls"] = {name: url_of("/cari", view.form, bagian=name, halaman=None) for name in SECTIONS}
    if not view.form["q"] or view.notes:
        return data | {"entities": None, "hits": {}, "searched": False}
    size = PER_PAGE if section != "semua" else SECTION_SIZE
    number = page_number if section != "semua" else 1
    found = queries.SearchFilter(view.since, view.until, view.resolved.get("region"), type_name)
    hits = {
        name: queries.search_page(store, kind, view.form["q"], found, order, number, size, COUNT_CAP)
        for name, kind in SECTION_KINDS.items()
        if section in ("semua", name)
    }
    entities = None
    if section in ("semua", "entitas"):
        entities = queries.list_entities(store, type=type_name, q=view.form["q"], limit=size).items
    pages = {
        name: _pager(view, hit_page)
        for name, hit_page in hits.items()
        if section == name and (hit_page.pages > 1 or hit_page.page > 1)
    }
    windowed = order == "relevansi" and any(hit_page.total > RANK_WINDOW for hit_page in hits.values())
    return data | {"entities": entities, "hits": hits, "pager": pages.get(section), "searched": True, "cap": COUNT_CAP,
                   "window": RANK_WINDOW if windowed else None}  # fmt: skip


def _page_number(text: str) -> int:
    """`halaman`: a page number (1 when blank); InputError otherwise."""
    if not text:
        return 1
    if not text.isdigit():
        raise InputError(f"halaman {text[:20]!r}: use a page number (1, 2, …)")
    return int(text)


def _pager(view: View, hits: queries.HitPage) -> dict[str, Any]:
    """The search pager's links: the previous and next pages, and the page numbers around this one."""
    numbers = range(max(1, hits.page - 3), min(hits.pages, hits.page + 3) + 1)
    return {
        "previous": url_of("/cari", view.form, halaman=str(hits.page - 1)) if hits.page > 1 else None,
        "next": url_of("/cari", view.form, halaman=str(hits.page + 1)) if hits.page < hits.pages else None,
        "numbers": [(n, url_of("/cari", view.form, halaman=str(n))) for n in numbers],
        "page": hits.page,
        "pages": hits.pages,
    }
