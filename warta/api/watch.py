"""The API's watchlists and alerts (docs/alerts.md): read them with read access, write them with a `write`
token (`warta.api.auth`). A watchlist is addressed by its id or its name; its body is the spec of
`warta.watch.Watchlist` (entities by id), answered with the webhook's secret masked."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from warta.alerts.atom import FEED_SIZE, MEDIA_TYPE, feed
from warta.api import models as m
from warta.api.auth import Writer, read_access
from warta.errors import InputError, NotFoundError
from warta.serving import Db, get_db
from warta.store import queries
from warta.store.sqlstore import SQLStore
from warta.watch import DIGESTS, Watchlist

DbDep = Annotated[Db, Depends(get_db)]
Name = Annotated[str, Path(max_length=200, description="The watchlist's id or name")]
Read = [Depends(read_access)]
MAX_ITEM = 1000  # longest entity id, keyword, address or URL

router = APIRouter(prefix="/api/v1", tags=["watchlists"], responses={
    400: {"model": m.ErrorBody, "description": "A bad watchlist (nothing watched, a bad code, URL or address)"},
    401: {"model": m.ErrorBody, "description": "No access token, or an unknown or revoked one"},
    403: {"model": m.ErrorBody, "description": "The token's scope does not allow this"},
    404: {"model": m.ErrorBody, "description": "No such watchlist"},
    422: {"model": m.ErrorBody, "description": "Invalid request"},
})  # fmt: skip


class WatchlistBody(BaseModel):
    """A watchlist to save (see docs/alerts.md for what each field does)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)
    entities: list[Annotated[str, Field(max_length=MAX_ITEM)]] = Field(default=[], max_length=200)
    aliases: bool = True
    holders: bool = False
    keywords: list[Annotated[str, Field(max_length=MAX_ITEM)]] = Field(default=[], max_length=200)
    region: str | None = Field(default=None, max_length=20)
    tone: m.ToneLabel | None = None
    isu: str | None = Field(default=None, max_length=MAX_ITEM)
    webhook: str | None = Field(default=None, max_length=MAX_ITEM)
    emails: list[Annotated[str, Field(max_length=MAX_ITEM)]] = Field(default=[], max_length=50)
    digest: str = Field(default="immediate", description=f"One of {', '.join(DIGESTS)}")

    def spec(self) -> Watchlist:
        """The watchlist this body asks for (checked when saved)."""
        return Watchlist(self.name, tuple(self.entities), self.aliases, self.holders, tuple(self.keywords),
                         self.region, self.tone, self.isu, self.webhook, None, tuple(self.emails),
                         self.digest)  # fmt: skip


class Saved(BaseModel):
    """A saved watchlist: its id, and the webhook's signing secret once, when the watchlist was created with one."""

    id: str
    name: str
    webhook_secret: str | None = None


class Seen(BaseModel):
    """Alerts to mark as seen."""

    model_config = ConfigDict(extra="forbid")
    alert_ids: list[Annotated[str, Field(max_length=100)]] = Field(max_length=1000)


def _save(store: SQLStore, w: Watchlist, replacing: str | None) -> tuple[Watchlist, bool]:
    """Save `w` after checking its entities exist; with `replacing` (an id or name), only as that watchlist.
    Returns the stored watchlist and whether it is new."""
    if replacing is not None and queries.watchlist(store, replacing).id != w.id:
        raise InputError("a watchlist keeps its name; to rename one, create the new one and remove the old")
    for entity in w.entities:
        queries.check_entity(store, entity)
    try:
        queries.watchlist(store, w.id)
        new = False
    except NotFoundError:
        new = True
    return store.save_watchlist(w), new


@router.get("/watchlists", response_model=list[queries.WatchlistItem], dependencies=Read)
def list_watchlists(db: DbDep) -> Any:
    """Every watchlist by name, with its matches and unseen alerts."""
    return db.call(queries.list_watchlists)


@router.post("/watchlists", status_code=201, response_model=Saved, responses={200: {"model": Saved}})
def create_watchlist(body: WatchlistBody, db: DbDep, token: Writer, response: Response) -> Any:
    """Create a watchlist, or replace the one of that name (200); scope `write`."""
    saved, new = db.call(_save, body.spec(), None)
    response.status_code = 201 if new else 200
    return Saved(id=saved.id, name=saved.name, webhook_secret=saved.webhook_secret if new else None)


@router.get("/watchlists/{name}", response_model=queries.WatchlistItem, dependencies=Read)
def get_watchlist(db: DbDep, name: Name) -> Any:
    """One watchlist with its counts."""
    return db.call(queries.watchlist_item, name)


@router.put("/watchlists/{name}", response_model=Saved)
def replace_watchlist(body: WatchlistBody, db: DbDep, token: Writer, name: Name) -> Any:
    """Replace a watchlist (the body keeps its name; its matches and alerts stay); scope `write`."""
    saved, _ = db.call(_save, body.spec(), name)
    return Saved(id=saved.id, name=saved.name)


@router.delete("/watchlists/{name}", status_code=204)
def delete_watchlist(db: DbDep, token: Writer, name: Name) -> Response:
    """Delete a watchlist with its matches and alerts; scope `write`."""
    db.call(lambda store: store.remove_watchlist(queries.watchlist(store, name).name))
    return Response(status_code=204)


@router.get("/watchlists/{name}/matches", response_model=queries.Page[queries.WatchMatch], dependencies=Read)
def watchlist_matches(
    db: DbDep,
    name: Name,
    unseen: Annotated[bool, Query(description="Only matches whose alert is not yet seen")] = False,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> Any:
    """The articles a watchlist matched, newest match first, each with its reasons."""
    return db.call(queries.watch_matches, name, None, None, unseen, limit, cursor)


@router.get(
    "/watchlists/{name}/feed.atom",
    response_class=Response,
    dependencies=Read,
    responses={200: {"content": {MEDIA_TYPE: {}}, "description": "An Atom 1.0 feed of the newest alerts"}},
)
def watchlist_feed(db: DbDep, name: Name, request: Request) -> Response:
    """A watchlist's newest alerts as an Atom 1.0 feed: an entry per matched article (docs/alerts.md)."""

    def build(store: SQLStore) -> bytes:
        w = queries.watchlist(store, name)
        return feed(w.id, w.name, queries.watch_matches(store, w.id, limit=FEED_SIZE).items, str(request.url))

    return Response(db.call(build), media_type=MEDIA_TYPE)


@router.get("/alerts", response_model=queries.Page[queries.WatchMatch], dependencies=Read)
def alerts(
    db: DbDep,
    unseen: Annotated[bool, Query(description="Only alerts not yet seen")] = True,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> Any:
    """Alerts of every watchlist, newest first."""
    return db.call(queries.watch_matches, None, None, None, unseen, limit, cursor)


@router.post("/alerts/seen", response_model=dict[str, int])
def mark_seen(body: Seen, db: DbDep, token: Writer) -> Any:
    """Mark alerts as seen; answers how many were unseen; scope `write`."""
    return {"marked": db.call(SQLStore.mark_alerts_seen, body.alert_ids)}
