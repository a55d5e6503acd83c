"""Reading inputs: files, URLs and standard input, as HTML pages, plain text, JSON Lines records or WARC archives.

Every per-input failure becomes an `Unreadable` and the iteration goes on, in input order.
"""

from __future__ import annotations

import codecs
import json
import logging
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from warta.errors import InputError, WartaError
from warta.model import Raw
from warta.net.decode import decode, decode_line, detect_format
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.warc import is_warc, iter_warc, iter_warc_stream
from warta.sources.web import fetch

log = logging.getLogger(__name__)

FORMATS = ("html", "text", "jsonl", "warc")
STDIN = "<stdin>"


def iter_inputs(
    specs: list[str],
    settings: Settings,
    input_format: str | None = None,
    as_is: bool = False,
    stdin: BinaryIO | None = None,
) -> Iterator[Raw | Unreadable]:
    """Each input (file path, http(s) URL or "-") as `Raw` items, or an `Unreadable` saying why not."""
    if input_format is not None and input_format not in FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use one of {', '.join(FORMATS)}")
    for spec in specs:
        origin = STDIN if spec == "-" else spec
        if _is_warc(spec, input_format):
            yield from _read_warc(spec, settings, stdin)  # streamed: an archive holds many pages
            continue
        try:
            yield from _read_spec(spec, settings, input_format, as_is, stdin)  # lazily: JSON Lines stream
        except WartaError as exc:
            log.info("%s", exc)
            yield Unreadable(origin, str(exc))
        except (OSError, ValueError) as exc:
            log.info("%s: %s", origin, exc)
            yield Unreadable(origin, f"{origin}: cannot read: {exc}")


def _is_warc(spec: str, input_format: str | None) -> bool:
    """Whether an input is a WARC archive: `--input-format warc`, or a .warc / .warc.gz file."""
    if spec.startswith(("http://", "https://")):
        return False
    return input_format == "warc" or (input_format is None and is_warc(spec))


def _read_warc(spec: str, settings: Settings, stdin: BinaryIO | None) -> Iterator[Raw | Unreadable]:
    """The pages of a WARC file, or of a WARC on standard input ("-")."""
    if spec == "-":
        yield from iter_warc_stream(stdin if stdin is not None else sys.stdin.buffer, STDIN, settings)
    else:
        yield from iter_warc(Path(spec), settings)


def _read_spec(
    spec: str, settings: Settings, input_format: str | None, as_is: bool, stdin: BinaryIO | None
) -> Iterator[Raw | Unreadable]:
    """The items of one input spec; raises `InputError` when the whole input is unusable."""
    if spec.startswith(("http://", "https://")):
        yield _read_url(spec, settings, input_format, as_is)
        return
    if spec == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = _read_limited(stream, STDIN, settings.max_bytes)
        origin, suffix = STDIN, ""
    else:
        if _streams_jsonl(spec, input_format, settings.max_bytes):
            with Path(spec).open("rb") as stream:
                yield from read_jsonl(stream, spec, settings.max_bytes, as_is)
            return
        data = _read_file(spec, settings.max_bytes)
        origin, suffix = spec, Path(spec).suffix.lower()
    text = decode(data, origin)
    fmt = input_format or detect_format(text, suffix)
    if fmt == "jsonl":
        yield from parse_jsonl(text, origin, as_is)
    else:
        yield Raw(content=text, format=fmt, origin=origin, as_is=as_is and fmt == "text")


def _read_url(url: str, settings: Settings, input_format: str | None, as_is: bool) -> Raw:
    """Fetch a URL; a forced html/text format overrides the one the server's content type gave."""
    raw = fetch(url, settings)
    fmt = input_format if input_format in ("html", "text") else raw.format
    return replace(raw, format=fmt, as_is=as_is and fmt == "text")


def _check_file(path_text: str) -> Path:
    """The path of an existing file; `InputError` for a missing one or a directory."""
    path = Path(path_text)
    if not path.exists():
        raise InputError(f"{path_text}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path_text}: is a directory; pass the files inside it instead")
    return path


def _streams_jsonl(path_text: str, input_format: str | None, max_bytes: int) -> bool:
    """Whether a file is read as JSON Lines record by record: given as such or named .jsonl / .ndjson, or
    over `max_bytes` with a head that looks like JSON Lines; not in UTF-16 or UTF-32 (its lines are not
    newline bytes)."""
    path = _check_file(path_text)
    suffix = path.suffix.lower()
    named = input_format == "jsonl" or (input_format is None and suffix in (".jsonl", ".ndjson"))
    if not named and (input_format is not None or path.stat().st_size <= max_bytes):
        return False
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # the UTF-32 LE mark starts like UTF-16's
        return False
    return named or detect_format(head.decode("utf-8", errors="replace"), suffix) == "jsonl"


