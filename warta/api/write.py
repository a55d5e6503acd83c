"""The API's write endpoints, each behind a token (`warta.api.auth`): ingest one record, curate an entity or an
isu.

The request body is limited to `Settings.max_bytes` before it is read (`warta.api.limits`: 413 beyond).
Bodies are plain JSON objects; strings with NUL characters or unpaired surrogates are refused (422), since
neither store could keep them.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from warta import pipeline
from warta.api import models as m
from warta.api.auth import Admin, Writer
from warta.dates import parse_date
from warta.errors import InputError, NotFoundError, StageError, WartaError
from warta.model import Article, Raw
from warta.serving import Db, get_db
from warta.settings import Settings
from warta.stages import extract as extraction
from warta.store.curation import ACTIONS
from warta.store.sqlstore import SQLStore
from warta.types import TYPES

_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": m.ErrorBody, "description": "Unusable input (no article text, a bad curation argument)"},
    401: {"model": m.ErrorBody, "description": "No access token, or an unknown or revoked one"},
    403: {"model": m.ErrorBody, "description": "The token's scope does not allow this"},
    404: {"model": m.ErrorBody, "description": "Not found"},
    413: {"model": m.ErrorBody, "description": "The request body is larger than the server's max_bytes"},
    422: {"model": m.ErrorBody, "description": "Invalid request body"},
    500: {"model": m.ErrorBody, "description": "Server error"},
}
MAX_ARG = 1000  # longest curation argument (a name, an alias, an id)
MAX_OFFSET = 1_000_000_000

router = APIRouter(prefix="/api/v1", responses=_AUTH_ERRORS)
DbDep = Annotated[Db, Depends(get_db)]


def _storable(value: str | None) -> str | None:
    """The value, unless neither store could keep it (NUL characters, unpaired surrogates): ValueError."""
    if value is None:
        return value
    if "\x00" in value:
        raise ValueError("NUL characters cannot be stored")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("unpaired surrogate characters cannot be stored") from None
    return value


class IngestRecord(BaseModel):
    """One raw record, as a JSON Lines line of `warta ingest`: `text` or `html`, and optional metadata."""

    model_config = ConfigDict(extra="forbid")
    url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$", description="The article's URL")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=64, description="Publication date and time, ISO 8601")
    text: str | None = Field(None, description="The article as plain text")
    html: str | None = Field(None, description="The article's page as HTML (used when `text` is absent)")

    _check = field_validator("url", "title", "published", "text", "html")(_storable)


class Ingested(BaseModel):
    """The stored article."""

    id: str
    title: str | None
    created: bool = Field(description="False when the article was stored before (the store then holds it as now)")


class Decision(BaseModel):
    """A curation decision about the entity of the path (`warta entity …`, docs/linking.md)."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["merge", "split", "alias", "rename", "retype", "delete"]
    args: dict[str, Any] = Field(
        default_factory=dict,
        description="merge: {into}; split: {mentions: [[article, start, end], …], name?}; alias: {alias}; "
        "rename: {name}; retype: {type}; delete: {}",
    )
    why: str = Field(min_length=1, max_length=2000, description="The reason, kept in the curation log")

    _check = field_validator("why")(_storable)


class Decided(BaseModel):
    """The logged decision."""

    seq: int
    action: str
    entity: str
    who: str


class IsuDecision(BaseModel):
    """A curation decision about the isu of the path (`warta isu merge|split|rename`, docs/isu.md)."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["merge", "split", "rename"]
    args: dict[str, Any] = Field(
        default_factory=dict,
        description="merge: {into}; split: {articles: [article id, …], label?}; rename: {label}",
    )
    why: str = Field(min_length=1, max_length=2000, description="The reason, kept in the curation log")

    _check = field_validator("why")(_storable)


class IsuDecided(Decided):
    """The logged decision, and the isus that result (the one holding the decided articles first)."""

    isus: list[str]


class Ingester:
    """The app's pipeline, built on the first ingest (it loads the NER model). Extraction runs in the request's
    thread, so that a slow page holds no other ingest; the stages after it, bounded by `max_text_chars`, run
    one thread at a time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pipe: pipeline.Pipeline | None = None
        self._lock = threading.Lock()

    def run(self, raw: Raw) -> Article:
        article = _extract(raw, self.settings)
        with self._lock:
            if self._pipe is None:
                self._pipe = pipeline.build(self.settings)
            article = self._pipe.annotate(article)
        if article.errors:
            raise InputError("; ".join(article.errors))
        return article


def _extract(raw: Raw, settings: Settings) -> Article:
    """The extracted article, as `Pipeline.run` extracts it (a failure other than Warta's own is a StageError)."""
    try:
        article = extraction.extract(raw, settings)
    except WartaError:
        raise
    except Exception as exc:  # a parser bug on one page is that page's error
        raise StageError(f"{raw.origin}: stage 'extract' failed ({type(exc).__name__})") from exc
    return replace(article, provided=pipeline.EXTRACT_PROVIDES)


def pipeline_of(request: Request) -> Ingester:
    """The app's `Ingester` (made with the app)."""
    found: Ingester = request.app.state.ingester
    return found


