"""The web app's words in Indonesian (the default) and English.

The language is `?lang=id|en` (which also sets the `warta_lang` cookie), else the cookie, else Indonesian. The
words are data, in `words.tsv` (one line a key, both languages side by side).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from warta.dates import MONTH_NAMES

LANGS = ("id", "en")
DEFAULT = "id"
COOKIE = "warta_lang"

WORDS_FILE = Path(__file__).resolve().parent / "words.tsv"


def _read_words(path: Path = WORDS_FILE) -> dict[str, dict[str, str]]:
    """The words file: key, Indonesian, English on each line; an empty cell is left out of its language."""
    table: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, *texts = line.split("\t")
        for lang, text in zip(LANGS, texts, strict=True):
            if text:
                table[lang][key] = text
    return table


# Every string of the pages, entity types (`type.` + type name) and `extracted` groups (`group.` + group) included.
STRINGS: dict[str, dict[str, str]] = _read_words()

MONTHS: dict[str, tuple[str, ...]] = {
    "id": MONTH_NAMES,
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip


def choose(query_lang: str | None, cookies: Mapping[str, str]) -> str:
    """The language of a request: `?lang=`, else the cookie, else Indonesian."""
    for candidate in (query_lang, cookies.get(COOKIE)):
        if candidate in LANGS:
            return str(candidate)
    return DEFAULT


def other(lang: str) -> str:
    """The language the switch link leads to."""
    return "en" if lang == "id" else "id"


def translator(lang: str) -> Callable[[str], str]:
    """`t(key)`: the string in `lang`, falling back to Indonesian, then to the key itself."""
    table = STRINGS.get(lang, STRINGS[DEFAULT])

    def t(key: str) -> str:
        return table.get(key) or STRINGS[DEFAULT].get(key, key)

    return t


def count_text(lang: str, n: int, unit: str) -> str:
    """ "1 mention", "2 mentions" ("1 sebutan", "2 sebutan"): `n` and the word of `unit`, a key of a plural
    ("count.mentions"), or of its singular (`unit + ".one"`) for one, where the language has one."""
    one = STRINGS.get(lang, {}).get(unit + ".one") if n == 1 else None
    return f"{n} {one or translator(lang)(unit)}"


def type_label(lang: str, type_name: str) -> str:
    """An entity type's name in `lang` (the type itself if unknown)."""
    return _word(lang, f"type.{type_name}", type_name)


def group_label(lang: str, group: str) -> str:
    """An `extracted` group's name in `lang`."""
    return _word(lang, f"group.{group}", group)


def _word(lang: str, key: str, fallback: str) -> str:
    table = STRINGS.get(lang, STRINGS[DEFAULT])
    return table.get(key) or STRINGS[DEFAULT].get(key, fallback)


def format_date(lang: str, stamp: str | None, with_time: bool = False) -> str:
    """ "6 Juni 2022" (or "6 June 2022"), with "18:23" when asked and present; the input if unparsable."""
    if not stamp:
        return ""
    try:
        year, month, day = int(stamp[0:4]), int(stamp[5:7]), int(stamp[8:10])
        text = f"{day} {MONTHS.get(lang, MONTHS[DEFAULT])[month - 1]} {year}"
    except (ValueError, IndexError):
        return stamp
    if with_time and len(stamp) >= 16 and stamp[10] == "T":
        text += f" {stamp[11:16]}" + zone_name(stamp[16:])
    return text


ZONE_NAMES = {"+07:00": "WIB", "+08:00": "WITA", "+09:00": "WIT"}  # Indonesia's three time zones


def zone_name(tail: str) -> str:
    """ " WIB" for a timestamp's tail after its minutes (":00+07:00"), " UTC" for Z or +00:00, " UTC+05:30" for
    another offset, "" for none."""
    offset = tail.lstrip(":0123456789.")
    if offset in ("Z", "+00:00"):
        return " UTC"
    if len(offset) == 6 and offset[0] in "+-":
        return " " + ZONE_NAMES.get(offset, "UTC" + offset)
    return ""
