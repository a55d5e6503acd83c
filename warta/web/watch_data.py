"""The data of the watchlist (pantauan) and alert (peringatan) pages, and the watchlist form: what it shows, how
its fields become a `warta.watch.Watchlist` (entities and a region by name, as the path view and /berita take
them), and the reasons of a match with the words of the article around them.

The routes are `warta.web.watch`'s. Errors are the store's English lines (InputError, NotFoundError), which the
form page says in its language (`warta.web.messages`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from warta.errors import InputError, NotFoundError
from warta.kb.regions import CODE
from warta.store import queries
from warta.store.sqlstore import SQLStore
from warta.watch import DIGESTS, Watchlist, checked
from warta.web import period, streams

PAGE_SIZE = 20  # matches or alerts a page
CONTEXT_CHARS = 70  # characters of the article shown on each side of a matched word
NEW_ENTITY_INPUTS = 3  # empty entity inputs the form offers
MAX_ALL = 100_000  # alerts "mark all as read" reaches at most


@dataclass
class WatchForm:
    """The watchlist form's fields as typed: the entities kept (ids, checked boxes) and added (names), the
    keywords and e-mail addresses one a line, the region by name or code."""

    name: str = ""
    kept: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    keywords: str = ""
    region: str = ""
    aliases: bool = True
    holders: bool = False
    tone: str = ""
    isu: str = ""
    webhook: str = ""
    emails: str = ""
    digest: str = "immediate"


def form_of(fields: Mapping[str, Sequence[str]]) -> WatchForm:
    """The form as sent (a POST's fields; a missing box is unchecked)."""

    def one(name: str) -> str:
        values = fields.get(name) or [""]
        return values[0].strip()

    return WatchForm(
        name=one("nama"),
        kept=[v for v in fields.get("entitas_id", []) if v.strip()],
        added=[v.strip() for v in fields.get("entitas", []) if v.strip()],
        keywords=one("kata_kunci"),
        region=one("wilayah"),
        aliases=bool(one("alias")),
        holders=bool(one("pejabat")),
        tone=one("nada"),
        isu=one("isu"),
        webhook=one("webhook"),
        emails=one("email"),
        digest=one("ringkasan") or "immediate",
    )


def form_from(w: Watchlist) -> WatchForm:
    """The form of a stored watchlist, to edit it."""
    return WatchForm(w.name, list(w.entities), [], "\n".join(w.keywords), w.region or "", w.aliases, w.holders,
                     w.tone or "", w.isu or "", w.webhook or "", "\n".join(w.emails), w.digest)  # fmt: skip


def _lines(text: str) -> tuple[str, ...]:
    """The values of a field of one value a line (commas and semicolons also separate)."""
    return tuple(v.strip() for v in text.replace(";", "\n").replace(",", "\n").splitlines() if v.strip())


def _keywords(text: str) -> tuple[str, ...]:
    """Keywords, one a line (a comma also separates: a keyword is words, not punctuation)."""
    return tuple(v.strip() for v in text.replace(",", "\n").splitlines() if v.strip())


def watchlist_of(store: SQLStore, form: WatchForm) -> Watchlist:
    """The watchlist the form asks for, checked: entities and the region resolved by name; InputError or
    NotFoundError naming what is wrong."""
    for entity in form.kept:
        queries.check_entity(store, entity)
    found = []
    for text in form.added:
        ref = queries.find_entity(store, text[:200])
        if ref is None:
            raise InputError(f"no entity named {text[:80]!r}")
        found.append(ref.id)
    region = None
    if form.region:
        resolved = streams.resolve_region(store, form.region[:120])
        if resolved is None:
            raise InputError(f"no region named {form.region[:80]!r}")
        region = resolved[0]
    if form.digest not in DIGESTS:
        raise InputError(f"digest {form.digest[:40]!r}: use one of {', '.join(DIGESTS)}")
    w = Watchlist(form.name, (*form.kept, *found), form.aliases, form.holders, _keywords(form.keywords), region,
                  form.tone or None, form.isu or None, form.webhook or None, None, _lines(form.emails),
                  form.digest)  # fmt: skip
    return checked(w)


def save(store: SQLStore, form: WatchForm, editing: str | None) -> tuple[Watchlist, bool]:
    """Save the form's watchlist: a new one (InputError if its name is taken), or `editing` (an id) under its own
    name. Returns it as stored and whether it is new."""
    if editing is not None:
        form = replace(form, name=queries.watchlist(store, editing).name)
    w = watchlist_of(store, form)
    if editing is None:
        try:
            taken = queries.watchlist(store, w.id)
        except NotFoundError:
            return store.save_watchlist(w), True
        raise InputError(f"a watchlist named {taken.name[:80]!r} exists already")
    return store.save_watchlist(w), False


# --- what the pages show ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """An entity or a region as a page names it: its id or code, its name, and where it links (or "")."""

    id: str
    name: str
    href: str


@dataclass(frozen=True)
class ReasonView:
    """A reason of a match as a page shows it: its kind, what was watched, and the article's words around the
    place it was found (`before`, `word`, `after`; `word` alone when there is no place)."""

    kind: str
    watched: Named
    word: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class MatchView:
    """A match (an alert) on a page: the match, its article's time and match time in WIB, and its reasons."""

    match: queries.WatchMatch
    published: str | None
    matched: str | None
    reasons: list[ReasonView]


@dataclass(frozen=True)
class Names:
    """The names of entities and regions a page needs, looked up once."""

    entities: dict[str, Named]
    regions: dict[str, str]

    def entity(self, entity_id: str) -> Named:
        return self.entities.get(entity_id) or Named(entity_id, entity_id, "")

    def region(self, code: str) -> Named:
        return Named(code, self.regions.get(code, code), "/wilayah/" + quote(code, safe=""))


def names_of(store: SQLStore, entity_ids: set[str]) -> Names:
    """The names of `entity_ids` (an unknown one is named by its id) and of the stored regions."""
    entities = {}
    for entity in sorted(entity_ids):
        ref = queries.find_entity(store, entity)
        if ref is not None and ref.id == entity:
            entities[entity] = Named(ref.id, ref.name, "/entitas/" + quote(ref.id, safe=""))
    regions = {r.code: r.name for r in queries.regions(store, limit=1000)}
    return Names(entities, regions)


def context(text: str, start: int | None, end: int | None) -> tuple[str, str]:
    """The words of `text` before `start` and after `end` (at most CONTEXT_CHARS each, cut at a space, with an
    ellipsis where cut; spaces and line breaks folded), or empty for no place in the text."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return "", ""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in before:
        before = "…" + before[before.index(" ") :]
    if end + CONTEXT_CHARS < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return " ".join(before.split()) + (" " if before[-1:].isspace() else ""), (
        (" " if after[:1].isspace() else "") + " ".join(after.split())
    )


def reason_view(reason: Mapping[str, Any], text: str, names: Names) -> ReasonView:
    """One stored reason (`warta.watch.Reason` as a dict) as the pages show it."""
    kind, value, label = str(reason.get("kind")), str(reason.get("value")), str(reason.get("label") or "")
    watched = names.region(value) if kind == "region" else names.entity(value) if kind in ("entity", "holder") \
        else Named(value, value, "")  # fmt: skip
    start, end = reason.get("start"), reason.get("end")
    if isinstance(start, int) and isinstance(end, int) and text[start:end]:
        before, after = context(text, start, end)
        return ReasonView(kind, watched, text[start:end], before, after)
    return ReasonView(kind, watched, label)


def _text_of(store: SQLStore, article_id: str) -> str:
    """An article's text, "" when it is no longer stored."""
    try:
        return str(store.article(article_id)["article"]["text"])
    except NotFoundError:
        return ""


def match_views(store: SQLStore, matches: Sequence[queries.WatchMatch]) -> list[MatchView]:
    """The matches of a page with their reasons shown in their articles' words."""
    ids = {str(r.get("value")) for m in matches for r in m.reasons if r.get("kind") in ("entity", "holder")}
    names = names_of(store, ids)
    views = []
    for m in matches:
        text = _text_of(store, m.article_id)
        views.append(MatchView(m, period.jakarta_time(m.published), period.jakarta_time(m.matched),
                               [reason_view(r, text, names) for r in m.reasons]))  # fmt: skip
    return views


def watched_of(w: Mapping[str, Any], names: Names) -> dict[str, Any]:
    """What a watchlist (its public spec) watches, named: entities, keywords, region, tone, isu."""
    return {
        "entities": [names.entity(e) for e in w.get("entities", ())],
        "keywords": list(w.get("keywords", ())),
        "region": names.region(w["region"]) if w.get("region") else None,
        "tone": w.get("tone"),
        "isu": w.get("isu"),
    }


def list_page(store: SQLStore) -> dict[str, Any]:
    """/pantauan: every watchlist with what it watches and its counts, and the form's choices."""
    items = queries.list_watchlists(store)
    names = names_of(store, {e for i in items for e in i.spec.get("entities", ())})
    rows = [{"item": i, "watched": watched_of(i.spec, names), "last": period.jakarta_time(i.last_match)}
            for i in items]  # fmt: skip
    return {"rows": rows, **form_page(store, WatchForm())}


def form_page(store: SQLStore, form: WatchForm, editing: str | None = None) -> dict[str, Any]:
    """The form's data: its fields, the names of the entities it keeps, the regions to choose from."""
    names = names_of(store, set(form.kept))
    regions = queries.regions(store, limit=1000)
    region = form.region
    if CODE.fullmatch(region):
        region = next((r.name for r in regions if r.code == region), region)
    return {
        "form": replace(form, region=region),
        "kept": [names.entity(e) for e in form.kept],
        "blank": max(NEW_ENTITY_INPUTS - len(form.added), 1),
        "region_choices": regions,
        "digests": DIGESTS,
        "editing": editing,
    }


def detail_page(store: SQLStore, wid: str, cursor: str | None) -> dict[str, Any]:
    """/pantauan/{id}: the watchlist, what it watches, and a page of its matches newest first."""
    item = queries.watchlist_item(store, wid)
    matches = queries.watch_matches(store, item.id, limit=PAGE_SIZE, cursor=cursor)
    names = names_of(store, set(item.spec.get("entities", ())))
    return {"item": item, "watched": watched_of(item.spec, names), "matches": match_views(store, matches.items),
            "next_cursor": matches.next_cursor, "last": period.jakarta_time(item.last_match)}  # fmt: skip


def alerts_page(store: SQLStore, every: bool, cursor: str | None) -> dict[str, Any]:
    """/peringatan: a page of the unseen alerts (or, `every`, of all alerts) newest first."""
    matches = queries.watch_matches(store, None, None, None, not every, PAGE_SIZE, cursor)
    return {"matches": match_views(store, matches.items), "next_cursor": matches.next_cursor, "every": every,
            "newest": matches.items[0].matched if matches.items and cursor is None else ""}  # fmt: skip


def mark_read(store: SQLStore, alert_ids: Sequence[str], up_to: str) -> int:
    """Mark alerts as seen: `alert_ids`, and with `up_to` (a match time) every unseen alert matched then or
    before (not those that arrived after the page was shown). Returns how many were unseen."""
    ids = [a for a in alert_ids if a]
    if up_to:
        unseen = queries.collect(lambda limit, cursor: queries.watch_matches(store, None, None, None, True, limit,
                                                                            cursor), MAX_ALL)  # fmt: skip
        ids += [m.alert_id for m in unseen if m.alert_id and m.matched <= up_to]
    return store.mark_alerts_seen(ids[:MAX_ALL]) if ids else 0
