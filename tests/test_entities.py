"""Knowledge-base and pattern entities on hand-written sentences."""

from __future__ import annotations

import pytest

from warta.model import Article, Entity
from warta.pipeline import Pipeline


def _doc(pipe: Pipeline, text: str, **fields: str) -> Article:
    return pipe.annotate(Article(id="t", text=text, **fields))  # type: ignore[arg-type]


def _named(article: Article, type_: str) -> set[str]:
    return {e.name for e in article.entities if e.type == type_ and not e.inferred}


def _by_name(article: Article, name: str) -> Entity:
    return next(e for e in article.entities if e.name == name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bupati Malang meninjau pasar. Pemkab Malang menyiapkan anggaran.", "Kabupaten Malang"),
        ("Wali Kota Malang meninjau pasar. Pemkot Malang menyiapkan anggaran.", "Kota Malang"),
        ("Warga Kota Mojokerto antusias.", "Kota Mojokerto"),
        ("Warga Kabupaten Mojokerto antusias.", "Kabupaten Mojokerto"),
    ],
)
def test_entities_kabupaten_and_kota_resolve_by_context(pipe: Pipeline, text: str, expected: str) -> None:
    article = _doc(pipe, text)
    assert _named(article, "city") == {expected}


def test_entities_region_codes_and_inferred_province(pipe: Pipeline) -> None:
    article = _doc(pipe, "Pemerintah Kabupaten Sleman menggelar rapat di Kecamatan Depok.")
    sleman = _by_name(article, "Kabupaten Sleman")
    assert sleman.kb["region_code"] == "34.04"
    province = next(e for e in article.entities if e.type == "province")
    assert province.inferred and province.kb["region_code"] == "34"
    assert any(e.type == "district" and e.kb["region_code"].startswith("34.04.") for e in article.entities)


def test_entities_renamed_ministry_is_one_entity_named_by_date(pipe: Pipeline) -> None:
    old = _doc(pipe, "Tim dari Kemenkominfo hadir di Surabaya.", published="2022-06-06T10:00:00+07:00")
    new = _doc(pipe, "Tim dari Komdigi hadir di Surabaya.", published="2025-01-10T10:00:00+07:00")
    a = next(e for e in old.entities if e.type == "ministry")
    b = next(e for e in new.entities if e.type == "ministry")
    assert a.id == b.id
    assert a.name == "Kementerian Komunikasi dan Informatika"
    assert b.name == "Kementerian Komunikasi dan Digital"


def test_entities_titled_person_gets_role_and_short_name_links(pipe: Pipeline) -> None:
    text = (
        "Sekretaris Daerah Kabupaten Malang Andi Prasetyo membuka acara. "
        "Prasetyo menambahkan bahwa kegiatan ini rutin digelar."
    )
    article = _doc(pipe, text)
    person = _by_name(article, "Andi Prasetyo")
    assert [(r.title, r.of) for r in person.roles] == [("Sekretaris Daerah", "Kabupaten Malang")]
    assert [m.text for m in article.mentions if m.entity == person.id] == ["Andi Prasetyo", "Prasetyo"]


def test_entities_role_only_person_is_unnamed(pipe: Pipeline) -> None:
    article = _doc(pipe, "Bupati Mojokerto meminta seluruh OPD aktif.")
    bupati = next(e for e in article.entities if e.type == "person")
    assert not bupati.named
    assert bupati.roles[0].of == "Kabupaten Mojokerto"


def test_entities_role_only_merges_with_named_holder(pipe: Pipeline) -> None:
    text = "Bupati Mojokerto Ikfina Sari membuka acara. Sementara itu, Bupati Mojokerto juga meminta OPD aktif."
    persons = [e for e in _doc(pipe, text).entities if e.type == "person"]
    assert [p.name for p in persons] == ["Ikfina Sari"]


def test_entities_listed_persons_share_the_role(pipe: Pipeline) -> None:
    text = "Kegiatan dibimbing tenaga ahli dari Kemenkominfo RI, yakni Rudi Hartono, Andrizal dan Suzuki Sofyan."
    article = _doc(pipe, text, published="2022-06-06")
    persons = {e.name: e for e in article.entities if e.type == "person"}
    assert set(persons) == {"Rudi Hartono", "Andrizal", "Suzuki Sofyan"}
    assert all(p.roles[0].title == "Tenaga Ahli" for p in persons.values())
    assert not _named(article, "brand") and not _named(article, "company")


