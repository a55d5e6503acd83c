"""A watchlist (pantauan): a named, saved query over the news, matched against every article as it is saved.

What it watches: entities (by id; through all their mentions, or with `aliases=False` only where the text writes
the entity's own name; with `holders`, also the persons holding a role at them), keywords (whole words, case and
accents ignored), a region (a Kemendagri code, its sub-regions included), and optional tone and isu filters. How
its alerts reach people: the web app and its Atom feed always, a webhook (signed with `webhook_secret`) and
e-mail addresses when given, e-mail immediately or as an hourly or daily digest.

An article matches when it names one of the entities or keywords (or, for a watchlist of a region alone, any
place in the region), is about the region when one is given, and has the tone and isu asked for.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from warta.errors import InputError
from warta.ids import make_id, normalize_key
from warta.kb.regions import CODE
from warta.types import TONES

DIGESTS = ("immediate", "hourly", "daily")  # when e-mail alerts go out: each at once, or gathered per hour or day
MAX_NAME = 120
MAX_ITEMS = 200  # entities or keywords in one watchlist
# The form of an e-mail address alerts and reports may be sent to (the one check of it).
EMAIL = re.compile(r"[^@\s<>\"',;]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")
_URL = re.compile(r"https?://[^\s\"<>]{1,2000}")


@dataclass(frozen=True)
class Watchlist:
    """A named saved query and where its alerts go (see the module's docstring)."""

    name: str
    entities: tuple[str, ...] = ()
    aliases: bool = True
    holders: bool = False
    keywords: tuple[str, ...] = ()
    region: str | None = None
    tone: str | None = None
    isu: str | None = None
    webhook: str | None = None
    webhook_secret: str | None = None
    emails: tuple[str, ...] = ()
    digest: str = "immediate"
    notes: str = field(default="", compare=False)

    @property
    def id(self) -> str:
        """The watchlist's id: a hash of its folded name (a name is unique, whatever its case)."""
        return watchlist_id(self.name)

    def to_json(self) -> str:
        """Canonical JSON of every field (what the store keeps)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def public(self) -> dict[str, Any]:
        """Its fields for display and the API: the webhook's secret only said to exist."""
        data = asdict(self)
        data["id"] = self.id
        data["webhook_secret"] = "***" if self.webhook_secret else None
        return data


def watchlist_id(name: str) -> str:
    """The id of the watchlist named `name` (case, accents and spaces ignored)."""
    return make_id("watch", normalize_key(name))


def from_json(text: str) -> Watchlist:
    """A watchlist from its stored JSON (fields it does not know are ignored)."""
    data = json.loads(text)
    known = {f.name for f in fields(Watchlist)}
    for key in ("entities", "keywords", "emails"):
        data[key] = tuple(data.get(key) or ())
    return Watchlist(**{k: v for k, v in data.items() if k in known})


def checked(w: Watchlist) -> Watchlist:
    """`w` with its values tidied (spaces, duplicates, case of codes), or InputError naming what is wrong."""
    name = " ".join(w.name.split())
    if not name or len(name) > MAX_NAME:
        raise InputError(f"a watchlist needs a name of 1 to {MAX_NAME} characters")
    entities = _items("entity", w.entities)
    keywords = _items("keyword", w.keywords)
    region = (w.region or "").strip() or None
    if region is not None and not CODE.fullmatch(region):
        raise InputError(f"region {region[:40]!r}: use a Kemendagri code such as 35.16")
    if not (entities or keywords or region):
        raise InputError(f"watchlist {name!r} watches nothing: give an entity, a keyword or a region")
    if w.tone is not None and w.tone not in TONES:
        raise InputError(f"tone {w.tone!r}: use one of {', '.join(TONES)}")
    if w.digest not in DIGESTS:
        raise InputError(f"digest {w.digest!r}: use one of {', '.join(DIGESTS)}")
    webhook = (w.webhook or "").strip() or None
    if webhook is not None and not _URL.fullmatch(webhook):
        raise InputError(f"webhook {webhook[:60]!r}: use an http:// or https:// URL")
    emails = _items("e-mail address", w.emails)
    for address in emails:
        if not EMAIL.fullmatch(address):
            raise InputError(f"e-mail address {address[:60]!r} is not one")
    isu = (w.isu or "").strip() or None
    return replace(w, name=name, entities=entities, keywords=keywords, region=region, webhook=webhook,
                   emails=emails, isu=isu)  # fmt: skip


def _items(what: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """`values` stripped, blanks and duplicates (after folding) left out, in order; InputError past MAX_ITEMS."""
    seen: dict[str, str] = {}
    for value in values:
        text = " ".join(str(value).split())
        if text and normalize_key(text) not in seen:
            seen[normalize_key(text)] = text
    if len(seen) > MAX_ITEMS:
        raise InputError(f"at most {MAX_ITEMS} {what} values in one watchlist")
    return tuple(seen.values())
