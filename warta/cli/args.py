"""Argument types that check a number's range where the command line is read (argparse: one line, exit 2)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

from warta.settings import HOST_PATTERN


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"use a whole number from {low} to {high}, not {text[:40]!r}")
        return value

    parse.__name__ = "whole number"  # argparse names the type in some messages
    return parse


PORT = whole_number(1, 65535)
LIMIT = whole_number(1, 100_000)
SEARCH_LIMIT = whole_number(1, 200)  # the API's (warta.store.queries.MAX_LIMIT; not imported: it loads networkx)


def host_name_argument(text: str) -> str:
    """An argparse type: a host name or address, of the form `Settings.allowed_hosts` takes."""
    if not re.fullmatch(HOST_PATTERN, text):
        raise argparse.ArgumentTypeError(f"{text[:60]!r} is not a host name or address (e.g. warta.example.id)")
    return text
