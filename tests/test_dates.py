"""Tests of warta.dates: Indonesian and English date strings to ISO 8601."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warta.dates import find_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 Juni 2022 18:23:55", "2022-06-06T18:23:55+07:00"),
        ("Senin, 6 Juni 2022 | 14:30 WIB", "2022-06-06T14:30:00+07:00"),
        ("Selasa, 12 Maret 2024 - 09:15 WITA", "2024-03-12T09:15:00+08:00"),
        ("6/6/2022 18:23", "2022-06-06T18:23:00+07:00"),
        ("2022-06-06T18:23:55+07:00", "2022-06-06T18:23:55+07:00"),
        ("2022-06-06T11:23:55Z", "2022-06-06T11:23:55+00:00"),
        ("2022-06-06T18:23:55.120+0700", "2022-06-06T18:23:55+07:00"),
        ("2022/06/06 18:23:55", "2022-06-06T18:23:55+07:00"),
        ("Kamis, 14 Nov 2024 10:05 WIT", "2024-11-14T10:05:00+09:00"),
        ("06 Juni 2022, 18.23 WIB", "2022-06-06T18:23:00+07:00"),
        ("Jum'at, 1 Agt 2023", "2023-08-01"),
        ("Jumat, 1 Agu 2023", "2023-08-01"),
        ("Rabu, 17 Agust 2022", "2022-08-17"),
        ("Minggu, 3 Des. 2023", "2023-12-03"),
        ("Sabtu, 5 Okt 2024 07:00", "2024-10-05T07:00:00+07:00"),
        ("1 Mei 2024", "2024-05-01"),
        ("June 6, 2022 6:23 PM", "2022-06-06T18:23:00+07:00"),
        ("Monday, 6 June 2022", "2022-06-06"),
        ("• 06 Juni 2022 18:23:55", "2022-06-06T18:23:55+07:00"),
        ("29 Februari 2024", "2024-02-29"),
    ],
)
def test_parse_date_forms(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["31 Februari 2024", "29 Februari 2023", "32 Januari 2022", "6/13/2022", "06 Juni 2022 25:10", "", "halo",
     "Senin", "Bupati Mojokerto, 6 Juni 2022 kata dia panjang sekali"],
)  # fmt: skip
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_default_offset_is_used_without_zone() -> None:
    assert parse_date("6 Juni 2022 18:23", default_offset="+08:00") == "2022-06-06T18:23:00+08:00"
    assert parse_date("6 Juni 2022 18:23 WIT", default_offset="+08:00") == "2022-06-06T18:23:00+09:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ungkapnya, Senin (6/6/2022). Bupati", "2022-06-06"),
        ("Diterbitkan Selasa, 12 Maret 2024 - 09:15 WITA oleh redaksi", "2024-03-12T09:15:00+08:00"),
        ("tanggal 31 Februari 2024 lalu, lalu 1 Maret 2024", "2024-03-01"),
        ("Sebanyak 2.500 orang hadir pada 6 Juni 2022 ada 2.500 orang", "2022-06-06"),
        ("tidak ada tanggal di sini", None),
    ],
)
def test_find_date_in_longer_text(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


@given(st.text(max_size=300))
def test_parse_and_find_never_raise(text: str) -> None:
    for result in (parse_date(text), find_date(text)):
        assert result is None or result[:4].isdigit()
