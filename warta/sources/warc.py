"""Reading web archives: the HTML and text pages of a WARC file (gzip or plain) as `Raw` items.

Every `response` record with HTTP status 200 and an HTML or plain-text content type becomes one `Raw` (origin
"path#OFFSET", url the record's WARC-Target-URI); other records are skipped. A truncated or corrupt archive
gives one `Unreadable` for the rest of it, and the iteration stops there.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from warta.errors import InputError
from warta.model import Raw
from warta.net.decode import content_type, decode
from warta.settings import Settings
from warta.sources import Unreadable

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_CHUNK = 1 << 16
# What warcio and the streams below it raise on a damaged archive (its parser trips over missing headers too).
_DAMAGED = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    AttributeError,
    IndexError,
    KeyError,
    TypeError,
)


class _Truncated(Exception):
    """The archive ends inside a record, or a record has no valid Content-Length."""


def is_warc(name: str) -> bool:
    """Whether a file name says WARC (.warc or .warc.gz)."""
    return name.lower().endswith(WARC_SUFFIXES)


def iter_warc(path: Path, settings: Settings) -> Iterator[Raw | Unreadable]:
    """The pages of the WARC file at `path`; failures become `Unreadable` items, never exceptions."""
    origin = str(path)
    if not path.exists():
        yield Unreadable(origin, f"{origin}: no such file; check the path")
        return
    if path.is_dir():
        yield Unreadable(origin, f"{origin}: is a directory; pass the WARC files inside it instead")
        return
    try:
        with path.open("rb") as stream:
            yield from iter_warc_stream(stream, origin, settings, size=path.stat().st_size)
    except OSError as exc:
        yield Unreadable(origin, f"{origin}: cannot read: {exc}")


def iter_warc_stream(
    stream: BinaryIO, origin: str, settings: Settings, size: int | None = None
) -> Iterator[Raw | Unreadable]:
    """The pages of a WARC read from `stream`; `size` (bytes, when known) lets a cut-off last record show."""
    records = ArchiveIterator(stream)
    pages = end = inflated = 0
    try:
        for record in records:
            place = f"{origin}#{records.offset}"  # warcio's offset of the record being read
            inflated += _declared_length(record)
            if inflated > settings.max_warc_bytes:
                yield Unreadable(
                    place,
                    f"{place}: the WARC decompresses to more than {settings.max_warc_bytes} bytes (max_warc_bytes); "
                    "the rest of it is skipped; raise WARTA_MAX_WARC_BYTES to read it",
                )
                return
            item = _page(record, place, settings.max_bytes)
            _drain(record)
            end = records.get_record_offset() + records.get_record_length()
            if item is not None:
                pages += 1  # an HTML or text response, read or reported (too large, undecodable)
                yield item
        if size is not None and _trailing_garbage(stream, end, size):
            raise _Truncated("data after the last whole record")
    except (_Truncated, *_DAMAGED) as exc:
        where, reason = f"{origin}#{end}", _reason(exc)
        log.info("%s: damaged WARC: %s", where, reason)
        yield Unreadable(where, f"{where}: truncated or corrupt WARC ({reason}); the rest of it is skipped")
        return
    if pages == 0:
        yield Unreadable(origin, f"{origin}: no HTML or text response with HTTP status 200 in this WARC")


def _reason(exc: BaseException) -> str:
    """The first line of an exception's message (warcio's can span several), or its class name."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0][:120] if lines else type(exc).__name__


def _page(record: Any, origin: str, max_bytes: int) -> Raw | Unreadable | None:
    """A `Raw` for a 200 HTML or text response record, an `Unreadable` for a bad one, None to skip it."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    media_type, charset = content_type(record.http_headers.get_header("Content-Type") or "")
    if media_type not in _HTML_TYPES | _TEXT_TYPES:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Unreadable(origin, f"{origin}: {url} larger than the limit of {max_bytes} bytes; raise WARTA_MAX_BYTES")
    try:
        text = decode(data, url or origin, charset)
    except InputError as exc:
        return Unreadable(origin, str(exc))
    fmt = "html" if media_type in _HTML_TYPES else "text"
    return Raw(content=text, format=fmt, origin=origin, url=url or None, published=None)


def _declared_length(record: Any) -> int:
    """A record's declared block length (0 when it declares none: `_drain` refuses such a record)."""
    value = (record.rec_headers.get_header("Content-Length") or "").strip()
    return int(value) if value.isdigit() else 0


def _drain(record: Any) -> None:
    """Read the rest of the record's block; raise `_Truncated` when it ends before its Content-Length."""
    if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
        raise _Truncated("a record without a valid Content-Length")
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise _Truncated(f"a record ends {raw.limit} bytes before its declared length")


def _trailing_garbage(stream: BinaryIO, end: int, size: int) -> bool:
    """Whether bytes other than blank lines follow the last whole record (a record cut off in its headers)."""
    if size - end > 64:
        return True
    if size <= end:
        return False
    stream.seek(end)
    return bool(stream.read(size - end).strip())