def _save(store: SQLStore, article: Article) -> bool:
    """Save the article; whether it is new."""
    try:
        store.article(article.id)
        created = False
    except NotFoundError:
        created = True
    store.save(article)
    return created


@router.post(
    "/articles",
    status_code=201,
    response_model=Ingested,
    tags=["write"],
    responses={200: {"model": Ingested, "description": "Already stored: nothing new"}},
)
def ingest(record: IngestRecord, request: Request, response: Response, db: DbDep, token: Writer) -> Any:
    """Process one record through the pipeline and store it (scope `write`). Posting it again changes nothing."""
    content, fmt = (record.text, "text") if record.text and record.text.strip() else (record.html, "html")
    if not content or not content.strip():
        raise InputError('the record has no non-empty "text" or "html"; add one')
    if record.published and parse_date(record.published) is None:  # the pipeline would keep it as given
        raise InputError(f"published {record.published!r}: not a date; use ISO 8601 (2024-05-01T10:00:00+07:00)")
    raw = Raw(content, fmt, f"POST /api/v1/articles ({token.name})", record.url, None, record.title, record.published)
    article = pipeline_of(request).run(raw)
    created = db.call(_save, article)
    response.status_code = 201 if created else 200
    return Ingested(id=article.id, title=article.title, created=created)


@router.post("/entities/{entity_id}/curation", response_model=Decided, tags=["write"])
def curate(body: Decision, db: DbDep, token: Admin, entity_id: Annotated[str, Path(max_length=MAX_ARG)]) -> Any:
    """Record a curation decision and apply it to the stored articles (scope `admin`); logged with the token's
    name as `who`."""
    args = decision_args(body.action, body.args)
    seq = db.call(SQLStore.curate, body.action, entity_id, args, token.name, body.why)
    return Decided(seq=seq, action=body.action, entity=entity_id, who=token.name)


@router.post("/isu/{isu_id}/curation", response_model=IsuDecided, tags=["write"])
def curate_isu(body: IsuDecision, db: DbDep, token: Admin, isu_id: Annotated[str, Path(max_length=MAX_ARG)]) -> Any:
    """Record a curation decision on an isu and cluster the isus it touches again (scope `admin`); logged with
    the token's name as `who`."""
    args = isu_decision_args(body.action, body.args)
    seq = db.call(SQLStore.curate_isu, body.action, isu_id, args, token.name, body.why)
    isus = cast("list[str]", args["result"])
    return IsuDecided(seq=seq, action=body.action, entity=isu_id, who=token.name, isus=isus)


def isu_decision_args(action: str, given: dict[str, Any]) -> dict[str, object]:
    """The arguments `Store.curate_isu` takes for `action`, checked; InputError names what is wrong."""
    if action == "merge":
        return {"into": _arg(given, "into")}
    args: dict[str, object] = {}
    if action == "split":
        args["articles"] = _articles(given.get("articles"))
    if action == "rename" or given.get("label") is not None:
        args["label"] = _arg(given, "label")
    return args


def _articles(value: object) -> list[str]:
    """A non-empty list of article ids."""
    if not isinstance(value, list) or not 0 < len(value) <= 10_000:
        raise InputError("args.articles: give a non-empty list of article ids")
    for item in value:
        if not isinstance(item, str) or not item or len(item) > MAX_ARG or _unstorable(item):
            raise InputError("args.articles: give a non-empty list of article ids")
    return list(value)


def decision_args(action: str, given: dict[str, Any]) -> dict[str, object]:
    """The arguments `Store.curate` takes for `action`, checked; InputError names what is wrong."""
    if action not in ACTIONS:
        raise InputError(f"unknown action {action!r}")
    if action == "merge":
        return {"into": _arg(given, "into")}
    if action == "split":
        args: dict[str, object] = {"mentions": _mentions(given.get("mentions"))}
        if given.get("name") is not None:
            args["name"] = _arg(given, "name")
        return args
    if action == "retype":
        kind = _arg(given, "type")
        if kind not in TYPES:
            raise InputError(f"unknown entity type {kind!r}; use one of {', '.join(TYPES)}")
        return {"type": kind}
    if action in ("alias", "rename"):
        key = "alias" if action == "alias" else "name"
        return {key: _arg(given, key)}
    return {}


def _arg(given: dict[str, Any], key: str) -> str:
    value = given.get(key)
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text or len(text) > MAX_ARG or _unstorable(text):
        raise InputError(f"args.{key}: give a non-empty text of at most {MAX_ARG} characters")
    return text


def _unstorable(text: str) -> bool:
    try:
        _storable(text)
    except ValueError:
        return True
    return False


def _mentions(value: object) -> list[list[object]]:
    """[[article id, start, end], …] with 0 ≤ start < end."""
    problem = InputError("args.mentions: give a non-empty list of [article id, start, end] with 0 <= start < end")
    if not isinstance(value, list) or not value or len(value) > 10_000:
        raise problem
    mentions: list[list[object]] = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
            raise problem
        article, start, end = item
        ints = all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end))
        if not ints or not 0 <= start < end <= MAX_OFFSET or not article or _unstorable(article):
            raise problem
        mentions.append([article, start, end])
    return mentions
