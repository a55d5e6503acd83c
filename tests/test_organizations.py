"""Organizations, companies, brands, facilities and countries beyond the knowledge base, and coordination
("… dan Kepala Dinas …") ending a body's name: on hand-written sentences."""

from __future__ import annotations

import pytest

from warta.kb import bodies, lexicons, units
from warta.model import Article
from warta.pipeline import Pipeline
from warta.stages.entities.coordination import coordinated_end
from warta.stages.entities.regions import RegionContext
from warta.stages.entities.statistical import _typed, balanced


def _doc(pipe: Pipeline, text: str) -> Article:
    return pipe.annotate(Article(id="t", text=text))


def _named(article: Article, type_: str) -> set[str]:
    return {e.name for e in article.entities if e.type == type_ and not e.inferred}


def _surfaces(article: Article, type_: str) -> set[str]:
    return {m.text for m in article.mentions if m.type == type_}


# ------------------------------------------------------------------ cue words, firms and brands


@pytest.mark.parametrize(
    ("text", "type_", "names"),
    [
        ("Ratusan pengemudi perusahaan Grab dan Gojek berkumpul di depan gedung dewan.", "company", {"Grab", "Gojek"}),
        ("Perusahaan rintisan TaniKita menyalurkan pupuk ke petani di lereng gunung.", "company", {"TaniKita"}),
        ("Warga kini memesan obat lewat aplikasi Halodoc tanpa antre.", "brand", {"Halodoc"}),
        ("Petugas membagikan vaksin Sinopharm dan Sinovac di balai warga.", "brand", {"Sinopharm", "Sinovac"}),
        ("Pendukung klub Persela memadati tribun timur sejak sore.", "organization", {"Persela"}),
        ("Pengumuman disebar lewat grup WhatsApp dan akun Instagram kelurahan.", "brand", {"WhatsApp", "Instagram"}),
        ("Penumpang maskapai Lion Air dan Citilink diminta datang lebih awal.", "company", {"Lion Air", "Citilink"}),
        ("Saham Kalbe Farma naik setelah laporan keuangan terbit.", "company", {"Kalbe Farma"}),
        (
            "Penjualan daring naik sejak Tokopedia dan Shopee memberi potongan ongkos kirim.",
            "company",
            {"Tokopedia", "Shopee"},
        ),
        ("Tarif GrabCar Protect naik mulai pekan depan.", "brand", {"GrabCar Protect"}),
    ],
)
def test_organizations_cue_words_and_known_firms(pipe: Pipeline, text: str, type_: str, names: set[str]) -> None:
    assert names <= _named(_doc(pipe, text), type_)


def test_organizations_company_context_form_of_a_known_company(pipe: Pipeline) -> None:
    article = _doc(pipe, "Penerbangan maskapai Garuda ke Labuan Bajo ditambah dua kali sepekan.")
    assert "PT Garuda Indonesia (Persero) Tbk" in _named(article, "company")


@pytest.mark.parametrize(
    ("text", "maker", "brand", "model"),
    [
        ("Polisi menyita sebuah Samsung Galaxy S24 milik tersangka.", "Samsung", "Samsung Galaxy S24", "Galaxy S24"),
        ("Ia mengendarai mobil Toyota Avanza warna hitam.", "Toyota", "Toyota Avanza", "Avanza"),
        (
            "Bengkel itu memasang ban Michelin Primacy 4 pada mobil dinas.",
            "Michelin",
            "Michelin Primacy 4",
            "Primacy 4",
        ),
        ("Motor matik yang dicuri antara lain Yamaha NMAX dan Honda Vario.", "Honda", "Honda Vario", "Vario"),
    ],
)
def test_organizations_model_after_its_maker(pipe: Pipeline, text: str, maker: str, brand: str, model: str) -> None:
    article = _doc(pipe, text)
    assert maker in _named(article, "company")
    assert brand in _named(article, "brand")
    assert model in _surfaces(article, "brand")


@pytest.mark.parametrize(
    "text",
    [
        "Kepala Dinas Kesehatan Kabupaten Lumajang, Honda Prasetya, mengatakan stok obat cukup. Honda menambahkan, "
        "petugas disiagakan.",
        "Ia menumpang mobil Rahmat menuju pasar desa.",
        "Layanan SIM keliling dibuka setiap Sabtu.",
        "Produk UMKM dipamerkan di halaman kantor desa.",
    ],
)
def test_organizations_no_firm_or_brand_from_names_and_classes(pipe: Pipeline, text: str) -> None:
    article = _doc(pipe, text)
    assert not _named(article, "company") and not _named(article, "brand")


# ------------------------------------------------------------------ facilities and places


