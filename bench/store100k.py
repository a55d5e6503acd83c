"""A store of many generated articles, for query latency benchmarks (`make bench`).

Articles are built directly as annotated `Article`s (not through the pipeline, which would take an hour for
100,000): each has a dateline region, 2–5 persons from a pool with titles of that region, 1–3 bodies (the
region's offices, now and then a ministry), a quote by each person and the co-mention edges. Dates fall on 84
days over two years (the newest 2025-12-28, about 1,200 articles a day); a few articles of one day share the
made-up words of a story, so that isus stay small. Saved through the store's bulk path, `save_many` (identity
resolution, isu filing and all), into a file that is reused when it already holds the wanted number of articles.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from warta.ids import make_id, normalize_key
from warta.kb import regions
from warta.model import Article, Edge, Entity, Mention, Quote, Role
from warta.store import open_store

FIRST = "Agus Budi Dewi Eko Fajar Gita Hadi Indah Joko Kartika Lina Made Nur Putri Rizki Sari Teguh Wahyu Yudi".split()
LAST = "Santoso Wijaya Lestari Pratama Saputra Hidayat Kurniawan Rahmawati Setiawan Nugroho Susanto Wibowo".split()
TITLES = ["Bupati", "Wali Kota", "Kepala Dinas Kesehatan", "Kepala Dinas Pendidikan", "Sekretaris Daerah", "Camat"]
TOPICS = ["jalan desa", "banjir", "vaksinasi", "pasar tradisional", "sekolah", "anggaran daerah", "air bersih"]


def _people(rng: random.Random, cities: list[regions.Region], n: int) -> list[tuple[str, Role, regions.Region]]:
    out = []
    for _ in range(n):
        city = rng.choice(cities)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
        out.append((name, Role(rng.choice(TITLES), city.name, make_id("region", city.code)), city))
    return out


CITY_CODES = ("35.16", "35.07", "35.78", "34.04", "32.01", "33.74")


def people_pool(rng: random.Random, size: int = 3000) -> list[tuple[str, Role, regions.Region]]:
    """The persons the generated articles draw from, with titles in six regencies and cities."""
    cities = [r for r in (regions.get(c) for c in CITY_CODES) if r]
    return _people(rng, cities, size)


SYLLABLES = [c + v for c in "bcdghjklmnprstwy" for v in "aiueo"]
BODIES = ("Dinas Kesehatan", "Dinas Pendidikan", "Dinas Pekerjaan Umum", "Badan Perencanaan Pembangunan Daerah")
MINISTRIES = ("Kementerian Kesehatan", "Kementerian Dalam Negeri", "Kementerian Keuangan")
STORY_SIZE = 3  # articles of one day that tell one story (share its words): isus of about this size


def story_words(number: int) -> list[str]:
    """The made-up words of the story article `number` belongs to: articles of the same day (the date repeats
    every 84 numbers) in groups of STORY_SIZE share them, so isus stay small as in real news."""
    story = random.Random(number % 84 * 1_000_003 + number // 84 // STORY_SIZE)
    return ["".join(story.choices(SYLLABLES, k=3)) for _ in range(12)]


def _bodies(rng: random.Random, city: regions.Region) -> list[Entity]:
    """1–3 bodies: the city's own offices, now and then a national ministry."""
    names = [f"{b} {city.name}" for b in rng.sample(BODIES, rng.randint(1, 2))]
    bodies = [Entity(make_id("organization", normalize_key(n)), n, "government_body") for n in names]
    if rng.random() < 0.3:
        name = rng.choice(MINISTRIES)
        bodies.append(Entity(make_id("organization", normalize_key(name)), name, "ministry"))
    return bodies


def article(number: int, rng: random.Random, people: list[tuple[str, Role, regions.Region]]) -> Article:
    """One generated article with stand-off annotations that point into its text."""
    day = f"{2024 + number % 2}-{1 + number % 12:02d}-{1 + number % 28:02d}"
    cast = rng.sample(people, rng.randint(2, 5))
    city = cast[0][2]
    topic = rng.choice(TOPICS)
    words = story_words(number)
    parts: list[str] = [f"{city.short.upper()}, Warta Uji — "]
    mentions: list[Mention] = []
    entities: dict[str, Entity] = {}
    quotes: list[Quote] = []
    region_id = make_id("region", city.code)
    entities[region_id] = Entity(region_id, city.name, "city", kb={"region_code": city.code})
    for i, (name, role, _) in enumerate(cast):
        pid = make_id("person", normalize_key(name))
        entities[pid] = Entity(pid, name, "person", roles=(role,))
        lead = f"{role.title.split()[0]} "
        start = sum(len(p) for p in parts) + len(lead)
        parts.append(f"{lead}{name}: {' '.join(rng.sample(words, 10))}. ")
        mentions.append(Mention(start, start + len(name), name, "person", pid, "pattern", role))
        said = f"{' '.join(rng.sample(words, 8))} {number}-{i}"
        q_start = sum(len(p) for p in parts) + 1
        parts.append(f"“{said},” kata {name.split()[0]}. ")
        quotes.append(Quote(make_id("quote", number, i), q_start, q_start + len(said), said, "direct", "kata", pid))
    for body in _bodies(rng, city):
        entities[body.id] = body
        start = sum(len(p) for p in parts)
        parts.append(f"{body.name} {' '.join(rng.sample(words, 3))}. ")
        mentions.append(Mention(start, start + len(body.name), body.name, body.type, body.id, "pattern"))
    text = "".join(parts)
    ids = sorted(e for e in entities if e != region_id)
    edges = [Edge(a, b, "co_mentioned") for j, a in enumerate(ids) for b in ids[j + 1 :]]
    edges += [Edge(q.speaker, q.id, "said") for q in quotes if q.speaker]
    return Article(
        id=f"gen-{number:06d}",
        text=text,
        url=f"https://uji.test/{day}/{number}",
        source="uji.test",
        title=f"{words[0].title()} {words[1]} {topic} di {city.name} ({number})",
        published=f"{day}T08:00:00+07:00",
        dateline=city.short,
        mentions=tuple(mentions),
        entities=tuple(entities.values()),
        quotes=tuple(quotes),
        edges=tuple(edges),
    )


def build(path: Path, count: int, seed: int = 7) -> float:
    """Fill `path` with `count` generated articles unless it already has them; returns seconds spent."""
    with open_store(str(path)) as store:
        have = store.counts()["articles"]
        if have >= count:
            return 0.0
        rng = random.Random(seed)
        people = people_pool(rng)
        started = time.perf_counter()
        generated = (article(number, rng, people) for number in range(count))
        store.save_many(art for art in generated if int(art.id[4:]) >= have)  # the store's bulk path
        return time.perf_counter() - started
