"""Words of an article as isu features: lower-cased tokens, stop words and generic news words dropped, the rest
stemmed with Sastrawi (Indonesian affixes removed: `diperbaiki` and `perbaikan` both give `baik`).

Nothing here depends on other articles: a word's weight is its own count in the article (sublinear), so the
features of an article are the same whenever it arrives. Words every news story uses ("kata", "warga",
"pemerintah", weekdays, months) carry no topic; they are listed once below instead of being learnt from the
articles seen so far, which would make the features depend on arrival order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import pairwise

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # type: ignore[import-untyped]
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory  # type: ignore[import-untyped]

from warta.kb.lexicons import speech_words

_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_LENGTH = 3
STEM_CACHE = 1 << 18  # words whose stems are kept: a long-running crawl meets millions of distinct words

# Stems that say nothing about which story an article tells: words of saying (with the speech cues of
# kb/data/speech.tsv, `generic_stems`), calendar words, generic nouns of administration and reporting. Written
# for this project; compared after stemming.
_GENERIC = frozenset(
    """
    nyata akui aku minta harap
    senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli agustus september
    oktober november desember hari bulan tahun pekan pagi siang sore malam pukul wib wita wit lalu kini
    saat waktu jam tanggal kemarin besok tengah baru dini
    pihak warga masyarakat pemerintah kabupaten kota provinsi daerah desa camat kepala dinas badan
    negeri republik indonesia nasional pusat wilayah kawasan sejumlah jumlah orang puluh ratus ribu juta
    miliar triliun persen satu dua tiga empat lima enam tujuh delapan sembilan sepuluh belas
    sebut laku ikut kait hadap upaya milik rupa kata buat jadi ada punya dapat lihat beri tahu
    berita redaksi wartawan laporan lapor kutip kontributor editor foto video baca simak
    bapak ibu pak bu saudara sdr
    """.split()
)


@cache
def generic_stems() -> frozenset[str]:
    """The stems that say nothing about a story: `_GENERIC` and the speech cues."""
    return _GENERIC | frozenset(speech_words("cue"))


@cache
def _stemmer() -> object:
    """Sastrawi's stemmer (it caches the words it has stemmed)."""
    return StemmerFactory().create_stemmer()


@cache
def _stop_words() -> frozenset[str]:
    """Sastrawi's Indonesian stop words."""
    return frozenset(StopWordRemoverFactory().get_stop_words())


@lru_cache(maxsize=STEM_CACHE)
def stem(word: str) -> str:
    """The Sastrawi stem of a lower-case word (hyphenated words are stemmed whole, as Sastrawi does)."""
    result = _stemmer().stem(word)  # type: ignore[attr-defined]
    return str(result) if result else word


def tokens(text: str) -> list[str]:
    """The lower-case word tokens of a text (letters and inner hyphens; numbers dropped)."""
    return [t.lower() for t in _TOKEN.findall(text)]


def content(word: str) -> str | None:
    """The stem of a content word, or None for a stop word, a generic news word or a too-short word."""
    if len(word) < MIN_LENGTH or word in _stop_words():
        return None
    root = stem(word)
    if len(root) < MIN_LENGTH or root in generic_stems() or root in _stop_words():
        return None
    return root


def stem_counts(words: Iterable[str]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Counts of the content stems of the words, and for each stem the counts of its surface words."""
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    for word in words:
        root = content(word)
        if root is None:
            continue
        counts[root] += 1
        surfaces.setdefault(root, Counter())[word] += 1
    return counts, surfaces


def phrases(words: list[str]) -> Counter[str]:
    """Counts of two-word phrases of adjacent content words ("tanggul jebol"), in their surface form."""
    out: Counter[str] = Counter()
    for first, second in pairwise(words):
        if first != second and content(first) is not None and content(second) is not None:
            out[f"{first} {second}"] += 1
    return out


def weights(counts: Counter[str], limit: int) -> dict[str, float]:
    """A unit-length vector of the `limit` heaviest stems, each weighing 1 + log(count); ties by stem."""
    raw = {s: 1.0 + math.log(c) for s, c in counts.items()}
    kept = sorted(raw.items(), key=lambda item: (-item[1], item[0]))[:limit]
    norm = math.sqrt(sum(w * w for _, w in kept))
    return {s: w / norm for s, w in kept} if norm else {}