@pytest.mark.parametrize(
    ("text", "type_", "name"),
    [
        (
            "Pesawat mendarat di Bandara Internasional Soekarno-Hatta pukul tujuh.",
            "place",
            "Bandara Internasional Soekarno-Hatta",
        ),
        ("Pawai budaya melintas di Jalan Asia Afrika hingga sore.", "place", "Jalan Asia Afrika"),
        ("Tersangka kini ditahan di Rutan Salemba.", "place", "Rutan Salemba"),
        ("Ia dipindahkan ke Lapas Cipinang pekan lalu.", "place", "Lapas Cipinang"),
        ("Laga digelar di Stadion Kanjuruhan tanpa penonton.", "place", "Stadion Kanjuruhan"),
        ("Warga antre di Puskesmas Sumberjo sejak pagi.", "place", "Puskesmas Sumberjo"),
        ("Pasien dirujuk ke RSUD dr. Iskak untuk perawatan lanjutan.", "government_body", "RSUD dr. Iskak"),
        ("Pedagang Pasar Besar menolak relokasi ke Pasar Tawangmas.", "place", "Pasar Tawangmas"),
        ("Salat Id dipusatkan di Masjid Agung Baitul Makmur.", "place", "Masjid Agung Baitul Makmur"),
        ("Pemeriksaan digelar di Gedung Merah Putih KPK, Jakarta.", "place", "Gedung Merah Putih KPK"),
    ],
)
def test_organizations_facilities_by_head_word(pipe: Pipeline, text: str, type_: str, name: str) -> None:
    assert name in _named(_doc(pipe, text), type_)


def test_organizations_region_inside_a_facility_stays_a_region(pipe: Pipeline) -> None:
    article = _doc(pipe, "Rapat koordinasi digelar di Balai Kota Malang pada Senin pagi.")
    assert "Balai Kota Malang" in _named(article, "place")
    assert "Kota Malang" in _named(article, "city")


def test_organizations_facility_named_again_without_its_head_word(pipe: Pipeline) -> None:
    text = "Jemaah memadati Masjid Istiqlal sejak subuh. Pengurus Istiqlal menambah tenda di halaman."
    article = _doc(pipe, text)
    mosque = next(e for e in article.entities if e.name == "Masjid Istiqlal")
    assert [m.text for m in article.mentions if m.entity == mosque.id] == ["Masjid Istiqlal", "Istiqlal"]


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        ("Kepala Stasiun Gambir Budi Santoso mengatakan, kereta berangkat tepat waktu.", "Stasiun Gambir"),
        ("Balai Besar Pelaksanaan Jalan Nasional Jawa Barat memperbaiki ruas itu.", "Jalan Nasional Jawa Barat"),
        ("Ia dirawat di rumah sakit selama tiga hari di RS setempat.", "RS"),
    ],
)
def test_organizations_head_words_inside_other_names(pipe: Pipeline, text: str, not_a_place: str) -> None:
    assert not_a_place not in _named(_doc(pipe, text), "place")


# ------------------------------------------------------------------ countries


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Produksi kopi Indonesia naik tahun ini.", {"Indonesia"}),
        ("Di Indonesia, harga beras stabil.", {"Indonesia"}),
        ("Ekspor ke RRT dan AS turun, sementara ke Malaysia naik.", {"Tiongkok", "Amerika Serikat", "Malaysia"}),
        ("Bank Indonesia menahan suku bunga.", set()),
        ("Mahasiswa Universitas Indonesia menggelar diskusi.", set()),
        ("Pemandu wisata itu fasih berbahasa Inggris dan Jepang.", set()),
    ],
)
def test_organizations_countries_on_their_own(pipe: Pipeline, text: str, countries: set[str]) -> None:
    assert _named(_doc(pipe, text), "country") == countries


def test_organizations_every_country_form_is_listed_once() -> None:
    forms = lexicons.countries()
    assert forms["Indonesia"] == "Indonesia"
    assert forms["China"] == forms["RRT"] == "Tiongkok"


def test_organizations_word_lists_use_known_types_and_roles() -> None:
    firms = lexicons.firms()
    assert {f.type for f in firms.values()} <= {"company", "brand", "none"}
    assert all(firms[f.owner].type == "company" for f in firms.values() if f.owner in firms)
    assert {h.type for h in lexicons.facility_heads().values()} <= {"place", "organization", "government_body"}
    for role in ("before", "product", "after", "division"):
        assert lexicons.cues(role) and set(lexicons.cues(role).values()) <= {"company", "brand", "organization"}
    assert not set(firms) & set(lexicons.countries())


# ------------------------------------------------------------------ coordination


