"""The web app's words in Indonesian (the default) and English.

The language is `?lang=id|en` (which also sets the `warta_lang` cookie), else the cookie, else Indonesian.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from warta.web.i18n_graph import GRAPH_STRINGS
from warta.web.messages import EXTRA
from warta.web.stream_words import WORDS as STREAM_WORDS

LANGS = ("id", "en")
DEFAULT = "id"
COOKIE = "warta_lang"

STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "tagline": "Pemantauan berita daerah",
        "skip": "Langsung ke isi",
        "nav.home": "Beranda",
        "nav.graph": "Grafik",
        "nav.search": "Cari",
        "lang.other": "English",
        "search.placeholder": "Cari tokoh, lembaga, kutipan, berita…",
        "search.button": "Cari",
        "search.title": "Pencarian",
        "search.results_for": "Hasil untuk",
        "search.entities": "Entitas",
        "search.articles": "Berita",
        "search.quotes": "Kutipan",
        "search.none": "Tidak ada hasil.",
        "search.prompt": "Ketik kata kunci untuk mencari tokoh, lembaga, tempat, berita dan kutipan.",
        "home.title": "Beranda",
        "home.trending": "Paling banyak disebut",
        "home.speakers": "Paling banyak dikutip",
        "home.latest": "Berita terbaru",
        "home.regions": "Dasbor wilayah",
        "home.period": "Periode",
        "home.days": "hari",
        "period.hari-ini": "Hari ini",
        "period.7-hari": "7 hari",
        "period.30-hari": "30 hari",
        "period.from": "Dari",
        "period.to": "Sampai",
        "period.apply": "Terapkan",
        "period.previous": "Periode sebelumnya",
        "period.next": "Periode berikutnya",
        "period.fresh": "Data terakhir",
        "period.crawled": "perayapan terakhir",
        "period.no_data": "belum ada berita",
        "period.empty": "Tidak ada berita pada periode ini.",
        "home.store": "Isi basis data",
        "trend.vs": "dibanding periode sebelumnya",
        "trend.new": "baru",
        "count.mentions": "sebutan",
        "count.quotes": "kutipan",
        "count.articles": "berita",
        "region.officials": "Pejabat",
        "region.statements": "Pernyataan pekan ini",
        "region.week": "7 hari",
        "region.places": "Tempat dalam beritanya",
        "region.trending": "Sedang ramai",
        "region.latest": "Berita terbaru wilayah ini",
        "region.no_news": "Belum ada berita tentang wilayah ini.",
        "region.last_seen": "terakhir muncul",
        "entity.type": "Jenis",
        "entity.aliases": "Nama lain",
        "entity.timeline": "Linimasa sebutan",
        "entity.roles": "Jabatan dari waktu ke waktu",
        "entity.holders": "Pemegang jabatan ini menurut berita lain",
        "entity.quotes": "Yang dikatakan",
        "entity.co_mentions": "Muncul bersama",
        "entity.articles": "Berita",
        "entity.in_graph": "Lihat di grafik",
        "entity.shared": "berita bersama",
        "entity.inferred": "disimpulkan, tidak disebut langsung",
        "entity.role_only": "hanya disebut jabatannya",
        "article.source": "Sumber",
        "article.published": "Terbit",
        "article.original": "Artikel asli",
        "article.legend": "Keterangan warna",
        "article.tokoh": "Tokoh",
        "article.graph": "Grafik",
        "article.extracted": "Ekstraksi",
        "article.inferred": "disimpulkan",
        "article.unknown_speaker": "Pembicara tidak diketahui",
        "article.json": "Dokumen JSON",
        "quote.direct": "langsung",
        "quote.indirect": "tidak langsung",
        "quote.article": "Baca berita",
        "tone.title": "Nada",
        "tone.positif": "positif",
        "tone.negatif": "negatif",
        "tone.netral": "netral",
        "tone.score": "skor",
        "tone.toward": "Nada pemberitaan",
        "tone.split": "Berita menurut nadanya terhadap entitas ini",
        "tone.over_time": "Nada dari waktu ke waktu",
        "tone.period": "Periode",
        "graph.title": "Penjelajah grafik",
        "graph.alt": "Gambar grafik hubungan antarentitas. Entitasnya juga tertulis sebagai daftar di halaman ini.",
        "graph.types": "Jenis",
        "graph.since": "Sejak",
        "graph.until": "Hingga",
        "graph.region": "Wilayah (kode)",
        "graph.apply": "Terapkan",
        "graph.unavailable": "Grafik tidak tersedia",
        "graph.loading": "Memuat grafik…",
        "graph.empty": "Tidak ada data untuk filter ini.",
        "graph.expand": "Tampilkan tetangga",
        "graph.open": "Buka halaman entitas",
        "graph.hint": "Klik sebuah simpul untuk melihat rinciannya.",
        "graph.nodes": "simpul",
        "nav.isu": "Isu",
        "isu.list": "Daftar isu",
        "isu.eyebrow": "Isu",
        "isu.top": "Isu teratas",
        "isu.all": "Semua isu",
        "isu.all_time": "Semua",
        "isu.whole": "Seluruh periode",
        "isu.order": "Urutan",
        "isu.order.terbaru": "Terbaru",
        "isu.order.terbanyak": "Terbanyak beritanya",
        "isu.in_period": "dalam periode ini",
        "isu.of_total": "dari",
        "isu.region": "Wilayah",
        "isu.volume": "Volume berita per hari",
        "isu.peak": "Puncak",
        "isu.tone": "Nada berita",
        "isu.tone_note": "Berita isu ini menurut nadanya",
        "isu.pencetus": "Pencetus",
        "isu.pencetus_note": "Berita pertama yang memuat isu ini",
        "isu.outlets": "Media",
        "isu.first": "pertama",
        "isu.tokoh": "Tokoh dan pernyataannya",
        "isu.quoted_in": "dikutip dalam",
        "isu.regions": "Wilayah",
        "isu.bodies": "Lembaga",
        "isu.articles": "Berita",
        "isu.none": "Belum ada isu pada periode ini.",
        "isu.not_found": "Isu tidak ditemukan. Isu ini mungkin sudah bergabung dengan isu lain; lihat daftar isu.",
        "isu.of_article": "Isu",
        "count.outlets": "media",
        "more": "Berikutnya",
        "none": "Belum ada data.",
        "error.title": "Terjadi kesalahan",
        "error.back": "Kembali ke beranda",
        "footer": "Warta: kecerdasan berita Indonesia, sumber terbuka.",
    },
    "en": {
        "tagline": "Regional news monitoring",
        "skip": "Skip to content",
        "nav.home": "Home",
        "nav.graph": "Graph",
        "nav.search": "Search",
        "lang.other": "Bahasa Indonesia",
        "search.placeholder": "Search people, bodies, quotes, news…",
        "search.button": "Search",
        "search.title": "Search",
        "search.results_for": "Results for",
        "search.entities": "Entities",
        "search.articles": "Articles",
        "search.quotes": "Quotes",
        "search.none": "No results.",
        "search.prompt": "Type words to search people, bodies, places, articles and quotes.",
        "home.title": "Home",
        "home.trending": "Most mentioned",
        "home.speakers": "Most quoted",
        "home.latest": "Latest articles",
        "home.regions": "Region dashboards",
        "home.period": "Period",
        "home.days": "days",
        "period.hari-ini": "Today",
        "period.7-hari": "7 days",
        "period.30-hari": "30 days",
        "period.from": "From",
        "period.to": "To",
        "period.apply": "Apply",
        "period.previous": "Previous period",
        "period.next": "Next period",
        "period.fresh": "Latest data",
        "period.crawled": "last crawl",
        "period.no_data": "no news yet",
        "period.empty": "No news in this period.",
        "home.store": "In the database",
        "trend.vs": "against the previous period",
        "trend.new": "new",
        "count.mentions": "mentions",
        "count.quotes": "quotes",
        "count.articles": "articles",
        "region.officials": "Officials",
        "region.statements": "Statements this week",
        "region.week": "7 days",
        "region.places": "Places in its news",
        "region.trending": "Trending",
        "region.latest": "Latest articles about this region",
        "region.no_news": "No articles about this region yet.",
        "region.last_seen": "last seen",
        "entity.type": "Type",
        "entity.aliases": "Also known as",
        "entity.timeline": "Mentions over time",
        "entity.roles": "Roles over time",
        "entity.holders": "Holders of this office according to other articles",
        "entity.quotes": "What they said",
        "entity.co_mentions": "Appears with",
        "entity.articles": "Articles",
        "entity.in_graph": "Show in the graph",
        "entity.shared": "shared articles",
        "entity.inferred": "inferred, not mentioned directly",
        "entity.role_only": "named only by role",
        "article.source": "Source",
        "article.published": "Published",
        "article.original": "Original article",
        "article.legend": "Colour legend",
        "article.tokoh": "Tokoh (people and what they said)",
        "article.graph": "Graph",
        "article.extracted": "Extracted",
        "article.inferred": "inferred",
        "article.unknown_speaker": "Speaker unknown",
        "article.json": "JSON document",
        "quote.direct": "direct",
        "quote.indirect": "indirect",
        "quote.article": "Read the article",
        "tone.title": "Tone",
        "tone.positif": "positive",
        "tone.negatif": "negative",
        "tone.netral": "neutral",
        "tone.score": "score",
        "tone.toward": "Tone of the news",
        "tone.split": "Articles by their tone toward this entity",
        "tone.over_time": "Tone over time",
        "tone.period": "Period",
        "graph.title": "Graph explorer",
        "graph.alt": "A drawing of the links between entities. The page also lists its entities as text.",
        "graph.types": "Types",
        "graph.since": "Since",
        "graph.until": "Until",
        "graph.region": "Region (code)",
        "graph.apply": "Apply",
        "graph.unavailable": "Graph not available",
        "graph.loading": "Loading the graph…",
        "graph.empty": "No data for these filters.",
        "graph.expand": "Show neighbours",
        "graph.open": "Open the entity page",
        "graph.hint": "Click a node to see its details.",
        "graph.nodes": "nodes",
        "nav.isu": "Issues",
        "isu.list": "Issues",
        "isu.eyebrow": "Issue",
        "isu.top": "Top issues",
        "isu.all": "All issues",
        "isu.all_time": "All",
        "isu.whole": "All time",
        "isu.order": "Order",
        "isu.order.terbaru": "Newest",
        "isu.order.terbanyak": "Most articles",
        "isu.in_period": "in this period",
        "isu.of_total": "of",
        "isu.region": "Region",
        "isu.volume": "Articles per day",
        "isu.peak": "Peak",
        "isu.tone": "Tone of the articles",
        "isu.tone_note": "This issue's articles by their tone",
        "isu.pencetus": "First report (pencetus)",
        "isu.pencetus_note": "The first article that carried this issue",
        "isu.outlets": "Outlets",
        "isu.first": "first",
        "isu.tokoh": "Tokoh and what they said",
        "isu.quoted_in": "quoted in",
        "isu.regions": "Regions",
        "isu.bodies": "Bodies",
        "isu.articles": "Articles",
        "isu.none": "No issues in this period yet.",
        "isu.not_found": "Issue not found. It may have merged with another issue; see the list of issues.",
        "isu.of_article": "Issue",
        "count.outlets": "outlets",
        "more": "Next",
        "none": "No data yet.",
        "error.title": "Something went wrong",
        "error.back": "Back to the home page",
        "footer": "Warta: open-source Indonesian news intelligence.",
    },
}

for _lang, _words in EXTRA.items():  # error notes, singular forms, body and office notes (warta.web.messages)
    STRINGS[_lang].update(_words)
for _lang, _words in STREAM_WORDS.items():  # the streams and the search filters (warta.web.stream_words)
    STRINGS[_lang].update(_words)
for _lang, _words in GRAPH_STRINGS.items():  # the graph, the path view, evidence (warta.web.i18n_graph)
    STRINGS[_lang].update(_words)

TYPE_LABELS: dict[str, dict[str, str]] = {
    "id": {
        "person": "Orang",
        "ministry": "Kementerian",
        "agency": "Lembaga",
        "government_body": "Badan pemerintah",
        "company": "Perusahaan",
        "organization": "Organisasi",
        "political_party": "Partai politik",
        "brand": "Merek",
        "event": "Acara",
        "province": "Provinsi",
        "city": "Kabupaten/kota",
        "district": "Kecamatan",
        "village": "Desa/kelurahan",
        "place": "Tempat",
        "country": "Negara",
    },
    "en": {
        "person": "Person",
        "ministry": "Ministry",
        "agency": "Agency",
        "government_body": "Government body",
        "company": "Company",
        "organization": "Organization",
        "political_party": "Political party",
        "brand": "Brand",
        "event": "Event",
        "province": "Province",
        "city": "Regency/city",
        "district": "District",
        "village": "Village",
        "place": "Place",
        "country": "Country",
    },
}

GROUP_LABELS: dict[str, dict[str, str]] = {
    "id": {
        "persons": "Orang",
        "companies": "Perusahaan",
        "ministries": "Kementerian dan lembaga",
        "places": "Tempat",
        "cities": "Kabupaten/kota",
        "brands": "Merek",
    },
    "en": {
        "persons": "Persons",
        "companies": "Companies",
        "ministries": "Ministries and agencies",
        "places": "Places",
        "cities": "Cities and regencies",
        "brands": "Brands",
    },
}

MONTHS: dict[str, tuple[str, ...]] = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
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
    return TYPE_LABELS.get(lang, TYPE_LABELS[DEFAULT]).get(type_name, type_name)


def group_label(lang: str, group: str) -> str:
    """An `extracted` group's name in `lang`."""
    return GROUP_LABELS.get(lang, GROUP_LABELS[DEFAULT]).get(group, group)


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
