"""Tone in the store (migration 0009) and its queries, over hand-built articles with tone, on both backends: the
columns the write path fills, the tone of list items, the tone filters, tone over time toward an entity and in
a region, the share of negative news per body and per tokoh. The API and the web pages over the same articles
are tested in tests/test_api.py and tests/test_web.py (`toned_client`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest

from tests.conftest import Databases
from tests.test_store import make_article
from warta.errors import InputError, NotFoundError
from warta.model import Article, Entity, Tone
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

DINAS = Entity("gb-dinas", "Dinas Pekerjaan Umum", "government_body")
SURABAYA = Entity("c-sby", "Kota Surabaya", "city", kb={"region_code": "35.78"})


def tone(label: str, score: float = 0.0, evidence: int | None = None) -> Tone:
    """A tone with a confidence of 0.9."""
    return Tone(label, score, 0.9, evidence)


def toned(
    article_id: str,
    day: str,
    article_tone: Tone | None,
    entity_tones: dict[str, Tone],
    quote_tones: tuple[Tone | None, Tone | None] = (None, None),
    extra: tuple[Entity, ...] = (),
    region: Entity | None = None,
) -> Article:
    """`make_article` (Ikfina, Teguh, Kabupaten Mojokerto, inferred Jawa Timur; quotes q-1 and q-2) on `day`, with
    the given tones, more entities, and another city in place of Mojokerto when `region` is given."""
    base = make_article(article_id, published=f"{day}T10:00:00+07:00")
    entities, mentions = [*base.entities, *extra], base.mentions
    if region is not None:  # the city's mention and entity become `region`
        entities = [region if e.id == "c-mjk" else e for e in entities]
        mentions = tuple(dataclasses.replace(m, entity=region.id) if m.entity == "c-mjk" else m for m in mentions)
    entities = [dataclasses.replace(e, tone=entity_tones.get(e.id)) for e in entities]
    quotes = tuple(dataclasses.replace(q, tone=t) for q, t in zip(base.quotes, quote_tones, strict=True))
    return dataclasses.replace(base, tone=article_tone, entities=tuple(entities), quotes=quotes, mentions=mentions)


def toned_articles() -> list[Article]:
    """Five articles: four in Kabupaten Mojokerto (one without any tone), one in Kota Surabaya."""
    neg, pos, net = tone("negatif", -0.7, 3), tone("positif", 0.6, 2), tone("netral", 0.0, 1)
    return [
        toned("a1", "2024-01-01", tone("negatif", -0.61234), {"p-ikfina": neg, "p-teguh": pos, "gb-dinas": neg},
              (tone("negatif", -0.5), tone("netral")), (DINAS,)),
        toned("a2", "2024-01-01", tone("positif", 0.4), {"p-ikfina": pos, "c-mjk": pos}, (tone("positif", 0.8), None)),
        toned("a3", "2024-01-03", tone("netral"), {"p-ikfina": neg, "gb-dinas": net}, extra=(DINAS,)),
        toned("a4", "2024-01-05", None, {}),
        toned("a5", "2024-01-03", tone("negatif", -0.3), {"p-teguh": neg}, region=SURABAYA),
    ]  # fmt: skip


@pytest.fixture
def toned_store(store: SQLStore) -> SQLStore:
    """The store with `toned_articles`."""
    store.save_many(toned_articles())
    return store


@contextmanager
def toned_client(databases: Databases) -> Iterator[TestClient]:
    """A client of the app over a new store of `toned_articles` (for the API and web tests)."""
    from fastapi.testclient import TestClient

    from warta.app import create_app

    location = databases.new()
    with open_store(location) as opened:
        opened.save_many(toned_articles())
    with TestClient(create_app(location), base_url="http://localhost") as client:
        yield client


# --- the write path -----------------------------------------------------------------------------------------


def test_the_write_path_fills_the_tone_columns(toned_store: SQLStore) -> None:
    read = toned_store.conn.execute
    articles = {row[0]: tuple(row[1:]) for row in read("SELECT id, tone_label, tone_score FROM articles")}
    assert articles == {
        "a1": ("negatif", -0.61),
        "a2": ("positif", 0.4),
        "a3": ("netral", 0.0),
        "a4": (None, None),
        "a5": ("negatif", -0.3),
    }
    quotes = read("SELECT id, tone_label, tone_score FROM quotes WHERE article_id = 'a1' ORDER BY id").fetchall()
    assert quotes == [("q-1", "negatif", -0.5), ("q-2", "netral", 0.0)]
    links = read(
        "SELECT entity_id, tone_label, tone_score, tone_evidence FROM article_entities WHERE article_id = 'a1' "
        "ORDER BY entity_id"
    ).fetchall()
    assert links == [
        ("c-mjk", None, None, None), ("gb-dinas", "negatif", -0.7, 3), ("p-ikfina", "negatif", -0.7, 3),
        ("p-teguh", "positif", 0.6, 2), ("pr-jatim", None, None, None),
    ]  # fmt: skip


def test_saving_again_without_tone_clears_it(toned_store: SQLStore) -> None:
    toned_store.save(make_article("a1", published="2024-01-01T10:00:00+07:00"))
    read = toned_store.conn.execute
    assert read("SELECT tone_label, tone_score FROM articles WHERE id = 'a1'").fetchone() == (None, None)
    assert (
        read("SELECT COUNT(*) FROM article_entities WHERE article_id = 'a1' AND tone_label IS NOT NULL").fetchone()[0]
        == 0
    )
    assert read("SELECT COUNT(*) FROM quotes WHERE article_id = 'a1' AND tone_label IS NOT NULL").fetchone()[0] == 0


# --- lists and filters ----------------------------------------------------------------------------------------


def test_articles_carry_their_tone_and_filter_by_it(toned_store: SQLStore) -> None:
    items = {a.id: a.tone for a in queries.list_articles(toned_store).items}
    assert items["a1"] == queries.ToneValue("negatif", -0.61) and items["a4"] is None
    negative = queries.list_articles(toned_store, queries.ArticleFilter(tone="negatif"))
    assert [a.id for a in negative.items] == ["a5", "a1"]
    first = queries.list_articles(toned_store, queries.ArticleFilter(tone="negatif"), limit=1)
    rest = queries.list_articles(toned_store, queries.ArticleFilter(tone="negatif"), cursor=first.next_cursor)
    assert [a.id for a in first.items + rest.items] == ["a5", "a1"]
    in_region = queries.ArticleFilter(tone="negatif", region="35.16")
    assert [a.id for a in queries.list_articles(toned_store, in_region).items] == ["a1"]


def test_quotes_carry_their_tone_and_filter_by_it(toned_store: SQLStore) -> None:
    quotes = queries.list_quotes(toned_store, queries.QuoteFilter(tone="positif")).items
    assert [(q.article_id, q.id, q.tone) for q in quotes] == [("a2", "q-1", queries.ToneValue("positif", 0.8))]
    a4 = queries.list_quotes(toned_store, queries.QuoteFilter(since="2024-01-05")).items
    assert a4 and all(q.tone is None for q in a4)
    speaker = queries.QuoteFilter(speaker="p-ikfina", tone="negatif")
    assert [q.article_id for q in queries.list_quotes(toned_store, speaker).items] == ["a1"]


@pytest.mark.parametrize(
    ("kwargs", "ids"),
    [
        ({"tone": "negatif"}, ["p-ikfina", "p-teguh", "gb-dinas"]),
        ({"tone": "netral"}, ["gb-dinas"]),
        ({"tone": "positif", "type": "person"}, ["p-ikfina", "p-teguh"]),
        ({"tone": "positif", "q": "mojokerto"}, ["c-mjk"]),
        ({"tone": "netral", "q": "teguh"}, []),
    ],
)
def test_entities_filter_by_an_article_tone_toward_them(
    toned_store: SQLStore, kwargs: dict[str, str], ids: list[str]
) -> None:
    assert [e.id for e in queries.list_entities(toned_store, **kwargs).items] == ids


def test_an_unknown_tone_is_refused(toned_store: SQLStore) -> None:
    with pytest.raises(InputError, match="positif, negatif, netral"):
        queries.list_articles(toned_store, queries.ArticleFilter(tone="bagus"))
    with pytest.raises(InputError, match="positif, negatif, netral"):
        queries.list_quotes(toned_store, queries.QuoteFilter(tone="bagus"))
    with pytest.raises(InputError, match="positif, negatif, netral"):
        queries.list_entities(toned_store, tone="bagus")


# --- aggregates -------------------------------------------------------------------------------------------------


def test_entity_detail_has_its_tone_split(toned_store: SQLStore) -> None:
    assert queries.entity_detail(toned_store, "p-ikfina").tone == queries.ToneCounts(positif=1, negatif=2, netral=0)
    assert queries.entity_detail(toned_store, "pr-jatim").tone == queries.ToneCounts(0, 0, 0)


def test_tone_over_time_toward_an_entity(toned_store: SQLStore) -> None:
    days = queries.tone_timeline(toned_store, entity_id="p-ikfina")
    assert days == [queries.ToneDay("2024-01-01", 1, 1, 0), queries.ToneDay("2024-01-03", 0, 1, 0)]
    assert queries.tone_timeline(toned_store, entity_id="p-ikfina", since="2024-01-02") == days[1:]
    teguh = queries.tone_timeline(toned_store, entity_id="p-teguh", region="35.78")
    assert teguh == [queries.ToneDay("2024-01-03", 0, 1, 0)]
    with pytest.raises(NotFoundError):
        queries.tone_timeline(toned_store, entity_id="nobody")


def test_tone_over_time_in_a_region_and_everywhere(toned_store: SQLStore) -> None:
    mojokerto = queries.tone_timeline(toned_store, region="35.16")
    assert mojokerto == [queries.ToneDay("2024-01-01", 1, 1, 0), queries.ToneDay("2024-01-03", 0, 0, 1)]
    jatim = queries.tone_timeline(toned_store, region="35", until="2024-01-03")  # Surabaya too
    assert jatim == [queries.ToneDay("2024-01-01", 1, 1, 0), queries.ToneDay("2024-01-03", 0, 1, 1)]
    assert queries.tone_timeline(toned_store) == jatim
    with pytest.raises(InputError):
        queries.tone_timeline(toned_store, region="nowhere")


def test_share_of_negative_news_per_tokoh_and_per_body(toned_store: SQLStore) -> None:
    tokoh = queries.negative_share(toned_store, "tokoh")
    assert [(s.id, s.articles, s.positif, s.negatif, s.netral) for s in tokoh] == [
        ("p-ikfina", 3, 1, 2, 0), ("p-teguh", 2, 1, 1, 0)
    ]  # fmt: skip
    assert tokoh[0].negative_share == pytest.approx(2 / 3, abs=1e-4) and tokoh[1].negative_share == 0.5
    (body,) = queries.negative_share(toned_store, "body")
    assert (body.id, body.type, body.articles, body.negatif, body.negative_share) == (
        "gb-dinas",
        "government_body",
        2,
        1,
        0.5,
    )
    later = queries.negative_share(toned_store, "tokoh", since="2024-01-02", limit=1)
    assert [(s.id, s.articles) for s in later] == [("p-ikfina", 1)]
    assert [s.id for s in queries.negative_share(toned_store, "tokoh", region="35.78")] == ["p-teguh"]
    with pytest.raises(InputError, match="body or tokoh"):
        queries.negative_share(toned_store, "place")
