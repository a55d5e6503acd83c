"""Inputs of the pipeline: files, standard input and URLs (`files`, `web`), WARC archives (`warc`).

`Unreadable` is what an input that cannot be read becomes, here so that every reader can give one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unreadable:
    """An input that could not be read, with the reason (one line saying what went wrong)."""

    origin: str
    error: str