def test_organizations_coordination_ends_a_ministry_before_the_next_title(pipe: Pipeline) -> None:
    text = (
        "Rapat dihadiri perwakilan Kementerian Kesehatan dan Kepala Dinas Kesehatan Kota Batu Andi Pratama, "
        "kata panitia."
    )
    article = _doc(pipe, text)
    assert _named(article, "ministry") == {"Kementerian Kesehatan"}
    andi = next(e for e in article.entities if e.name == "Andi Pratama")
    assert andi.type == "person"
    assert [(r.title, r.of) for r in andi.roles] == [("Kepala Dinas", "Dinas Kesehatan Kota Batu")]


@pytest.mark.parametrize(
    ("text", "type_", "names"),
    [
        (
            "Nota itu diteken Kementerian Komunikasi dan Informatika bersama Dinas Perdagangan dan Perindustrian "
            "Kota Malang.",
            "government_body",
            {"Dinas Perdagangan dan Perindustrian Kota Malang"},
        ),
        (
            "Rapat dihadiri Dinas Kesehatan, Dinas Pendidikan, dan Dinas Sosial Kabupaten Malang.",
            "government_body",
            {"Dinas Kesehatan Kabupaten Malang", "Dinas Pendidikan Kabupaten Malang", "Dinas Sosial Kabupaten Malang"},
        ),
        (
            "Perwakilan Kementerian Pariwisata dan Kepala Badan Pangan Nasional meninjau gudang.",
            "ministry",
            {"Kementerian Pariwisata"},
        ),
        (
            "Kerja sama Kementerian Sumber Baru dan Universitas Nusa Bangsa diteken kemarin.",
            "ministry",
            {"Kementerian Sumber Baru"},
        ),
    ],
)
def test_organizations_coordinated_bodies_are_separate(pipe: Pipeline, text: str, type_: str, names: set[str]) -> None:
    assert names <= _named(_doc(pipe, text), type_)


def test_organizations_official_names_with_dan_stay_whole() -> None:
    names = [n for b in bodies.all_bodies() for n in bodies.full_names(b)] + [f for u in units.units() for f in u.forms]
    assert [n for n in names if coordinated_end(n, 0, len(n)) != len(n)] == []


# ------------------------------------------------------------------ companies by legal form


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("PT Sinar Tani Makmur Regional Jawa Timur menambah pasokan pupuk.", "PT Sinar Tani Makmur"),
        ("Proyek itu dikerjakan PT PP (Persero) Tbk. Nilainya Rp 38 miliar.", "PT PP (Persero) Tbk"),
    ],
)
def test_organizations_company_name_ends_before_a_division(pipe: Pipeline, text: str, name: str) -> None:
    assert name in _named(_doc(pipe, text), "company")


# ------------------------------------------------------------------ the model's names, typed by the same rules


@pytest.mark.parametrize(
    ("text", "surface", "label", "type_"),
    [
        ("Penumpang maskapai Nusa Jaya Air tertahan.", "Nusa Jaya Air", "ORG", "company"),
        ("Unggahan itu viral di Instagram kemarin.", "Instagram", "LOC", "brand"),
        ("Ekspor ke Indonesia naik.", "Indonesia", "LOC", "country"),
        ("Ia tiba di Bandara Juanda pagi tadi.", "Bandara Juanda", "LOC", "place"),
        ("Mahasiswa Universitas Nusa Bangsa berdemo.", "Universitas Nusa Bangsa", "LOC", "organization"),
        ("Kader komunitas Jaga Kali membersihkan sungai.", "Jaga Kali", "ORG", "organization"),
        ("Ponsel Lumina X2 laris di pasaran.", "Lumina X2", "PRD", "brand"),
        ("Kabar itu dimuat Warta Kita.com kemarin.", "Warta Kita.com", "LOC", "organization"),
    ],
)
def test_organizations_model_names_typed_by_evidence(text: str, surface: str, label: str, type_: str) -> None:
    start = text.index(surface)
    cand = _typed(text, start, start + len(surface), label, RegionContext(), None)
    assert cand is not None and cand.type == type_


