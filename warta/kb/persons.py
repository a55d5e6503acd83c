"""National figures the news calls by a nickname or initials that name only them ("Jokowi", "Gus Dur"):
`data/persons.tsv`. A person mention in such a form is that person, under the full name."""

from __future__ import annotations

from functools import cache

from warta.kb._tsv import read_rows, split_list


@cache
def known_nicknames() -> dict[str, str]:
    """Every nickname of a known figure → the figure's full name ("Jokowi" → "Joko Widodo")."""
    return {nick: row["name"] for row in read_rows("persons.tsv") for nick in split_list(row["nicknames"])}
