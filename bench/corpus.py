"""A generated news archive shaped like real news, for loading a million articles (issue 21).

What makes it real-shaped, and why each parameter has its value:

- **Entities** (`CAST`): 200,000 persons, 45,000 regional bodies (the 514 kabupaten/kota, each with its Pemkab or
  Pemkot, DPRD and the offices of `OFFICES`, plus other units), 30,000 companies, 25,000 organizations, and the
  7,285 kecamatan of Indonesia as places: 391,996 distinct entities in the million, as a real multi-year archive of many
  outlets holds hundreds of thousands.
- **Popularity follows a Zipf law** (exponent `ZIPF` 1.1, each kind ranked on its own): a few officials and bodies
  are in thousands of articles, most in one or two. Regions are Zipf-ranked too (big cities carry more news).
- **Persons belong somewhere**: a speaker is one of the article's region's own figures (`PERSONS` spread over the
  514 regions, Zipf-ranked within each), or (`NATIONAL_SHARE`, 15 %) one of `NATIONAL` national figures with a
  national role (a ministry's or agency's `NATIONAL_TITLES`), as regional news quotes local people and national
  figures come with their office. An earlier version drew every speaker from one national Zipf list with no role:
  its most popular names then appeared in every province, and Warta (rightly) split each into one person per
  province (38 "Agus Santoso"), which no real archive shows at that scale.
- **Roles change hands**: every office of a region (`OFFICES`: Bupati or Wali Kota, Sekretaris Daerah, heads of
  offices) has a holder per term (`TERM_YEARS`: five years for the head of a region, two for an office); an
  article names the holder on its date, so "Bupati X" is one person in 2017 and another in 2022.
- **Quotes**: 1–4 per article (`QUOTES`), each by a person the article names.
- **Outlets**: 300 (`OUTLETS`), their volumes Zipf-ranked: a few national portals carry most articles.
- **Isu**: each day's articles tell that day's stories, drawn Zipf-ranked (exponent 1.3 over 1,000 a day): most
  stories have one or two articles, the day's biggest dozens. A story's articles share its `STORY_WORDS` words
  (drawn from a bounded `VOCABULARY`, as real news reuses its words), so isu filing finds them; every article also
  uses Zipf-ranked common words (`TOPIC_WORDS`, the real `TOPICS` first) and `BACKGROUND_WORDS` words once each
  from a `BACKGROUND` list, as real articles hold 30-60 content stems. Regions are flatter than persons
  (`CITY_ZIPF` 0.9). An earlier version gave every story six never-seen words and steeper regions: half of the
  first 3,000 articles chained into one isu, which no real archive does; now the largest isu at 500,000 articles
  holds a few hundred.
- **Ten years** of dates, 2016–2025, volume growing over time (online news grew), day by day.

The sequence is fixed by its seed: article `n` is the same in every run and process, so a stopped load resumes.

    python bench/corpus.py --count 5                    # a few generated articles' headlines and entities
    python bench/corpus.py --count 100000 --distinct    # distinct entities of the first 100,000
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass
from functools import cache

from warta.ids import make_id
from warta.kb import regions
from warta.model import Article, Edge, Entity, Mention, Quote, Role

ZIPF = 1.1
CITY_ZIPF = 0.9  # regions are flatter than persons: the busiest regency carries a few percent of the news
PERSONS, COMPANIES, ORGANIZATIONS = 200_000, 30_000, 25_000
NATIONAL, NATIONAL_SHARE = 3_000, 0.15  # national figures (each with a national role) and their share of speakers
NATIONAL_BODIES = ("Kementerian Dalam Negeri", "Kementerian Keuangan", "Kementerian Kesehatan", "Kementerian Sosial",
                   "Kementerian Pekerjaan Umum", "Dewan Perwakilan Rakyat", "Komisi Pemberantasan Korupsi",
                   "Badan Nasional Penanggulangan Bencana", "Badan Pusat Statistik", "Kejaksaan Agung")  # fmt: skip
NATIONAL_TITLES = ("Direktur Jenderal", "Juru Bicara", "Anggota", "Kepala Biro")
OTHER_UNITS = 24_000  # regional units beyond the offices below (UPT, puskesmas, sekolah, …)
OFFICES = ("Dinas Kesehatan", "Dinas Pendidikan", "Dinas Pekerjaan Umum", "Dinas Sosial", "Dinas Perhubungan",
           "Badan Perencanaan Pembangunan Daerah", "Badan Penanggulangan Bencana Daerah", "Satuan Polisi Pamong Praja",
           "Dinas Komunikasi dan Informatika", "Dinas Kependudukan dan Pencatatan Sipil", "Inspektorat",
           "Sekretariat Daerah", "Rumah Sakit Umum Daerah", "Dinas Lingkungan Hidup", "Dinas Pertanian",
           "Dinas Koperasi dan UKM", "Badan Pengelolaan Keuangan Daerah", "Dinas Pariwisata",
           "Dinas Perumahan Rakyat", "Dinas Ketenagakerjaan", "Dinas Perdagangan", "Badan Kepegawaian Daerah",
           "Dinas Pemuda dan Olahraga", "Dinas Perikanan", "Dinas Pemberdayaan Masyarakat Desa", "Kecamatan",
           "Bagian Hukum", "Bagian Protokol dan Komunikasi Pimpinan", "Dinas Pemadam Kebakaran",
           "Dinas Penanaman Modal", "Dinas Arsip dan Perpustakaan", "Dewan Perwakilan Rakyat Daerah")  # fmt: skip
TERM_YEARS = {"head": 5, "office": 2}
QUOTES = (1, 4)
OUTLETS = 300
FIRST_DAY, DAYS = dt.date(2016, 1, 1), 3653
FIRST = ("Agus Budi Dewi Eko Fajar Gita Hadi Indah Joko Kartika Lina Made Nur Putri Rizki Sari Teguh Wahyu Yudi Ayu "
         "Bambang Citra Dedi Endang Ferry Gilang Hesti Irfan Jajang Kurnia Lestari Mulyadi Nanda Oka Priyo Ratna "
         "Sigit Tri Umar Vina Wawan Yanti Zainal").split()  # fmt: skip
LAST = ("Santoso Wijaya Lestari Pratama Saputra Hidayat Kurniawan Rahmawati Setiawan Nugroho Susanto Wibowo Siregar "
        "Nasution Hutapea Manurung Simanjuntak Pangaribuan Tanjung Harahap Lubis Sitompul Rangkuti Daulay Purba "
        "Sembiring Ginting Tarigan Sinaga Pardede Wulandari Permana Gunawan Firmansyah Ramadhan").split()  # fmt: skip
SYLLABLES = [c + v for c in "bcdghjklmnprstwy" for v in "aiueo"]
TOPICS = ("pembangunan jalan anggaran bantuan sosial banjir longsor vaksinasi sekolah pasar harga beras pelayanan "
         "publik investasi pariwisata kemacetan sampah air bersih listrik stunting kemiskinan pemilu kampanye "
         "korupsi penangkapan sidang putusan festival budaya olahraga pertandingan").split()  # fmt: skip
TOPIC_WORDS = 500  # the common words articles share across stories: TOPICS and made-up ones, Zipf-ranked
VOCABULARY = 60_000  # the made-up words stories are told in
STORY_WORDS = 10  # a story's own words: every article of the story uses them, several times
BACKGROUND, BACKGROUND_WORDS = 5_000, 14  # words any article may use once (real articles hold 30-60 content stems)


class Zipf:
    """Ranks 0 … n-1 drawn with probability proportional to 1 / (rank + 1) ** s (cumulative table, bisect)."""

    def __init__(self, n: int, s: float = ZIPF) -> None:
        self.n = n
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** s for rank in range(n)))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])


@dataclass(frozen=True)
class World:
    """The fixed cast every article draws from: regions with their offices, and the Zipf samplers."""

    cities: tuple[regions.Region, ...]
    districts: tuple[regions.Region, ...]
    city_zipf: Zipf
    person_zipf: Zipf  # a city's own persons, ranked
    national_zipf: Zipf
    company_zipf: Zipf
    organization_zipf: Zipf
    unit_zipf: Zipf
    district_zipf: Zipf
    outlet_zipf: Zipf
    story_zipf: Zipf
    topic_zipf: Zipf


@cache
def world() -> World:
    """The cast (the same in every process)."""
    rng = random.Random(21)
    cities = sorted(regions._by_level(2), key=lambda r: r.code)  # the knowledge base's kabupaten/kota
    rng.shuffle(cities)  # region popularity: an arbitrary but fixed rank per region
    districts = sorted(regions._by_level(3), key=lambda r: r.code)
    return World(tuple(cities), tuple(districts), Zipf(len(cities), CITY_ZIPF),
                 Zipf(PERSONS // len(cities)), Zipf(NATIONAL), Zipf(COMPANIES),
                 Zipf(ORGANIZATIONS), Zipf(OTHER_UNITS), Zipf(len(districts)), Zipf(OUTLETS),
                 Zipf(1000, 1.3), Zipf(TOPIC_WORDS))  # fmt: skip


def person_name(rank: int) -> str:
    """The name of person `rank` (unique: the rank is in the third part when the two parts repeat)."""
    first, rest = FIRST[rank % len(FIRST)], rank // len(FIRST)
    last, more = LAST[rest % len(LAST)], rest // len(LAST)
    return f"{first} {last}" if more == 0 else f"{first} {_word(more)} {last}"


def topic_word(rank: int) -> str:
    """The common word of this popularity rank: the real TOPICS first, then made-up ones."""
    return TOPICS[rank] if rank < len(TOPICS) else _word(500_000 + rank).lower()


@cache
def story_words(story: int) -> list[str]:
    """The words a story is told in, drawn from the made-up VOCABULARY (stories share few of them)."""
    rng = random.Random(story)
    return [_word(1_000_000 + rng.randrange(VOCABULARY)).lower() for _ in range(STORY_WORDS)]


def _word(n: int) -> str:
    """A made-up word for the number `n` (the same every time)."""
    out = ""
    while True:
        out += SYLLABLES[n % len(SYLLABLES)]
        n //= len(SYLLABLES)
        if n == 0:
            return out.capitalize()


def holder(city: regions.Region, office: str, day: dt.date) -> tuple[str, str]:
    """The person holding `office` of `city` on `day` (a new one each term): (name, title)."""
    head = office in ("Pemerintah Kabupaten", "Pemerintah Kota")
    term = TERM_YEARS["head" if head else "office"]
    number = (day.year - FIRST_DAY.year) // term
    seed = int(make_id("x", city.code, office, number)[2:12], 16)
    title = ("Bupati" if city.kind == "kabupaten" else "Wali Kota") if head else f"Kepala {office}"
    return person_name(PERSONS + seed % 5_000_000), title


def day_of(number: int, count: int) -> dt.date:
    """Article `number`'s day: ten years, the volume growing linearly (the square root spreads them so)."""
    position = math.sqrt((number % count + 0.5) / count)
    return FIRST_DAY + dt.timedelta(days=min(DAYS - 1, int(position * DAYS)))