@pytest.mark.parametrize(
    ("text", "type_", "name"),
    [
        ("Kontrak diteken PT Maju Bersama Sejahtera pekan lalu.", "company", "PT Maju Bersama Sejahtera"),
        ("Gangguan listrik ditangani PLN sejak pagi.", "company", "PT Perusahaan Listrik Negara (Persero)"),
        ("Data BPS menunjukkan inflasi turun.", "agency", "Badan Pusat Statistik"),
        ("Kepala BPBD Kota Batu meninjau lokasi.", "government_body", "Badan Penanggulangan Bencana Daerah Kota Batu"),
        ("Festival Kopi Nusantara 2024 digelar di alun-alun.", "event", "Festival Kopi Nusantara 2024"),
    ],
)
def test_entities_organizations_and_events(pipe: Pipeline, text: str, type_: str, name: str) -> None:
    assert name in _named(_doc(pipe, text), type_)


def test_entities_mentions_lie_inside_text_and_match_it(pipe: Pipeline) -> None:
    text = "Kepala Dinas Kesehatan Kabupaten Sleman, Rina Kusumawati, mengatakan stok vaksin aman."
    article = _doc(pipe, text)
    assert article.mentions
    for m in article.mentions:
        assert text[m.start : m.end] == m.text
        assert article.entity(m.entity) is not None


@pytest.mark.parametrize(
    ("text", "person", "of"),
    [
        (
            "Menteri Koordinator Bidang Perekonomian Airlangga Hartarto mengatakan, ekonomi tumbuh.",
            "Airlangga Hartarto",
            None,  # the whole phrase is the office's title (kb/data/roles.tsv)
        ),
        ("Kepala Puskesmas Pamulang Fitri Andriani mengatakan, pasien bertambah.", "Fitri Andriani", None),
        (
            "Direktur Eksekutif Network for Democracy and Electoral Integrity Ferry Kurnia menuturkan, dana naik.",
            "Ferry Kurnia",
            "Network for Democracy and Electoral Integrity",
        ),
        ("Ketua Harian Satuan Tugas Covid-19 Doni Monardo mengatakan, kasus turun.", "Doni Monardo", None),
        (
            "Kepala Lembaga Biologi Molekuler Eijkman Prof Amin Subandrio mengatakan, plasma diambil.",
            "Amin Subandrio",
            "Lembaga Biologi Molekuler Eijkman",
        ),
        (
            "Sekretaris Kementerian Koperasi dan UKM Rully Indrawan mengatakan, dana tersalurkan.",
            "Rully Indrawan",
            None,
        ),
        (
            "Ketua DPRD Kota Surabaya Adi Sutarwijono bersama Kepala Dinas Kesehatan Febria Rachmanita hadir.",
            "Febria Rachmanita",
            "Dinas Kesehatan Kota Surabaya",
        ),
        ("Marullah Matali, Wali Kota Jakarta Selatan, yang dihubungi, membenarkan.", "Marullah Matali", None),
    ],
)
def test_entities_name_at_the_end_of_a_long_title_phrase(
    pipe: Pipeline, text: str, person: str, of: str | None
) -> None:
    article = _doc(pipe, text)
    found = _by_name(article, person)
    assert found.type == "person" and found.named
    people = {e.name for e in article.entities if e.type == "person" and e.named}
    assert people <= {person, "Adi Sutarwijono"}
    if of is not None:
        roles = [m.role for m in article.mentions if m.entity == found.id and m.role is not None]
        assert roles and roles[0].of == of


@pytest.mark.parametrize(
    ("text", "not_a_person"),
    [
        ("Bupati Mojokerto Ikfina Fahmawati dan Wakil Bupati Gus Barra meninjau jalan.", "Gus Barra"),
        ("Warga menolak penonaktifan Lurah Grogol Selatan itu.", "Grogol Selatan"),
        ("”Kegiatan dilarang,” kata Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Mahfud MD.", "Hukum"),
    ],
)
def test_entities_no_person_from_units_places_or_the_next_title(pipe: Pipeline, text: str, not_a_person: str) -> None:
    article = _doc(pipe, text)
    holders = {e.name: e for e in article.entities if e.type == "person"}
    if not_a_person == "Gus Barra":
        ikfina = holders["Ikfina Fahmawati"]
        roles = [m.role for m in article.mentions if m.entity == ikfina.id and m.role is not None]
        assert roles[0].title == "Bupati"
        gus = holders["Gus Barra"]
        assert all(m.role is None or m.role.title == "Wakil Bupati" for m in article.mentions if m.entity == gus.id)
    else:
        assert not_a_person not in holders
