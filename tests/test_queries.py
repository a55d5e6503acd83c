"""The read model (`warta.store.queries`) over hand-built articles, on both backends: lists and their order,
the one name-matching rule, the one search, the one role-holder rule."""

from __future__ import annotations

import dataclasses
from functools import partial
from typing import Any

import pytest

from tests.test_store import make_article, person
from warta.errors import InputError, NotFoundError
from warta.model import Article, Entity, Mention, Role
from warta.store import queries
from warta.store.search import fts_query
from warta.store.sqlstore import SQLStore

# --- entities, roles, articles, quotes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "ids"),
    [
        ({}, ["p-ikfina", "p-teguh", "c-mjk", "pr-jatim"]),  # by mention count, then id (descending)
        ({"type": "city"}, ["c-mjk"]),
        ({"q": "IKFINA"}, ["p-ikfina"]),
        ({"q": "gunark"}, ["p-teguh"]),
        ({"q": "zzz"}, []),
        ({"limit": 1}, ["p-ikfina"]),
    ],
)
def test_entities_filter_and_order(store: SQLStore, kwargs: dict[str, Any], ids: list[str]) -> None:
    store.save(make_article())
    assert [e.id for e in queries.list_entities(store, **kwargs).items] == ids


def test_an_unknown_entity_type_is_refused(store: SQLStore) -> None:
    with pytest.raises(InputError, match="not an entity type"):
        queries.list_entities(store, type="alien")


def test_collect_follows_cursors_past_one_page(store: SQLStore) -> None:
    people = tuple(person(f"p-{n:03d}", f"Orang {n}") for n in range(queries.MAX_LIMIT + 5))
    store.save(Article(id="many", text="Orang.", entities=people))
    every = queries.collect(partial(queries.list_entities, store, "person"), 10_000)
    assert sorted(e.id for e in every) == sorted(p.id for p in people)
    assert len(queries.collect(partial(queries.list_entities, store, "person"), 3)) == 3


def test_role_periods_group_the_articles_of_a_role(store: SQLStore) -> None:
    later = make_article("art-2", published="2023-01-01T10:00:00+07:00")
    store.save_many([later, make_article("art-1")])
    (role,) = queries.role_periods(store, "p-ikfina")
    assert (role.title, role.of_name, role.of_entity) == ("Bupati", "Mojokerto", "c-mjk")
    assert (role.first_seen, role.last_seen, role.articles, role.last_article_id) == (
        "2022-06-06", "2023-01-01", 2, "art-2"
    )  # fmt: skip


def test_a_role_given_only_by_undated_articles_has_no_days(store: SQLStore) -> None:
    store.save_many([make_article("art-b", published=None), make_article("art-a", published=None)])
    (role,) = queries.role_periods(store, "p-ikfina")
    assert (role.first_seen, role.last_seen, role.articles, role.last_article_id) == (None, None, 2, "art-b")


def test_one_office_under_two_titles_is_one_role(store: SQLStore) -> None:
    """ "Kepala Dinas" and "Kepala" of the same Dinas are one office: one role, under the title most articles
    give, counting each article once (art-3 gives both titles)."""
    dinas = "Dinas Kesehatan Kabupaten Mojokerto"

    def with_titles(article_id: str, day: str, *titles: str) -> Article:
        base = make_article(article_id, published=f"{day}T10:00:00+07:00")
        roles = tuple(Role(t, dinas, "gb-dinkes") for t in titles)
        entities = tuple(dataclasses.replace(e, roles=roles) if e.id == "p-teguh" else e for e in base.entities)
        return dataclasses.replace(base, entities=entities)

    store.save_many([with_titles("art-1", "2022-01-01", "Kepala Dinas"), with_titles("art-2", "2022-02-01", "Kepala"),
                     with_titles("art-3", "2022-03-01", "Kepala", "Kepala Dinas"),
                     with_titles("art-4", "2022-04-01", "Kepala")])  # fmt: skip
    (role,) = queries.role_periods(store, "p-teguh")
    assert (role.title, role.shown_title, role.of_name, role.articles) == ("Kepala", "Kepala", dinas, 4)
    assert (role.first_seen, role.last_seen, role.last_article_id) == ("2022-01-01", "2022-04-01", "art-4")


@pytest.mark.parametrize(
    "sources",
    [[], [None], ["kompas.test"], ["b.test", "a.test", "b.test", None, "c.test", "a.test"]],
    ids=["empty", "unnamed", "one", "several"],
)
def test_outlets_are_the_distinct_sources_by_name(store: SQLStore, sources: list[str | None]) -> None:
    store.save_many(Article(id=f"a{i}", text="x", source=source) for i, source in enumerate(sources))
    assert queries.outlets(store) == sorted({s for s in sources if s is not None})


