"""Shapes of proper names in Indonesian news text: capitalized runs, honorifics, degrees, stop words."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    """.split()
)

HONORIFICS = ("Bapak", "Ibu", "Pak", "Bu", "Sdr.", "Saudara", "Saudari")
# Academic and religious titles, and police and military ranks, written before a name.
RANKS = (
    r"AKBP|AKP|Kompol|Kombes|Kombes Pol|Brigjen|Brigjen Pol|Irjen|Irjen Pol|Komjen|Iptu|Ipda|Aiptu|Aipda|Bripka|"
    r"Brigpol|Briptu|Bripda|Letkol|Kolonel|Mayor|Kapten|Lettu|Letda|Mayjen|Letjen|Laksma|Marsma|Serka|Serma|Sertu|"
    r"Serda|Pelda|Peltu|Kopda|Koptu"
)
_PREFIX_TITLES = (
    rf"(?:(?:(?:{RANKS})(?:\s+(?:Pol|Inf|Czi|Arh|Kav|Cpm|Laut|\(P\)|TNI))?\.?|"
    r"(?:H|Hj|Dr|dr|Drs|Dra|Ir|Prof|KH|Kyai|drg|Ns)\.?)\s+)*"
)
_NAME_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?|[A-Z]\.|Mc[A-Z][a-z]+|I(?=\s+[A-Z][a-z]))"
_PARTICLE = r"(?:van|von|de|der|bin|binti|al|el|da|dos)"
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