# ------------------------------------------------------------------ regional offices and units


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        (
            "Komisi Pemilihan Umum (KPU) Kota Malang menetapkan jadwal kampanye. Rapat itu disiarkan di akun KPU.",
            {"Komisi Pemilihan Umum Kota Malang"},
        ),
        (
            "Badan Pengawas Pemilihan Umum (Bawaslu) Kabupaten Jember menerima laporan warga pada Senin.",
            {"Badan Pengawas Pemilihan Umum Kabupaten Jember"},
        ),
        (
            "KPU Kabupaten Lumajang menggelar rapat pleno. Hasilnya dikirim ke KPU pekan depan.",
            {"Komisi Pemilihan Umum Kabupaten Lumajang"},
        ),
        (
            "KPU Kabupaten Lumajang mengikuti arahan KPU RI soal jadwal pleno.",
            {"Komisi Pemilihan Umum Kabupaten Lumajang", "Komisi Pemilihan Umum"},
        ),
        (
            "KPU Kabupaten Lumajang dan KPU Kabupaten Jember menunggu surat KPU.",
            {
                "Komisi Pemilihan Umum Kabupaten Lumajang",
                "Komisi Pemilihan Umum Kabupaten Jember",
                "Komisi Pemilihan Umum",
            },
        ),
        (
            "Warga mendaftar di BPJS Kesehatan Cabang Jember. Data itu dikirim ke BPJS Kesehatan.",
            {"BPJS Kesehatan Cabang Jember", "Badan Penyelenggara Jaminan Sosial Kesehatan"},
        ),
        ("Kepala Kantor SAR Denpasar meminta nelayan menunda melaut.", {"Kantor Pencarian dan Pertolongan Denpasar"}),
    ],
)
def test_organizations_regional_office_and_its_bare_acronym(pipe: Pipeline, text: str, agencies: set[str]) -> None:
    article = _doc(pipe, text)
    assert _named(article, "agency") == agencies
    assert not _named(article, "city") & {"Kota Denpasar"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Satuan Polisi Pamong Praja (Satpol PP) Kabupaten Jember menertibkan lapak.",
            "Satuan Polisi Pamong Praja Kabupaten Jember",
        ),
        ("Personel Kodim 0812/Lamongan membantu warga.", "Komando Distrik Militer 0812/Lamongan"),
        ("Pasukan Kodam V/Brawijaya tiba sore hari.", "Komando Daerah Militer V/Brawijaya"),
        ("Petugas Satreskrim Polres Lumajang menangkap pelaku.", "Satuan Reserse Kriminal Kepolisian Resor Lumajang"),
        ("Petugas Satreskrim Polres Lumajang menangkap pelaku.", "Kepolisian Resor Lumajang"),
    ],
)
def test_organizations_units_named_in_full(pipe: Pipeline, text: str, name: str) -> None:
    assert name in _named(_doc(pipe, text), "government_body")


def test_organizations_a_section_is_not_the_regions_own_unit(pipe: Pipeline) -> None:
    article = _doc(pipe, "Kepala Seksi Humas Polres Lumajang, Iptu Bagus Santoso, menyebut jalan sudah dibuka.")
    assert _named(article, "government_body") == {"Kepolisian Resor Lumajang"}
    assert "Bagus Santoso" in _named(article, "person")


def test_organizations_a_national_name_with_a_regional_chapter_is_no_event(pipe: Pipeline) -> None:
    article = _doc(pipe, "Palang Merah Indonesia (PMI) Kabupaten Jember membagikan selimut kepada pengungsi.")
    assert not _named(article, "event")


# ------------------------------------------------------------------ parentheses in the model's names


@pytest.mark.parametrize(
    ("text", "chunk", "name"),
    [
        ("kepala Organisasi Perangkat Daerah (OPD) di", "Organisasi Perangkat Daerah (OPD", "Organisasi Perangkat "
         "Daerah (OPD)"),
        ("kepala Organisasi Perangkat Daerah (OPD ) di", "Organisasi Perangkat Daerah (OPD", "Organisasi Perangkat "
         "Daerah (OPD )"),
        ("pengurus Forum Warga Peduli (FWP dan", "Forum Warga Peduli (FWP", "Forum Warga Peduli"),
        ("singkatan OPD) Kota Batu hadir", "OPD) Kota Batu", "Kota Batu"),
        ("Balai Besar Wilayah Sungai (BBWS) hadir", "Balai Besar Wilayah Sungai (BBWS)", "Balai Besar Wilayah "
         "Sungai (BBWS)"),
        ("Palang Merah Indonesia hadir", "Palang Merah Indonesia", "Palang Merah Indonesia"),
    ],
)  # fmt: skip
def test_organizations_a_model_span_keeps_its_parentheses_paired(text: str, chunk: str, name: str) -> None:
    start = text.index(chunk)
    first, last = balanced(text, start, start + len(chunk))
    assert text[first:last] == name


@pytest.mark.parametrize(
    "text",
    [
        "Wali Kota meminta semua kepala Organisasi Perangkat Daerah (OPD) di lingkungan Pemkot Batu menuntaskan "
        "laporan.",
        "Camat mengundang para kepala Organisasi Perangkat Daerah (OPD) untuk rapat koordinasi di pendopo.",
    ],
)
def test_organizations_a_parenthesised_acronym_does_not_truncate_a_name(pipe: Pipeline, text: str) -> None:
    article = _doc(pipe, text)
    names = [e.name for e in article.entities] + [m.text for m in article.mentions]
    assert all(n.count("(") == n.count(")") for n in names)
    assert not [n for n in names if n.startswith("Organisasi Perangkat Daerah")]  # a class of bodies, no name
