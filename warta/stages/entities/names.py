"""Shapes of proper names in Indonesian news text: capitalized runs, honorifics, degrees, stop words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from warta.kb.lexicons import facility_heads
from warta.stages.entities.candidates import SpanIndex

# Capitalized words that start sentences or titles but are never part of a person's name.
NOT_NAME = frozenset(
    """
    Hal Selain Dalam Pada Ini Itu Saat Sementara Sedangkan Namun Karena Sehingga Adapun Untuk Dengan Oleh
    Kemudian Setelah Sebelum Menurut Bahkan Jika Kalau Apabila Bila Agar Supaya Tak Tidak Juga Lebih Akan
    Kami Kita Saya Ia Dia Beliau Mereka Anda Para Seluruh Semua Setiap Sejumlah Sebanyak Beberapa Selama
    Senin Selasa Rabu Kamis Jumat Sabtu Minggu Januari Februari Maret April Mei Juni Juli Agustus September
    Oktober November Desember Bupati Wakil Wali Kota Kabupaten Provinsi Kecamatan Desa Kelurahan Gubernur
    Presiden Menteri Kepala Ketua Sekretaris Direktur Camat Lurah Kapolres Kapolda Kapolsek Dinas Badan
    Pemkab Pemkot Pemprov Pemerintah Daerah Program Gerakan Bimtek Rapat Festival Kegiatan Acara RI Republik
    Indonesia Tim Terpisah Diharapkan Rencananya Sebelumnya Selanjutnya Sebab Lalu Kini Hingga Sejak Di Ke
    Dari Yang Dan Atau Tetapi Tapi Bagi Terkait Soal Sekitar Bersama Didampingi Sebagai Usai Seusai Jelang
    Menjelang Baca Sumber Editor Penulis Reporter Foto Video Berita Tahun Bulan Hari Pekan Pukul WIB WITA WIT
    Rp Jalan Jl Gedung Ruang Kantor Pendopo Alun Masjid Sekolah Rumah Sakit Pasar Taman Stadion Terminal
    Polres Polda Polsek DPRD DPR MPR Kejari Kejati Pengadilan Bapak Ibu Pak Bu Mas Mbak Sdr Saudara Tuan
    Menanggapi Mengenai Terlebih Pertama Kedua Ketiga Akhirnya Selebihnya Berdasarkan Melalui Meski Meskipun
    Walaupun Ketika Sambil Seraya Begitu Demikian Tentu Secara Sangat Masih Sudah Telah Belum Pun Lagi
    Pantai Gunung Sungai Danau Pulau Selat Teluk Bukit Kali Candi Pura Lapangan Universitas Forum Komunitas
    Paguyuban Kelompok Bank Komisi Partai Yayasan Koperasi Balai Pusat Dusun Kampung Perumahan Bandara
    Pelabuhan Stasiun Tol Warga Petani Pedagang Nelayan Relawan Sejumlah Tersangka Korban Pelaku Polisi
    Nomor No
    Salat Sholat Shalat Jamak Qasar Qashar Takhir Taqdim Dzuhur Zuhur Ashar Asar Maghrib Magrib Subuh
    Tarawih Idul Adha Maulid Isra Miraj Natal Imlek Waisak Nyepi Lebaran Madrasah
    Tsanawiyah Aliyah Ibtidaiyah Pesantren Catering Beach Villa Resort Hotel Club Fandom Group Daop
    Departemen Independen Strategis Tindak Pidana Khusus Umum Animasi Film Timnas Skuat Tim Kadispen
    """.split()
)

# An age written after a name: "Siti (52)", "Budi (40 tahun)".
AGE = re.compile(r"(?<!\s)\s*+\(\d{1,3}(?:\s*tahun)?\)")  # from a run's first space: linear on long runs
HONORIFICS = ("Bapak", "Ibu", "Pak", "Bu", "Sdr.", "Saudara", "Saudari")
# Familiar forms of address that may open a nickname ("Cak Yanto", "Gus Ipul", "Kang Emil").
FAMILIAR = ("Cak", "Mbak", "Mas", "Kang", "Bang", "Gus", "Ning", "Uda", "Daeng", "Bung", "Kak", "Abah", "Ustaz", "Kiai")
# Academic and religious titles, and police and military ranks, written before a name.
RANKS = (
    r"AKBP|AKP|Kompol|Kombes|Kombes Pol|Brigjen|Brigjen Pol|Irjen|Irjen Pol|Komjen|Iptu|Ipda|Aiptu|Aipda|Bripka|"
    r"Brigpol|Briptu|Bripda|Letkol|Kolonel|Mayor|Kapten|Lettu|Letda|Mayjen|Letjen|Laksma|Laksda|Laksdya|Marsma|Marsda|Marsdya|Serka|Serma|Sertu|"
    r"Serda|Pelda|Peltu|Kopda|Koptu"
)
# Ranks as written out in full before a name ("Komisaris Besar Yusri Yunus", "Inspektur Jenderal X").
RANK_WORDS = (
    r"(?:Ajun\s+)?Komisaris(?:\s+Besar|\s+Jenderal)?(?:\s+Polisi)?|(?:Ajun\s+)?Inspektur(?:\s+Jenderal|\s+Polisi"
    r"(?:\s+(?:Satu|Dua))?)?|Brigadir(?:\s+Jenderal|\s+Polisi|\s+Kepala|\s+Satu|\s+Dua)?|(?:Mayor|Letnan)\s+Jenderal|"
    r"Jenderal(?:\s+\(Purn\.?\))?|(?:Letnan\s+)?Kolonel|Letnan\s+(?:Satu|Dua)|Laksamana(?:\s+(?:Madya|Muda|Pertama))?|"
    r"Marsekal(?:\s+(?:Madya|Muda|Pertama))?|Mayor|Kapten|Sersan(?:\s+(?:Mayor|Kepala|Satu|Dua))?"
)
_RANK_BEFORE = re.compile(rf"(?:\b(?:{RANK_WORDS}|{RANKS})\.?\s+)+$")
_PREFIX_BEFORE = re.compile(rf"(?:\b(?:{RANK_WORDS}|{RANKS}|H|Hj|Dr|dr|Drs|Dra|Ir|Prof|KH|drg)\.?\s+)+$")
_PREFIX_TITLES = (
    rf"(?:(?:(?:{RANKS})(?:\s+(?:Pol|Inf|Czi|Arh|Kav|Cpm|Laut|\(P\)|TNI))?\.?|"
    r"(?:H|Hj|Dr|dr|Drs|Dra|Ir|Prof|KH|Kyai|drg|Ns)\.?)\s+)*"
)
_NAME_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?|[A-Z]\.|[A-Z](?=\s+[A-Z][a-z'’])|Mc[A-Z][a-z]+|I(?=\s+[A-Z][a-z]))"
# Particles inside a person's name ("Yusuf bin Ahmad", "Robin van Persie").
PARTICLES = ("van", "von", "de", "der", "bin", "binti", "al", "el", "da", "dos")
_PARTICLE = rf"(?:{'|'.join(PARTICLES)})"
NAME_RUN = re.compile(
    rf"(?P<prefix>{_PREFIX_TITLES})(?P<name>{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,4}})"
    r"(?P<degrees>(?:,?\s+"
    r"(?:S|M|Dr|Ph|A)\.[A-Za-z.]{1,8}(?:\s?[A-Z][a-z]{0,4}\.)?)*)"
)


@dataclass(frozen=True)
class NameMatch:
    """A person-name-shaped run: the name's own span (without honorific prefixes or degrees)."""

    start: int
    end: int
    name: str


