"""Input of a batch: glob patterns → files → records → partitions of N records, in input order.

Records come from the existing readers (`warta.sources`): WARC archives through `iter_warc`, JSON Lines files
through `decode` and `parse_jsonl`, read in blocks of lines so that a corpus file of any size streams (the
`extract`/`ingest` path reads a file whole, up to `max_bytes`). Every failure (a pattern matching nothing, a
missing, binary or empty file, a bad line) is an `Unreadable` item kept in its place, so that errors are
reported in input order with the articles around them.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import BinaryIO, TypeVar

from warta.errors import InputError
from warta.model import Raw
from warta.net.decode import decode
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.files import jsonl_lines, parse_jsonl
from warta.sources.warc import is_warc, iter_warc

INPUT_FORMATS = ("jsonl", "warc")
DEFAULT_PARTITION_SIZE = 16
BLOCK_LINES = 1000  # JSON Lines lines decoded and parsed at a time
_BLOCK_BYTES = 1 << 22
_GLOB_CHARS = frozenset("*?[")

Item = Raw | Unreadable
Partition = list[Item]
T = TypeVar("T")


def partitions(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last one shorter)."""
    if size < 1:
        raise InputError(f"partition size must be at least 1, not {size}")
    stream = iter(items)
    while chunk := list(islice(stream, size)):
        yield chunk


def records(patterns: list[str], settings: Settings, input_format: str | None = None) -> Iterator[Item]:
    """Every record of the files the patterns name (each pattern's matches sorted), in order."""
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use one of {', '.join(INPUT_FORMATS)}")
    for path in files(patterns):
        if isinstance(path, Unreadable):
            yield path
        elif (input_format or ("warc" if is_warc(path) else "jsonl")) == "warc":
            yield from iter_warc(Path(path), settings)
        else:
            yield from iter_jsonl(Path(path), settings)


def files(patterns: list[str]) -> Iterator[str | Unreadable]:
    """The files each pattern names, once each: glob matches sorted, a plain path as given."""
    seen: set[str] = set()
    for pattern in patterns:
        if not _GLOB_CHARS & set(pattern):
            matches = [pattern]
        else:
            matches = sorted(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
            if not matches:
                yield Unreadable(pattern, f"{pattern}: matches no file; check the pattern (quote it for warta)")
        for path in matches:
            if path not in seen:
                seen.add(path)
                yield path


def iter_jsonl(path: Path, settings: Settings, block_lines: int = BLOCK_LINES) -> Iterator[Item]:
    """The records of a JSON Lines file (origin "path:LINE"), streamed; failures become `Unreadable` items."""
    origin = str(path)
    if not path.exists():
        yield Unreadable(origin, f"{origin}: no such file; check the path")
        return
    if path.is_dir():
        yield Unreadable(origin, f"{origin}: is a directory; pass the files inside it instead")
        return
    try:
        with path.open("rb") as stream:
            yield from _jsonl_stream(stream, origin, settings.max_bytes, block_lines)
    except OSError as exc:
        yield Unreadable(origin, f"{origin}: cannot read: {exc}")


@dataclass(frozen=True)
class _Block:
    """Whole lines of a JSON Lines file, and whether an over-long line (left unread) follows them."""

    data: bytes
    oversized: bool = False


def _jsonl_stream(stream: BinaryIO, origin: str, max_bytes: int, block_lines: int) -> Iterator[Item]:
    """Decode and parse a JSON Lines stream block by block, numbering lines as `parse_jsonl` does."""
    before, seen = 0, False  # lines (as `jsonl_lines` counts them) already read; any content yet
    for block in _blocks(stream, max_bytes, block_lines):
        if not block.data.strip():
            before += block.data.count(b"\n")  # blank lines: only counted
        else:
            where = origin if not seen else f"{origin}:{before + 1}"
            try:
                text = decode(block.data, where)
            except InputError as exc:
                yield Unreadable(where, str(exc))
                if not seen:
                    return  # a binary file: one error for the whole of it
                before += len(jsonl_lines(block.data.decode("latin-1")))
            else:
                yield from (_shift(item, origin, before) for item in parse_jsonl(text, origin))
                before += len(jsonl_lines(text))
            seen = True
        if block.oversized:
            before, seen = before + 1, True
            where = f"{origin}:{before}"
            yield Unreadable(
                where, f"{where}: record larger than the limit of {max_bytes} bytes; raise WARTA_MAX_BYTES"
            )
    if not seen:
        try:
            decode(b"", origin)
        except InputError as exc:
            yield Unreadable(origin, str(exc))  # the reader's own message for an empty input


def _blocks(stream: BinaryIO, max_bytes: int, block_lines: int) -> Iterator[_Block]:
    """Blocks of at most `block_lines` whole lines; a line over `max_bytes` is skipped and ends its block."""
    lines: list[bytes] = []
    size = 0
    while line := stream.readline(max_bytes + 1):
        if len(line) > max_bytes:
            _skip_line(stream)
            yield _Block(b"".join(lines), oversized=True)
            lines, size = [], 0
            continue
        lines.append(line)
        size += len(line)
        if len(lines) >= block_lines or size >= _BLOCK_BYTES:
            yield _Block(b"".join(lines))
            lines, size = [], 0
    if lines:
        yield _Block(b"".join(lines))


def _skip_line(stream: BinaryIO) -> None:
    """Read past the rest of an over-long line."""
    while chunk := stream.readline(_BLOCK_BYTES):
        if chunk.endswith(b"\n"):
            return


def _shift(item: Item, origin: str, before: int) -> Item:
    """An item `parse_jsonl` numbered within its block, renumbered within the file."""
    if before == 0:
        return item
    number = int(item.origin.rsplit(":", 1)[1]) + before
    where = f"{origin}:{number}"
    if isinstance(item, Raw):
        return replace(item, origin=where)
    return Unreadable(where, where + item.error[len(item.origin) :])
