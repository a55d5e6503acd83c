"""Every setting once: its name, default and help. Read from the environment (`WARTA_<NAME>`) or passed in."""

from __future__ import annotations

import math
import os
import re
from dataclasses import Field, dataclass, field, fields, replace
from typing import Any

from warta.errors import WartaError

MAX_NUMBER = 10**12  # the largest number any setting takes (a terabyte, 30,000 years of seconds)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
HOST_PATTERN = r"[A-Za-z0-9_.-]{1,253}|\[?[0-9A-Fa-f:.]{2,45}\]?"  # a host name, IPv4 or IPv6 address


class SettingsError(WartaError):
    """A setting's value is of the wrong type or out of its range (one line naming `WARTA_<NAME>`)."""


def _setting(default: Any, help: str, low: float | None = None, pattern: str | None = None) -> Any:
    """A setting's field: its default, help and checks (`low`: smallest number; `pattern`: a text's form).
    Every number must also be finite and at most MAX_NUMBER; numbers are at least 0 unless `low` says
    otherwise, seconds (floats) more than 0; no text may hold control characters."""
    return field(default=default, metadata={"help": help, "low": low, "pattern": pattern})


@dataclass(frozen=True)
class Settings:
    """Warta's settings. `Settings.from_env()` reads `WARTA_DB`, `WARTA_MAX_BYTES`, … over the defaults."""

    db: str = _setting("warta.db", "Path of the SQLite database (or a database URL).")
    max_bytes: int = _setting(20_000_000, "Largest input (file, page or record) read, in bytes.", low=1)
    max_warc_bytes: int = _setting(
        8_000_000_000,
        "Most bytes one WARC file may decompress to (its records' declared lengths added up); the rest of a "
        "larger one is skipped with one line, so that a compressed bomb costs bounded time.",
        low=1,
    )
    max_text_chars: int = _setting(
        200_000,
        "Longest article text processed, in characters after extraction (about 30,000 words; news articles are "
        "far shorter): a longer one is refused, so that every article is processed in bounded time and memory.",
        low=1,
    )
    article_timeout: float = _setting(
        20.0,
        "Seconds one article's extraction may take (parsing, metadata, main text, date), checked between these "
        "steps: a page still being read after it is refused with one line. A news page takes well under a second.",
    )
    fetch_timeout: float = _setting(15.0, "Seconds to wait when fetching a URL (connect and read).")
    max_redirects: int = _setting(5, "Redirects followed when fetching a URL.")
    user_agent: str = _setting(
        "Warta/0.1 (+https://github.com/warta-id/warta)", "User-Agent header sent when fetching."
    )
    timezone: str = _setting(
        "+07:00", "UTC offset assumed for dates with no zone (WIB).", pattern=r"[+-](0\d|1[0-4]):[0-5]\d"
    )
    ner_model: str = _setting(
        "",
        "Folder of the NER model the entities stage uses beside the knowledge base: empty for the shipped "
        "model, 'none' for knowledge base and patterns only.",
    )
    tone_model: str = _setting(
        "",
        "Folder of the tone model the tone stage uses (`warta train tone`): empty for the shipped model.",
    )
    stages: tuple[str, ...] = _setting(
        ("clean", "sentences", "entities", "coref", "roles", "quotes", "linking", "graph", "tone", "category"),
        "Pipeline stages after extraction, in order.",
    )
    read_access: str = _setting(
        "open",
        "Who may read through `warta serve` (API and web pages): 'open' (anyone who reaches the server) or "
        "'required' (a token of any scope, `Authorization: Bearer TOKEN`; see `warta token`). Writing always "
        "needs a token.",
    )
    allowed_hosts: tuple[str, ...] = _setting(
        ("localhost", "127.0.0.1", "::1"),
        "Host names (or addresses) `warta serve` answers, comma-separated: a request whose Host header names "
        "another gets 400, so that no other site's page can read the server through DNS rebinding. Add the "
        "public name of a deployment behind a proxy (or use `warta serve --allowed-host NAME`).",
        pattern=HOST_PATTERN,
    )
    body_timeout: float = _setting(
        60.0,
        "Seconds `warta serve` gives a client to send a request body in full, from the end of its headers; a "
        "slower one gets 408 and its connection is closed.",
    )
    max_inflight_body_bytes: int = _setting(
        64_000_000,
        "Request body bytes `warta serve` holds at once for all requests together (each body is also limited "
        "by max_bytes); a body that would pass it gets 503 with Retry-After.",
        low=1,
    )
    max_connections: int = _setting(
        256,
        "Open connections `warta serve` keeps (keep it under the open-file limit): a connection beyond it is "
        "answered 503 and closed at once, and requests beyond it get 503 (uvicorn's limit_concurrency).",
        low=1,
    )
    header_timeout: float = _setting(
        10.0,
        "Seconds `warta serve` waits for a request's headers on a new or kept-alive connection before closing it.",
    )
    keep_alive_timeout: int = _setting(
        5, "Seconds `warta serve` keeps an idle connection open after a response.", low=1
    )
    log_repeat_seconds: float = _setting(
        10.0,
        "`warta serve` logs an identical line at most once in this many seconds; the next one says how many "
        "were left out.",
    )
    smtp_host: str = _setting("", "SMTP server e-mail alerts are sent through (empty: e-mail alerts wait, failing).")
    smtp_port: int = _setting(587, "Port of the SMTP server.", low=1)
    smtp_user: str = _setting("", "User to log in to the SMTP server as (empty: no login).")
    smtp_password: str = _setting("", "Password of smtp_user (keep it in the environment, not in a file).")
    smtp_from: str = _setting("warta@localhost", "Sender address (From) of e-mail alerts.")
    smtp_starttls: bool = _setting(True, "Switch the SMTP connection to TLS with STARTTLS before logging in.")
    smtp_cafile: str = _setting(
        "", "PEM file of the certificate authorities trusted for the SMTP server (empty: the system's)."
    )
    alerts_timeout: float = _setting(
        10.0, "Seconds one alert delivery may wait for its receiver (a webhook's answer, each SMTP step)."
    )
    alerts_max_attempts: int = _setting(
        8, "Attempts at one delivery before it is marked failed (the first included).", low=1
    )
    alerts_backoff: float = _setting(
        60.0, "Seconds before a failed delivery's first retry; each next wait is twice the last (at most a day)."
    )
    alerts_lease: float = _setting(
        120.0,
        "Seconds a runner holds a delivery it is sending: if the runner dies meanwhile, another (or the same, "
        "restarted) sends it again once they have passed. Keep it well above alerts_timeout.",
    )
    alerts_poll: float = _setting(30.0, "Seconds the alert runner waits between two looks at the delivery queue.")
    alerts_runner: bool = _setting(
        False, "Run the alert runner beside `warta serve` and `warta crawl --forever` (in a background thread)."
    )
    report_base_url: str = _setting(
        "http://127.0.0.1:8000",
        "The web app's address that e-mailed reports link their articles to (`warta serve`'s, or the public one).",
        pattern=r"https?://[^\s\"<>]{1,200}",
    )
    alerts_allow_networks: str = _setting(
        "",
        "Networks beyond the public internet that webhooks may be sent to, comma-separated (10.0.0.0/8, "
        "127.0.0.1/32): by default a webhook to a private, loopback or link-local address is refused, as the "
        "crawler refuses such pages, so that a watchlist cannot make Warta reach the machines around it.",
        pattern=r"[0-9A-Fa-f:.,/ ]*",
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, overridden by `WARTA_*` environment variables, overridden by keyword arguments."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"WARTA_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(raw, f)
        settings = replace(cls(), **values)
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})

    def to_env(self) -> dict[str, str]:
        """The `WARTA_*` variables `from_env` reads back as these settings (for processes started with them)."""
        return {_env_name(f): _text(getattr(self, f.name)) for f in fields(self)}

    def __post_init__(self) -> None:
        """SettingsError for the first value of a wrong type or out of its range."""
        for f in fields(self):
            _check(f, getattr(self, f.name))


