"""Every setting once: its name, default and help. Read from the environment (`WARTA_<NAME>`) or passed in."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Warta's settings. `Settings.from_env()` reads `WARTA_DB`, `WARTA_MAX_BYTES`, … over the defaults."""

    db: str = _setting("warta.db", "Path of the SQLite database (or a database URL).")
    max_bytes: int = _setting(20_000_000, "Largest input (file, page or record) read, in bytes.")
    max_text_chars: int = _setting(
        200_000,
        "Longest article text processed, in characters after extraction (about 30,000 words; news articles are "
        "far shorter): a longer one is refused, so that every article is processed in bounded time and memory.",
    )
    fetch_timeout: float = _setting(15.0, "Seconds to wait when fetching a URL (connect and read).")
    max_redirects: int = _setting(5, "Redirects followed when fetching a URL.")
    user_agent: str = _setting(
        "Warta/0.1 (+https://github.com/warta-id/warta)", "User-Agent header sent when fetching."
    )
    timezone: str = _setting("+07:00", "UTC offset assumed for dates with no zone (WIB).")
    ner_model: str = _setting(
        "",
        "Folder of the NER model the entities stage uses beside the knowledge base: empty for the shipped "
        "model, 'none' for knowledge base and patterns only.",
    )
    stages: tuple[str, ...] = _setting(
        ("clean", "sentences", "entities", "coref", "roles", "quotes", "linking", "graph"),
        "Pipeline stages after extraction, in order.",
    )
    read_access: str = _setting(
        "open",
        "Who may read through `warta serve` (API and web pages): 'open' (anyone who reaches the server) or "
        "'required' (a token of any scope, `Authorization: Bearer TOKEN`; see `warta token`). Writing always "
        "needs a token.",
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, overridden by `WARTA_*` environment variables, overridden by keyword arguments."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"WARTA_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(raw, f.default)
        settings = replace(cls(), **values)
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def _parse(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes"}
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return type(default)(raw)


def describe() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting, for docs and `warta settings`."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Settings)]