def name_at(text: str, pos: int, max_words: int = 4) -> NameMatch | None:
    """The person-shaped name at `pos` (after optional spaces), cut before words that are not names."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    match = NAME_RUN.match(text, pos)
    if not match:
        return None
    words = _name_words(match.group("name"))[:max_words]
    if not words:
        return None
    start = match.start("name")
    name = " ".join(words)
    end = start + _surface_length(text, start, words)
    return NameMatch(start, end, name)


def _name_words(run: str) -> list[str]:
    words: list[str] = []
    for word in run.split():
        if word.rstrip(".") in NOT_NAME:
            break
        words.append(word)
    while words and words[-1].endswith(".") and len(words[-1]) <= 2 and len(words) > 1:
        words.pop()  # a trailing initial is more likely a sentence end
    return words


def _surface_length(text: str, start: int, words: list[str]) -> int:
    pos = start
    for i, word in enumerate(words):
        pos = text.index(word, pos) + len(word)
        if i == len(words) - 1:
            break
    return pos - start


def is_sentence_start(text: str, pos: int) -> bool:
    """True when `pos` begins a sentence (start of text, or after `.`, `!`, `?`, a newline or a quote)."""
    before = text[:pos].rstrip(" “\"‘'")
    return not before or before[-1] in ".!?\n:"


def rank_before(text: str, start: int, academic: bool = False) -> int:
    """Where a run of ranks written right before `start` begins (`start` when there is none); with
    `academic`, academic and religious titles too ("Prof", "dr", "KH")."""
    pattern = _PREFIX_BEFORE if academic else _RANK_BEFORE
    match = pattern.search(text, max(0, start - 60), start)
    return match.start() if match else start


# Words that belong to a unit's or body's name, never to a person's ("Balai Besar Wilayah Sungai …").
UNIT_WORDS = frozenset(
    """
    Bidang Bagian Seksi Subbagian Subdirektorat Direktorat Divisi Biro Humas Umum Wilayah Besar Cabang Unit
    Operasional Penerangan Pencegahan Pengendalian Penyakit Pelayanan Perencanaan Pembangunan Pengembangan
    Pengelolaan Pengawasan Penanggulangan Pemberdayaan Perlindungan Kesehatan Pendidikan Kebudayaan Pariwisata
    Perhubungan Kominfo Informasi Komunikasi Kerja Keuangan Perdagangan Perindustrian Pertanian Perikanan
    Kelautan Lingkungan Hidup Sosial Tenaga Hukum Reserse Kriminal Lalu Lintas Samapta Intelijen Keamanan
    Ketertiban Jalan Raya Tol Sungai Induk Patroli Satuan Tugas Satgas Gugus Perusahaan Korporat Komersial
    Nasional Regional Provinsi Kabupaten Kota Kecamatan Desa Kelurahan Utara Selatan Barat Timur Tengah Pusat
    Administrasi Dewan Komisi Fraksi Majelis Asosiasi Himpunan Ikatan Persatuan Gabungan Perkumpulan Lembaga
    Institut Sekolah Fakultas Program Studi Rumah Sakit Puskesmas Umum Daerah Republik Indonesia Operasi Pencarian
    Pol Terminal Terpadu Pengelola Public Relations Corporate Communication Secretary Officer Manager Head
    Harian Eksekutif Riset Pelaksana Puskesmas Polsek Polres Polresta Kodim Koramil Lapas Rutan Politik Ekonomi
    Keamanan Teknologi Budaya Agama Olahraga Pemuda Rakyat Kawasan Cipta Karya Tata Bina Marga Sumber Daya Air
    Mineral Energi Industri Usaha Mikro Kecil Menengah Koperasi Investasi Kajian Hubungan Internasional
    Pangan Pemadam Sipil Arsip Hewan Tanaman Ruang Statistik
    """.split()
)
# The words of the region levels written before a region's name ("Kabupaten Malang", "Desa Sukamaju").
REGION_WORDS = frozenset({"Provinsi", "Kabupaten", "Kota", "Kecamatan", "Desa", "Kelurahan"})
# Nouns whose next word is a place's own name ("Sungai Citarum", "Tol Purbaleunyi"): the one-word heads of
# facility names (data/facilities.tsv) but those that also end names ("Santika Hotel Indra Muaz"), region words,
# and the units named after their place ("Polres Bogor").
PLACE_NOUNS = (
    frozenset(
        head
        for head, entry in facility_heads().items()
        if " " not in head and not head.endswith(".") and not entry.trails
    )
    | frozenset("Polsek Polres Polresta Kodim Koramil Kejari Pulo Wilayah".split())
    | REGION_WORDS
)
_RUN_WORD = re.compile(
    r"[ \t]*(\([A-Z][\w ]{0,15}\)|[A-Z]\.|[A-Z][\w'’-]*(?:\.[a-z]{2,3})?|dan|untuk|se|of|and|the|for|on|at|&)"
    r"(?=[\s,.;:)/]|$)/?"
)
_LIST_COMMA = re.compile(r"[ \t]*,(?=[ \t]+(?:[A-Z]|dan\s))")
_RANK_WORD = re.compile(rf"^(?:{RANK_WORDS}|{RANKS})$")


class HasSpan(Protocol):
    """Anything with a character span (a candidate mention)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def name_after_unit(text: str, start: int, taken: Sequence[HasSpan] | SpanIndex = ()) -> NameMatch | None:
    """The person's name at the end of a capitalized run that names a unit first ("Pencegahan dan
    Pengendalian Penyakit Dinas Kesehatan DKI Jakarta Dwi Oktavia"): the words after the last one that
    cannot be part of a name (a unit word, an acronym, a connector, a rank, the end of a known body)."""
    words: list[tuple[int, int, str]] = []
    pos = start
    while len(words) < 24:
        comma = _LIST_COMMA.match(text, pos) if words and _not_name_word(words[-1][2]) else None
        match = _RUN_WORD.match(text, comma.end() if comma else pos)
        if match is None or (match.group(1) == "dan" and words and _title_follows(text, match.end())):
            break  # "<name> dan Wakil Bupati …": the phrase has ended
        words.append((match.start(1), match.end(1), match.group(1)))
        pos = match.end()
    last = -1
    lo, hi = (words[0][0], words[-1][0] + 1) if words else (start, start)
    near = taken.overlapping(lo, hi) if isinstance(taken, SpanIndex) else [c for c in taken if c.start < hi]
    for i, (w_start, _end, word) in enumerate(words):
        inside = any(c.start <= w_start < c.end for c in near)
        named_place = i > 0 and words[i - 1][2] in PLACE_NOUNS
        if (
            inside
            or named_place
            or _not_name_word(word)
            or (i + 1 < len(words) and _RANK_WORD.match(f"{word} {words[i + 1][2]}"))
        ):
            last = i
    tail = words[last + 1 :]
    if last < 0 or not 1 <= len(tail) <= 5:
        return None
    name = name_at(text, tail[0][0], max_words=5)
    if name is None or name.end != tail[-1][1] or name.name.split()[0] in NOT_NAME:
        return None
    return name