def _parse(raw: str, f: Field[Any]) -> Any:
    """The value of `WARTA_<NAME>=raw` in the type of the setting's default; SettingsError if it is not one."""
    default = f.default
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes"}
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if isinstance(default, int | float):
        kind = int if isinstance(default, int) else float
        try:
            return kind(raw)
        except ValueError:
            noun = "a whole number" if kind is int else "a number"
            raise SettingsError(f"{_env_name(f)} is {raw[:40]!r}: not {noun}; {_range(f)}") from None
    return str(raw)


def _text(value: Any) -> str:
    """A setting's value as `_parse` reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


def _check(f: Field[Any], value: Any) -> None:
    """SettingsError unless `value` suits field `f`: its type, a finite number in range, text without control
    characters and of the field's pattern."""
    default = f.default
    if isinstance(default, tuple) and f.metadata.get("pattern"):
        if not value:
            raise SettingsError(f"{_env_name(f)} is empty; give at least one value, e.g. {','.join(default)}")
        for item in value:
            _check_text(f, item)
        return
    if isinstance(default, bool | tuple):
        return
    if isinstance(default, int | float):
        kind = int if isinstance(default, int) else float
        if isinstance(value, bool) or not isinstance(value, int if kind is int else int | float):
            raise SettingsError(f"{_env_name(f)} is {value!r}: {_range(f)}")
        if not math.isfinite(value) or not _low(f) <= value <= MAX_NUMBER or (kind is float and value <= 0):
            raise SettingsError(f"{_env_name(f)} is {str(value)[:40]}: {_range(f)}")
        return
    _check_text(f, value)


def _check_text(f: Field[Any], value: Any) -> None:
    """SettingsError unless `value` is text without control characters, of the field's pattern if it has one."""
    if not isinstance(value, str):
        raise SettingsError(f"{_env_name(f)} is {value!r}: not text")
    if _CONTROL.search(value):
        raise SettingsError(f"{_env_name(f)} holds a control character (a line break, a tab …); remove it")
    pattern = f.metadata.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        example = ",".join(f.default) if isinstance(f.default, tuple) else f.default
        raise SettingsError(f"{_env_name(f)} holds {value[:40]!r}: not of the form of {example!r}")


def _low(f: Field[Any]) -> float:
    low = f.metadata.get("low")
    return 0 if low is None else low


def _range(f: Field[Any]) -> str:
    """What the setting takes, for messages."""
    if isinstance(f.default, float):
        return f"use a finite number of seconds more than 0 and at most {MAX_NUMBER}"
    return f"use a whole number from {_low(f):g} to {MAX_NUMBER}"


def _env_name(f: Field[Any]) -> str:
    return f"WARTA_{f.name.upper()}"


def describe() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting, for docs and `warta settings`."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Settings)]