def test_articles_newest_first_with_paging(store: SQLStore) -> None:
    dates = {"old": "2020-01-01", "new": "2024-01-01", "mid": "2022-01-01", "undated": None}
    store.save_many(Article(id=k, text="x", published=v) for k, v in dates.items())
    assert [a.id for a in queries.list_articles(store).items] == ["new", "mid", "old", "undated"]
    first = queries.list_articles(store, limit=1)
    assert [a.id for a in queries.list_articles(store, limit=2, cursor=first.next_cursor).items] == ["mid", "old"]


@pytest.mark.parametrize(
    ("speaker", "quote_ids"),
    [
        (None, ["q-1", "q-2"]),
        ("p-teguh", ["q-2"]),
        ("ikfina", ["q-1"]),
        ("TEGUH gun", ["q-2"]),
        ("nobody", []),
    ],
)
def test_quotes_by_speaker_id_or_name(store: SQLStore, speaker: str | None, quote_ids: list[str]) -> None:
    store.save(make_article())
    quotes = queries.list_quotes(store, queries.QuoteFilter(speaker_match=speaker)).items
    assert [q.id for q in quotes] == quote_ids
    assert all(q.published == "2022-06-06T18:23:55+07:00" and q.speaker_name for q in quotes)


def test_missing_ids_raise_not_found(store: SQLStore) -> None:
    with pytest.raises(NotFoundError, match="no-such-id"):
        store.article("no-such-id")
    with pytest.raises(NotFoundError, match="no-such-id"):
        queries.entity_detail(store, "no-such-id")


# --- one rule for entity names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("SÉKAR", True),  # case and accents ignored
        ("sekar  ayu", True),  # spaces collapsed
        ("Bu Sekar", True),  # an alias
        ("dewi_", True),  # LIKE wildcards are plain characters: the alias "Dewi_Sekar"
        ("dewi%", False),
        ("_", True),
        ("%", False),
        ('", "', False),  # not the JSON text of the aliases
    ],
)
def test_one_name_rule_for_the_list_search_and_quotes(store: SQLStore, query: str, found: bool) -> None:
    sekar = person("p-sekar", "Sekar Ayu", aliases=("Bu Sekar", "Dewi_Sekar"))
    article = make_article()
    mention = Mention(104, 117, "Teguh Gunarko", "person", "p-sekar")
    quotes = (dataclasses.replace(article.quotes[1], speaker="p-sekar"),)
    store.save(dataclasses.replace(article, entities=(sekar,), mentions=(mention,), quotes=quotes, edges=()))
    listed = [e.id for e in queries.list_entities(store, q=query).items]
    searched = [e.id for e in queries.search_all(store, query).entities]
    quoted = [q.speaker_id for q in queries.list_quotes(store, queries.QuoteFilter(speaker_match=query)).items]
    expected = ["p-sekar"] if found else []
    assert listed == expected and quoted == expected
    assert searched == (expected if fts_query(query) else [])  # a query without a word searches nothing


def test_name_matches_rank_the_name_before_prefixes_aliases_and_substrings(store: SQLStore) -> None:
    entities = (
        person("p-1", "Mojokerto Raya"),
        person("p-2", "Kota Mojokerto"),
        person("p-3", "Mojokerto"),
        person("p-4", "Bupati", aliases=("Mojokerto Satu",)),
    )
    store.save(Article(id="a", text="x", entities=entities))
    assert [e.id for e in queries.list_entities(store, q="mojokerto").items] == ["p-3", "p-1", "p-4", "p-2"]
    first = queries.list_entities(store, q="mojokerto", limit=2)
    rest = queries.list_entities(store, q="mojokerto", limit=2, cursor=first.next_cursor)
    assert [e.id for e in first.items + rest.items] == ["p-3", "p-1", "p-4", "p-2"]


def test_a_renamed_entity_and_an_added_alias_are_found_by_them(store: SQLStore) -> None:
    store.save(make_article())
    store.curate("rename", "p-teguh", {"name": "Téguh Wibowo"}, "test", "the full name")
    store.curate("alias", "p-teguh", {"alias": "Pak Guh"}, "test", "a nickname")
    for query in ("teguh wibowo", "WIBOWO", "pak guh", "Guh"):
        assert [e.id for e in queries.list_entities(store, q=query).items] == ["p-teguh"], query
        assert [e.id for e in queries.search_all(store, query).entities] == ["p-teguh"], query
        quotes = queries.list_quotes(store, queries.QuoteFilter(speaker_match=query)).items
        assert [q.id for q in quotes] == ["q-2"], query
    store.curate("rename", "p-ikfina", {"name": "Teguh"}, "test", "ranked as a name, not as an alias")
    named = queries.list_entities(store, q="téguh").items  # the name itself, then a name prefix
    assert [(e.id, e.name) for e in named] == [("p-ikfina", "Teguh"), ("p-teguh", "Téguh Wibowo")]