# Derived nouns that name a field or a unit ("Perekonomian", "Kesehatan", "Komunikasi", "Universitas"),
# never a person's given name or surname.
_FIELD_NOUN = re.compile(
    r"^(?:(?:Pe[rmn]?g?|Ke)[a-z]{4,}an|[A-Z][a-z]{4,}(?:asi|itas)|[A-Z][a-z]{3,}(?:ity|tion|sion|ment|ness|ship|ics|ogy|ance|ism))$"
)


def _title_follows(text: str, pos: int) -> bool:
    word = re.match(r"\s*([A-Z][a-z]+)", text[pos : pos + 40])
    return word is not None and word.group(1) in NOT_NAME


def trailing_name_start(text: str, start: int, end: int, most: int = 4) -> int:
    """Where a person's name (two words or more) written at the end of a body's name begins, so that the
    body stops before it ("Dinas Kesehatan Febria Rachmanita" → "Dinas Kesehatan"); `end` when none. When
    more than `most` name-shaped words end the body, only the last two are taken as the name."""
    words = list(re.finditer(r"[\w'’.()-]+", text[start:end]))
    cut = len(words)
    while cut > 1 and not _not_name_word(words[cut - 1].group(0)) and NAME_RUN.fullmatch(words[cut - 1].group(0)):
        cut -= 1
    if len(words) - cut > most:
        cut = len(words) - 2
    if len(words) - cut < 2 or cut < 2:
        return end
    return start + words[cut].start()


