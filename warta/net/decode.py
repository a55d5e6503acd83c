"""Bytes to text, whatever read them (a file, standard input, a WARC record, an HTTP response), and what the
text is: a byte order mark, the declared charset (Content-Type or `<meta>`), strict UTF-8, then detection;
binary data (magic numbers, NUL bytes, many control characters) and empty inputs are refused."""

from __future__ import annotations

import codecs
import json
import logging
import re
from typing import Any

from charset_normalizer import from_bytes

from warta.errors import InputError

log = logging.getLogger(__name__)

# Magic numbers of binary formats that are never a news page or text.
_MAGIC: tuple[bytes, ...] = (
    b"\x1f\x8b",  # gzip
    b"PK\x03\x04",  # zip (also docx, xlsx, epub)
    b"%PDF",  # PDF
    b"\x89PNG",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"\x7fELF",  # ELF executable
    b"GIF8",  # GIF
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte guesses of charset_normalizer that mean "Western text": read as windows-1252 instead.
_WESTERN = frozenset({"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "mac_roman", "cp850"})
# Declared names that browsers read as windows-1252.
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"})
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:html|body|article)\b", re.IGNORECASE)
_ANY_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|li|ul|ol|table|tr|td|img|script|style|meta|link|head|title|"
    r"section|header|footer|nav|strong|em|b|i|main|figure)\b[^>]*>",
    re.IGNORECASE,
)


def decode(data: bytes, origin: str, declared: str | None = None) -> str:
    """Bytes to text: BOM, declared charset, strict UTF-8, then detection; binary or empty → InputError."""
    text = _decode_bom(data)
    if text is None:
        _reject_binary(data, origin)
        text = _decode_declared(data, declared) or _decode_guess(data)
    if not text.strip():
        raise InputError(f"{origin}: empty input, nothing to read; check the file or URL")
    return text


def decode_line(line: bytes, where: str) -> str:
    """One line of a text stream (a JSON Lines record) as text: BOM, strict UTF-8, then a guess; no declared
    charset, and an empty line is no error. InputError for binary data."""
    text = _decode_bom(line)
    if text is not None:
        return text
    _reject_binary(line, where)
    return _decode_guess(line)


def content_type(header: str) -> tuple[str, str | None]:
    """The media type (lowercased) and charset parameter of a Content-Type header."""
    parts = [part.strip() for part in header.split(";")]
    charset = None
    for param in parts[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return parts[0].lower(), charset


def detect_format(text: str, suffix: str = "") -> str:
    """ "html", "jsonl" or "text", from the file name suffix and then the content."""
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    head = text[:65536]
    if _HTML_START.match(head) or _HTML_TAG.search(head) or len(_ANY_TAG.findall(head)) >= 5:
        return "html"
    first = next((line for line in head.splitlines() if line.strip()), "")
    if first.lstrip().startswith("{") and isinstance(_json_or_none(first), dict):
        return "jsonl"
    return "text"


def _json_or_none(line: str) -> Any:
    """The parsed JSON value of a line, or None when it is not JSON."""
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


def _decode_bom(data: bytes) -> str | None:
    """The text when the data starts with a Unicode byte order mark, else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return None


def _reject_binary(data: bytes, origin: str) -> None:
    """Raise `InputError` for binary data: magic numbers, NUL bytes or many control characters."""
    head = data[:8192]
    controls = sum(1 for byte in head if byte in _CONTROL)
    if data.startswith(_MAGIC) or b"\x00" in head or (head and controls / len(head) > 0.05):
        raise InputError(f"{origin}: binary data, not a news page or text")


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    """The text in the declared (or <meta>-declared) charset, or None when that fails."""
    name = declared or _meta_charset(data)
    if not name:
        return None
    name = name.strip().lower()
    if name in _AS_CP1252:
        name = "cp1252"
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        log.debug("declared charset %r does not decode the data", name)
        return None


def _meta_charset(data: bytes) -> str | None:
    """The charset a <meta> tag in the first 4 KB declares, or None."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", errors="replace") if match else None


def _decode_guess(data: bytes) -> str:
    """Strict UTF-8, else charset_normalizer's guess (windows-1252 for Western guesses)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in _WESTERN or best is None:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    return str(best)