# --- one search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "section", "hit_id"),
    [
        ("segera diperbaiki", "quotes", "q-1"),
        ("anggaran", "articles", "art-1"),
        ("Mojokerto", "entities", "c-mjk"),
        ("gunarko", "entities", "p-teguh"),
        ("ANGGARAN siap", "quotes", "q-2"),
    ],
)
def test_search_finds_articles_quotes_and_entities(store: SQLStore, query: str, section: str, hit_id: str) -> None:
    store.save(make_article())
    found = queries.search_all(store, query)
    assert hit_id in [h.id for h in getattr(found, section)]
    assert all("[" in h.snippet for h in found.articles + found.quotes)


def test_search_ignores_case_and_accents(store: SQLStore) -> None:
    text = "Warga Désa Sukamaju menerima bantuan."
    store.save(Article(id="accents", text=text, title="Bantuan DÉSA", mentions=(), entities=()))
    found = queries.search_all(store, "desa BANTUAN")
    assert ([h.id for h in found.articles], found.quotes, found.entities) == (["accents"], [], [])
    assert "[Désa]" in found.articles[0].snippet or "[DÉSA]" in found.articles[0].snippet


@pytest.mark.parametrize(
    "query",
    ['"', "AND OR NOT", "*", "(", "'; DROP TABLE articles; --", "NEAR(a b)", "desa*", "title:x", "a\x00b"],
)
def test_search_survives_hostile_queries(store: SQLStore, query: str) -> None:
    store.save(make_article())
    assert isinstance(queries.search_all(store, query), queries.SearchResults)
    assert store.counts()["articles"] == 1


@pytest.mark.parametrize("query", ["", "   ", "!?*()\"'", "--"])
def test_search_without_words_returns_nothing(store: SQLStore, query: str) -> None:
    store.save(make_article())
    found = queries.search_all(store, query)
    assert (found.entities, found.articles, found.quotes) == ([], [], [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a b", '"a" "b"'), ('x"y', '"x" "y"'), ("AND", '"AND"'), ("", ""), ("desa*", '"desa"')],
)
def test_fts_query_quotes_every_word(text: str, expected: str) -> None:
    assert fts_query(text) == expected


# --- one role-holder rule -------------------------------------------------------------------------------


def role_article(article_id: str, published: str, entity: Entity) -> Article:
    """An article giving one person (named or role-only) the role of its entity."""
    mention = Mention(0, len(entity.name), entity.name, "person", entity.id)
    return Article(id=article_id, text=entity.name + ".", published=published, mentions=(mention,), entities=(entity,))


@pytest.mark.parametrize("body", ["c-lmg", None], ids=["known-body", "unknown-body"])
def test_role_holders_one_rule_for_every_caller(store: SQLStore, body: str | None) -> None:
    role = Role("Bupati", "Lamongan", body)
    office = person("p-bupati", "Bupati Lamongan", named=False, roles=(role,))
    store.save_many([
        role_article("named-1", "2021-01-10", person("p-yuhronur", "Yuhronur Efendi", roles=(role,))),
        role_article("role-1", "2021-03-01", office),
        role_article("named-2", "2021-04-01", person("p-yuhronur", "Yuhronur Efendi", roles=(role,))),
        role_article("role-far", "2023-06-01", office),  # no named holder within HOLDER_WINDOW_DAYS
        role_article("other", "2021-03-02", person("p-other", "Lain", roles=(Role("Bupati", "Tuban", None),))),
    ])  # fmt: skip
    holders = queries.role_holders(store, "p-bupati")
    assert [(h.article_id, h.person_id, h.evidence) for h in holders] == [
        ("role-1", "p-yuhronur", ("named-1", "named-2"))
    ]
    (office_holder,) = queries.entity_detail(store, "p-bupati").holders
    assert (office_holder.id, office_holder.first_seen, office_holder.last_seen, office_holder.articles) == (
        "p-yuhronur", "2021-01-10", "2021-04-01", 2
    )  # fmt: skip
    assert queries.role_holders(store, "p-yuhronur") == []  # a named person has no inferred holder


def test_two_holders_in_the_window_give_none(store: SQLStore) -> None:
    role = Role("Camat", "Sukamaju", None)
    store.save_many([
        role_article("a", "2021-01-01", person("p-a", "Ahmad Sani", roles=(role,))),
        role_article("b", "2021-02-01", person("p-b", "Budi Darma", roles=(role,))),
        role_article("r", "2021-01-15", person("p-camat", "Camat Sukamaju", named=False, roles=(role,))),
    ])  # fmt: skip
    assert queries.role_holders(store, "p-camat") == [] and queries.office_holders(store, "p-camat") == []
