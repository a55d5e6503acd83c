"""Alert settings from `warta.toml`: its `[alerts]` table may set any setting whose name starts with `smtp_` or
`alerts_` (see `warta.settings`), e.g.

```toml
[alerts]
smtp_host = "mail.example.go.id"
smtp_port = 587
smtp_user = "warta"
smtp_from = "Warta <warta@example.go.id>"
alerts_poll = 30
```

A `WARTA_<NAME>` environment variable wins over the file (the SMTP password belongs there).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.settings import Settings

PREFIXES = ("smtp_", "alerts_")


def names() -> dict[str, Any]:
    """The settings `[alerts]` may hold, with their defaults."""
    return {f.name: f.default for f in fields(Settings) if f.name.startswith(PREFIXES)}


def from_file(settings: Settings, path: Path, environ: dict[str, str] | None = None) -> Settings:
    """`settings` with the `[alerts]` table of the TOML file `path` (when the file exists) under the environment's
    own values; InputError (one line naming the file) for a bad file or value."""
    if not path.is_file():
        return settings
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    table = data.get("alerts", {})
    if not isinstance(table, dict):
        raise InputError(f"{path}: [alerts] must be a table")
    known, env = names(), os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise InputError(f"{path}: [alerts] has no setting {key!r}; use one of {', '.join(sorted(known))}")
        if isinstance(known[key], bool) != isinstance(value, bool):
            raise InputError(
                f"{path}: [alerts] {key} = {str(value)[:40]!r}: use true or false"
                if isinstance(known[key], bool)
                else f"{path}: [alerts] {key} = {value!r}: not a value of this setting"
            )
        if f"WARTA_{key.upper()}" not in env:
            values[key] = value
    try:
        return replace(settings, **values)
    except Exception as exc:  # the settings' own check, naming the variable
        raise InputError(f"{path}: [alerts]: {exc}") from None