# Academic, religious and traditional titles written before a name ("Prof", "KH", "Haji", "Ki").
PREFIX_WORDS = frozenset("H Hj Dr dr Drs Dra Ir Prof KH Kyai drg Ns Haji Hajah Ustadz Ustad Syekh Ki Nyi Raden".split())


def unit_like(name: str) -> bool:
    """True when a name's first word names a unit or a field, never a person ("Head", "Hukum")."""
    first = name.split()[0] if name.split() else ""
    return bool(first) and _not_name_word(first)


@lru_cache(maxsize=30_000)
def _not_name_word(word: str) -> bool:
    return (
        word[0] == "("
        or word in UNIT_WORDS
        or word.rstrip(".") in PREFIX_WORDS
        or _FIELD_NOUN.match(word) is not None
        or any(ch.isdigit() or ch == "." for ch in word[1:])
        or word in NOT_NAME
        or word[0].islower()
        or word == "&"
        or (len(word) >= 2 and word.isupper())
        or _RANK_WORD.match(word) is not None
    )


_COMPASS = frozenset({"Utara", "Selatan", "Barat", "Timur", "Tengah", "Raya"})
_DEMONSTRATIVE = re.compile(r"\s+(?:itu|ini|tersebut)\b")


def is_person_name(text: str, name: NameMatch) -> bool:
    """A name-shaped run that is a person's name: not a unit, a place ("Grogol Selatan") or a noun phrase
    closed by a demonstrative ("Lurah Grogol itu")."""
    words = name.name.split()
    return (
        words[0] not in NOT_NAME
        and not unit_like(words[0])
        and not _COMPASS.intersection(words)
        and not text[name.end : name.end + 1].isalnum()
        and _DEMONSTRATIVE.match(text, name.end) is None
    )


CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s+$")
CAPITAL_AFTER = re.compile(r"\s+[A-Z][\w'’-]*")


def stands_alone(text: str, start: int, end: int) -> bool:
    """Whether the capitalized word at `text[start:end]` stands on its own, not inside a longer capitalized name."""
    before = CAPITAL_BEFORE.search(text, max(0, start - 40), start)
    return before is None and CAPITAL_AFTER.match(text, end) is None