_SNIFF_BYTES = 65536


def read_jsonl(stream: BinaryIO, origin: str, max_bytes: int, as_is: bool = False) -> Iterator[Raw | Unreadable]:
    """The records of a JSON Lines stream read line by line (origin "path:LINE"), so that memory holds one
    record whatever the size of the file: `max_bytes` limits each record; a record over it, or a bad line,
    gives an `Unreadable` and reading goes on. A binary or empty input is one `Unreadable`."""
    number, seen = 0, False
    while line := stream.readline(max_bytes + 1):
        number += 1
        where = f"{origin}:{number}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_line(stream)
            seen = True
            yield Unreadable(where, _record_too_large(where, max_bytes))
            continue
        text = _decode_line(line, origin if not seen else where)
        if isinstance(text, Unreadable):
            yield text
            if not seen:
                return  # binary data: one error for the whole input
            seen = True
            continue
        text = text.removesuffix("\n").removesuffix("\r")
        if not text.strip():
            continue
        seen = True
        try:
            yield _record(text, where, as_is)
        except InputError as exc:
            log.info("%s", exc)
            yield Unreadable(where, str(exc))
    if not seen:
        yield Unreadable(origin, f"{origin}: empty input, nothing to read; check the file or URL")


def _decode_line(line: bytes, where: str) -> str | Unreadable:
    """One JSON Lines line as text (BOM, UTF-8, then a guess), or an `Unreadable` for binary data."""
    try:
        return decode_line(line, where)
    except InputError as exc:
        return Unreadable(where, str(exc))


def _skip_line(stream: BinaryIO) -> None:
    """Read past the rest of an over-long line, a block at a time."""
    while chunk := stream.readline(1 << 22):
        if chunk.endswith(b"\n"):
            return


def _record_too_large(where: str, max_bytes: int) -> str:
    """The message for a JSON Lines record over the size limit."""
    return (
        f"{where}: record larger than the limit of {max_bytes} bytes; skipped (raise WARTA_MAX_BYTES to read it; "
        "for corpora, `warta process` reads JSON Lines files in partitions)"
    )


def _read_file(path_text: str, max_bytes: int) -> bytes:
    """The bytes of a file, checked for existence, kind and size."""
    path = _check_file(path_text)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(_too_large(path_text, max_bytes))
    with path.open("rb") as stream:
        return _read_limited(stream, path_text, max_bytes)


def _read_limited(stream: BinaryIO, origin: str, max_bytes: int) -> bytes:
    """Read at most `max_bytes`; raise `InputError` when there is more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(_too_large(origin, max_bytes))
    return data


def _too_large(origin: str, max_bytes: int) -> str:
    """The message for an input over the size limit."""
    return f"{origin}: larger than the limit of {max_bytes} bytes; raise WARTA_MAX_BYTES or split the input"


def jsonl_lines(text: str) -> list[str]:
    """The lines of a JSON Lines text: split at newlines only (a raw U+2028 or form feed inside a record's
    string is not a line break, unlike `str.splitlines`), without their CR, and no empty last line."""
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def parse_jsonl(text: str, origin: str, as_is: bool = False) -> Iterator[Raw | Unreadable]:
    """One `Raw` per JSON Lines record (origin "path:LINE"); a bad line gives an `Unreadable`."""
    for number, line in enumerate(jsonl_lines(text), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            yield _record(line, where, as_is)
        except InputError as exc:
            log.info("%s", exc)
            yield Unreadable(where, str(exc))


def _record(line: str, where: str, as_is: bool) -> Raw:
    """A `Raw` from one JSON Lines record; raises `InputError` for a record that cannot be used."""
    try:
        value = json.loads(line)
    except ValueError as exc:
        raise InputError(f"{where}: invalid JSON ({exc}); fix or remove this line") from None
    except RecursionError:  # Python's parser recurses once per level of nesting
        raise InputError(f"{where}: JSON nested too deeply to read; fix or remove this line") from None
    if not isinstance(value, dict):
        raise InputError(f"{where}: not a JSON object; each line must be one {{...}} record")
    text, html = value.get("text"), value.get("html")
    if isinstance(text, str) and text.strip():
        content, fmt = text, "text"
    elif isinstance(html, str) and html.strip():
        content, fmt = html, "html"
    else:
        raise InputError(f'{where}: record has no non-empty "text" or "html" field; add one')
    return Raw(
        content=content,
        format=fmt,
        origin=where,
        url=_field(value, "url"),
        id=_field(value, "id"),
        title=_field(value, "title"),
        published=_field(value, "published"),
        as_is=as_is and fmt == "text",
    )


def _field(record: dict[str, Any], key: str) -> str | None:
    """A record field as a non-empty string (numbers such as ids are accepted), else None."""
    value = record.get(key)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        return str(value).strip() or None
    return None
