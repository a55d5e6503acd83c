"""Where a batch's articles go, written from the parent process in article order: the store, or Parquet.

Workers send back article documents as JSON strings; the store sink rebuilds `Article`s from them
(`from_document`, lossless for everything the store keeps) and saves them with `save_many`, 200 at a time;
the Parquet sink writes one row per article without rebuilding anything.

Parquet schema (one row per article, in input order; `PARQUET_SCHEMA`):

| column | type | |
|---|---|---|
| id | string, not null | the article id |
| url, source, title | string | as in the document's `article` object |
| published | string | ISO 8601 with its UTC offset, as in the document (dates can be partial, so not a timestamp) |
| text | string, not null | the cleaned text every offset points into |
| document | string, not null | the whole article document as JSON (`docs/document.md`) |
| mention_count, entity_count, quote_count, edge_count | int32, not null | sizes of the document's lists |
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from warta.document import from_document
from warta.engine import EngineError
from warta.model import Article
from warta.store import open_store

ROW_GROUP = 2000  # Parquet rows buffered before a row group is written
STORE_BATCH = 200  # articles buffered before they are saved (`save_many`)
PARQUET_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("source", pa.string()),
        pa.field("title", pa.string()),
        pa.field("published", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("document", pa.string(), nullable=False),
        pa.field("mention_count", pa.int32(), nullable=False),
        pa.field("entity_count", pa.int32(), nullable=False),
        pa.field("quote_count", pa.int32(), nullable=False),
        pa.field("edge_count", pa.int32(), nullable=False),
    ]
)
_ARTICLE_COLUMNS = ("id", "url", "source", "title", "published", "text")
_COUNTS = {"mention_count": "mentions", "entity_count": "entities", "quote_count": "quotes", "edge_count": "edges"}


class Sink(Protocol):
    """A destination for article documents (JSON strings), written in order."""

    def write(self, documents: list[str]) -> None:
        """Write these documents after the ones already written."""

    def close(self, completed: bool = True) -> str:
        """Finish writing (`completed` is false when the batch stopped on an error); returns where the articles
        went, for the summary line."""


class StoreSink:
    """Saves articles into the store at `db` (SQLite path or database URL), `STORE_BATCH` at a time."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.store = open_store(db)
        self._articles: list[Article] = []

    def write(self, documents: list[str]) -> None:
        """Buffer the articles; save them whenever enough are buffered (saving an unchanged article again
        changes nothing)."""
        self._articles.extend(from_document(json.loads(doc)) for doc in documents)
        if len(self._articles) >= STORE_BATCH:
            self._flush()

    def _flush(self) -> None:
        articles, self._articles = self._articles, []
        self.store.save_many(articles)

    def close(self, completed: bool = True) -> str:
        """Save what is buffered and close the store; returns the store with its row counts. After a failure
        the buffer is dropped: what was saved stays saved, and running the batch again completes it."""
        try:
            if not completed:
                return self.db
            self._flush()
            counts = ", ".join(f"{n} {table}" for table, n in self.store.counts().items())
            return f"{self.db} (now {counts})"
        finally:
            self.store.close()


class ParquetSink:
    """Writes one row per article to a Parquet file, replacing it only once the batch has finished."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._partial = self.path.with_name(self.path.name + ".partial")
        self._rows: list[dict[str, Any]] = []
        self._written = 0
        try:
            self._writer = pq.ParquetWriter(str(self._partial), PARQUET_SCHEMA, compression="zstd")
        except OSError as exc:
            raise EngineError(f"{path}: cannot write a Parquet file there ({exc})") from None

    def write(self, documents: list[str]) -> None:
        """Buffer the rows; write a row group whenever enough are buffered."""
        self._rows.extend(parquet_row(doc) for doc in documents)
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=PARQUET_SCHEMA))
            self._written += len(self._rows)
            self._rows = []

    def close(self, completed: bool = True) -> str:
        """Write what is buffered and move the finished file into place; returns the file with its row count.
        After a failure the file is dropped (an earlier file at the path stays as it was)."""
        if not completed:
            self._writer.close()
            self._partial.unlink(missing_ok=True)
            return str(self.path)
        self._flush()
        self._writer.close()
        os.replace(self._partial, self.path)
        return f"{self.path} ({self._written} rows)"


def parquet_row(document: str) -> dict[str, Any]:
    """The Parquet row of one article document (JSON)."""
    doc = json.loads(document)
    row: dict[str, Any] = {name: doc["article"].get(name) for name in _ARTICLE_COLUMNS}
    row["document"] = document
    row.update({column: len(doc.get(key, ())) for column, key in _COUNTS.items()})
    return row


def open_sink(out: str | None, db: str) -> Sink:
    """A Parquet sink for `out`, else the store at `db`."""
    if out:
        return ParquetSink(out)
    return StoreSink(db)
