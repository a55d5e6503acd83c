"""Error messages in the page's language.

Errors reach a page as one English line (the store's `NotFoundError`/`InputError`, the app's refusals) or as an
Indonesian one (`warta.web.period`). `localize` recognizes the known ones by their shape, keeps the values they
quote (an id, a date), and says them in the page's language; an unknown message gets its status's message, the
original line kept as a technical detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ERRORS: dict[str, dict[str, str]] = {
    "id": {
        "entity": "Entitas {0} tidak ditemukan.",
        "article": "Berita {0} tidak ditemukan.",
        "region": "Wilayah dengan kode {0} tidak ditemukan.",
        "region_code": "{0} bukan kode wilayah Kemendagri; gunakan kode seperti 35.16.",
        "isu": "Isu {0} tidak ditemukan. Isu ini mungkin sudah bergabung dengan isu lain; lihat daftar isu.",
        "page": "Halaman {0} tidak ada.",
        "date": "{0} bukan tanggal; gunakan TTTT-BB-HH (misalnya 2024-05-31).",
        "range": "Tanggal awal {0} jatuh setelah tanggal akhir {1}; tukar kedua tanggal.",
        "calendar": "Periode itu di luar kalender; pilih tanggal lain.",
        "too_long": "Periode itu terlalu panjang; persempit rentang tanggalnya.",
        "choice": "Nilai {0} tidak dikenal untuk pilihan ini.",
        "cursor": "Tautan halaman berikutnya sudah tidak berlaku; mulai lagi dari halaman pertama.",
        "number": "Angka {0} di luar batas yang diizinkan.",
        "no_word": "Tidak ada kata untuk dicari.",
        "param": "Parameter {0} tidak valid.",
        "host": "Server ini tidak melayani alamat {0}.",
        "internal": "Terjadi kesalahan di server. Kesalahan ini sudah dicatat; coba lagi nanti.",
        "watch_nothing": "Pantauan {0} belum memantau apa pun: isi entitas, kata kunci, atau wilayah.",
        "watch_name": "Pantauan perlu nama sepanjang 1 sampai 120 karakter.",
        "watch_exists": "Pantauan bernama {0} sudah ada; ubah pantauan itu atau pilih nama lain.",
        "watch_missing": "Pantauan {0} tidak ditemukan.",
        "entity_name": "Entitas {0} tidak ditemukan; pilih nama dari saran yang muncul saat mengetik.",
        "region_name": "Wilayah {0} tidak ditemukan; pilih dari daftar atau tulis kode Kemendagri (misalnya 35.16).",
        "webhook": "Webhook {0} bukan alamat http:// atau https://.",
        "email": "{0} bukan alamat e-mail.",
        "too_many": "Paling banyak {0} nilai untuk satu isian dalam satu pantauan.",
        "confirm": "Centang kotak konfirmasi untuk menghapus pantauan ini.",
        "csrf": "Token keamanan formulir tidak ada atau sudah kedaluwarsa; muat ulang halaman lalu kirim lagi.",
        "origin": "Formulir ini dikirim dari situs lain; buka halamannya di sini lalu kirim lagi.",
        "400": "Permintaan tidak valid.",
        "404": "Halaman tidak ditemukan.",
        "405": "Cara permintaan ini tidak didukung halaman ini.",
        "408": "Permintaan terlalu lama; coba lagi.",
        "413": "Permintaan terlalu besar.",
        "422": "Permintaan tidak valid.",
        "500": "Terjadi kesalahan di server; coba lagi nanti.",
        "503": "Server sedang sibuk; coba lagi sebentar lagi.",
        "other": "Permintaan tidak dapat dilayani.",
    },
    "en": {
        "entity": "Entity {0} not found.",
        "article": "Article {0} not found.",
        "region": "No region with code {0}.",
        "region_code": "{0} is not a Kemendagri region code; use a code such as 35.16.",
        "isu": "Issue {0} not found. It may have merged with another issue; see the list of issues.",
        "page": "There is no page {0}.",
        "date": "{0} is not a date; use YYYY-MM-DD (such as 2024-05-31).",
        "range": "The start date {0} is after the end date {1}; swap them.",
        "calendar": "That period is outside the calendar; choose another date.",
        "too_long": "That period is too long; narrow the dates.",
        "choice": "The value {0} is not one of the choices here.",
        "cursor": "The next-page link is no longer valid; start again from the first page.",
        "number": "The number {0} is out of the allowed range.",
        "no_word": "There is no word to search for.",
        "param": "The parameter {0} is not valid.",
        "host": "This server does not answer for the host {0}.",
        "internal": "Something went wrong on the server. It has been logged; try again later.",
        "watch_nothing": "Watchlist {0} watches nothing: give an entity, a keyword or a region.",
        "watch_name": "A watchlist needs a name of 1 to 120 characters.",
        "watch_exists": "A watchlist named {0} exists already; edit it or choose another name.",
        "watch_missing": "Watchlist {0} not found.",
        "entity_name": "No entity named {0}; pick a name from the suggestions shown as you type.",
        "region_name": "No region named {0}; pick one from the list or give its Kemendagri code (such as 35.16).",
        "webhook": "The webhook {0} is not an http:// or https:// address.",
        "email": "{0} is not an e-mail address.",
        "too_many": "At most {0} values for one field of a watchlist.",
        "confirm": "Check the confirmation box to delete this watchlist.",
        "csrf": "The form's security token is missing or expired; reload the page and send it again.",
        "origin": "This form was sent from another site; open its page here and send it again.",
        "400": "The request is not valid.",
        "404": "Page not found.",
        "405": "This page does not accept that kind of request.",
        "408": "The request took too long; try again.",
        "413": "The request is too large.",
        "422": "The request is not valid.",
        "500": "Something went wrong on the server; try again later.",
        "503": "The server is busy; try again in a moment.",
        "other": "The request cannot be answered.",
    },
}

_QUOTED = r"('[^']*'|\"[^\"]*\")"
_DAY = r"(\d{4}-\d{2}-\d{2})"
# The known messages, each with the key of its text and the groups it quotes; the first match wins.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (rf"^no entity with id {_QUOTED}", "entity"),
        (rf"^no article with id {_QUOTED}", "article"),
        (rf"^no region with code {_QUOTED}", "region"),
        (rf"^region {_QUOTED}: not a Kemendagri code", "region_code"),
        (rf"^no isu with id {_QUOTED}", "isu"),
        (r"^no such page: (\S+)", "page"),
        (rf"^\w+ {_QUOTED}: not a date", "date"),
        (rf"^\w+ {_QUOTED} bukan tanggal", "date"),
        (rf"^since {_DAY} is after until {_DAY}", "range"),
        (rf"^dari {_DAY} setelah sampai {_DAY}", "range"),
        (r"out of the calendar|di luar kalender|terlalu awal", "calendar"),
        (r"^periode \S+ lebih dari \d+ hari", "too_long"),
        (r"^cursor .*: not a cursor", "cursor"),
        (rf"^\w+ {_QUOTED}: (?:use one of|not an entity type|use body)", "choice"),
        (rf"^periode {_QUOTED} tidak dikenal", "choice"),
        (r"^(?:limit|days|depth) (-?\d+): use", "number"),
        (r"^q .*: no word to search for", "no_word"),
        (r"^([\w.]+): (?:Input should|Field required|Value error)", "param"),
        (rf"^this server does not answer for the host {_QUOTED}", "host"),
        (rf"^watchlist {_QUOTED} watches nothing", "watch_nothing"),
        (r"^a watchlist needs a name", "watch_name"),
        (rf"^a watchlist named {_QUOTED} exists already", "watch_exists"),
        (rf"^no watchlist named {_QUOTED}", "watch_missing"),
        (rf"^no entity named {_QUOTED}", "entity_name"),
        (rf"^no region named {_QUOTED}", "region_name"),
        (rf"^region {_QUOTED}: use a Kemendagri code", "region_code"),
        (rf"^webhook {_QUOTED}: use an http", "webhook"),
        (rf"^e-mail address {_QUOTED} is not one", "email"),
        (r"^at most (\d+) [\w -]+ values in one watchlist", "too_many"),
        (r"^check the box to confirm", "confirm"),
        (r"^the form's security token", "csrf"),
        (r"^this form was sent from another site", "origin"),
        (r"^internal error", "internal"),
    )
)


@dataclass(frozen=True)
class Localized:
    """An error's message in the page's language, and the original line when it was not recognized."""

    text: str
    detail: str | None


def localize(lang: str, status: int, message: str) -> Localized:
    """The error `message` (of HTTP `status`) in `lang`: a known message's text with the values it quotes, else
    the status's message with `message` as the detail (None when empty)."""
    table = ERRORS.get(lang, ERRORS["id"])
    for pattern, key in PATTERNS:
        found = pattern.search(message)
        if found:
            return Localized(table[key].format(*found.groups()), None)
    generic = table.get(str(status), table["other"])
    return Localized(generic, message.strip() or None)