class Draft:
    """An article being written: its text parts, mentions, entities and quotes (offsets kept as parts are added)."""

    def __init__(self, lead: str) -> None:
        self.parts = [lead]
        self.length = len(lead)
        self.mentions: list[Mention] = []
        self.entities: dict[str, Entity] = {}
        self.quotes: list[Quote] = []

    def write(self, text: str) -> int:
        """Append `text`; returns where it starts."""
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def add(self, name: str, type_: str, key: str, lead: str = "", tail: str = "", **kb: object) -> str:
        """Append `lead`, a mention of the entity (`type_`, `key`) named `name`, then `tail`; returns its id."""
        entity_id = make_id("gen", type_, key)
        self.entities.setdefault(entity_id, Entity(entity_id, name, type_, kb=kb))
        start = self.write(f"{lead}{name}{tail}") + len(lead)
        self.mentions.append(Mention(start, start + len(name), name, type_, entity_id))
        return entity_id

    def quote(self, said: str, speaker: str, quote_id: str) -> None:
        """Append a direct quote of `speaker`."""
        start = self.write(f"“{said},” kata {self.entities[speaker].name.split()[0]}. ") + 1
        self.quotes.append(Quote(quote_id, start, start + len(said), said, "direct", "kata", speaker))


def article(number: int, count: int = 1_000_000) -> Article:
    """Generated article `number` of an archive of `count` (see the module's docstring)."""
    w = world()
    rng = random.Random(number * 2_654_435_761 % 2**32)
    day = day_of(number, count)
    city_rank = w.city_zipf.draw(rng)
    city = w.cities[city_rank]
    story = (day - FIRST_DAY).days * 1000 + w.story_zipf.draw(rng)  # a story of that day
    words = story_words(story)  # the sentences' words; the topics and background once each, at the end
    topics = [topic_word(w.topic_zipf.draw(rng)) for _ in range(4)]
    d = Draft(f"{city.short.upper()}, Warta Uji — ")
    background = [_word(2_000_000 + rng.randrange(BACKGROUND)).lower() for _ in range(BACKGROUND_WORDS)]
    region_id = d.add(city.name, "city", city.code, "", " ", region_code=city.code)
    speakers = [_official(d, rng, city, day, words)]
    for _ in range(rng.randint(1, 3)):
        speakers.append(_speaker(d, rng, city_rank, words))
    _others(d, rng, city, words)
    d.write(f"{' '.join(words)} {' '.join(topics)} {' '.join(background)}. {' '.join(rng.sample(words, 8))}. ")
    for i in range(rng.randint(*QUOTES)):
        d.quote(
            f"{' '.join(rng.sample(words, 7))} {number}-{i}",
            speakers[i % len(speakers)],
            make_id("quote", "gen", number, i),
        )
    ids = sorted(e for e in d.entities if e != region_id)
    edges = [Edge(a, b, "co_mentioned") for j, a in enumerate(ids) for b in ids[j + 1 :]]
    edges += [Edge(q.speaker, q.id, "said") for q in d.quotes if q.speaker]
    edges += [Edge(p, r.of_entity, "has_role") for p in dict.fromkeys(speakers) for r in d.entities[p].roles
              if r.of_entity]  # fmt: skip
    outlet = f"media{w.outlet_zipf.draw(rng):03d}.test"
    return Article(
        id=f"gen1m-{number:07d}", text="".join(d.parts), url=f"https://{outlet}/{day.isoformat()}/{number}",
        source=outlet, title=f"{words[0].title()} {topics[0]} di {city.name} ({number})",
        published=f"{day.isoformat()}T08:00:00+07:00", dateline=city.short, mentions=tuple(d.mentions),
        entities=tuple(d.entities.values()), quotes=tuple(d.quotes), edges=tuple(edges),
    )  # fmt: skip


def _official(d: Draft, rng: random.Random, city: regions.Region, day: dt.date, words: list[str]) -> str:
    """One of the region's offices and the official holding it on `day`; returns the official's id."""
    office = rng.choice(("Pemerintah Kabupaten" if city.kind == "kabupaten" else "Pemerintah Kota", *OFFICES))
    body_name = f"{office} {city.short}" if office.startswith("Pemerintah") else f"{office} {city.name}"
    body_id = d.add(body_name, "government_body", f"{city.code}/{office}", "", f" {' '.join(words[:3])}. ",
                    region_code=city.code)  # fmt: skip
    official, title = holder(city, office, day)
    official_id = d.add(official, "person", official, f"{title} ", f" {' '.join(rng.sample(words, 5))}. ")
    d.entities[official_id] = Entity(official_id, official, "person", roles=(Role(title, body_name, body_id),))
    return official_id


def _speaker(d: Draft, rng: random.Random, city_rank: int, words: list[str]) -> str:
    """A person the article quotes: mostly one of the region's own figures, now and then a national one with the
    national role that tells them apart from a namesake elsewhere; returns the person's id."""
    w = world()
    if rng.random() >= NATIONAL_SHARE:
        local = PERSONS // len(w.cities)
        name = person_name(city_rank * local + w.person_zipf.draw(rng))
        return d.add(name, "person", name, "Menurut ", f", {' '.join(rng.sample(words, 6))}. ")
    rank = w.national_zipf.draw(rng)
    name, body = person_name(6_000_000 + rank), NATIONAL_BODIES[rank % len(NATIONAL_BODIES)]
    title = NATIONAL_TITLES[rank // len(NATIONAL_BODIES) % len(NATIONAL_TITLES)]
    kind = "ministry" if body.startswith("Kementerian") else "government_body"
    body_id = d.add(body, kind, f"national/{body}", f"{title} ", " ")
    person_id = d.add(name, "person", name, "", f" mengatakan {' '.join(rng.sample(words, 6))}. ")
    d.entities[person_id] = Entity(person_id, name, "person", roles=(Role(title, body, body_id),))
    return person_id


def _others(d: Draft, rng: random.Random, city: regions.Region, words: list[str]) -> None:
    """Now and then a company, an organization, a regional unit; always one of the region's kecamatan."""
    w = world()
    if rng.random() < 0.4:
        rank = w.company_zipf.draw(rng)
        d.add(
            f"PT {_word(rank + 11)} {_word(rank + 97)}",
            "company",
            f"c{rank}",
            "",
            f" {' '.join(rng.sample(words, 4))}. ",
        )
    if rng.random() < 0.3:
        rank = w.organization_zipf.draw(rng)
        d.add(f"Yayasan {_word(rank + 5)}", "organization", f"o{rank}", "", f" {' '.join(rng.sample(words, 4))}. ")
    if rng.random() < 0.3:
        rank = w.unit_zipf.draw(rng)
        d.add(f"UPT {_word(rank + 3)} {city.short}", "government_body", f"u{city.code}/{rank}", "", " bergerak. ",
              region_code=city.code)  # fmt: skip
    inside = regions.districts_of(city.code)
    district = inside[rng.randrange(len(inside))] if inside else w.districts[w.district_zipf.draw(rng)]
    d.add(district.name, "district", district.code, "di ", f" {' '.join(rng.sample(words, 3))}. ",
          region_code=district.code)  # fmt: skip


def distinct_entities(count: int, total: int = 1_000_000) -> int:
    """How many distinct entities the first `count` articles of an archive of `total` hold."""
    return len({e.id for n in range(count) for e in article(n, total).entities})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--distinct", action="store_true", help="count the distinct entities of --count articles")
    args = parser.parse_args()
    if args.distinct:
        print(f"{distinct_entities(args.count)} distinct entities in the first {args.count} articles")
        return
    for n in range(args.count):
        a = article(n)
        print(a.published, a.source, a.title, [(e.type, e.name) for e in a.entities][:6], len(a.quotes))


if __name__ == "__main__":
    main()
