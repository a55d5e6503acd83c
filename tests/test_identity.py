"""Identity across articles, the rules alone: when two persons of one name are one, the jurisdictions of bare
roles, the home region, choosing an identity, and curation rules (pure); their round trip in the store is in
tests/test_identity_store.py."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warta.identity import Context, choose, compatible, context, fill_jurisdictions, home_region
from warta.identity.rules import Override, Rules, apply_rules
from warta.ids import make_id
from warta.kb import regions as kbregions
from warta.model import Article, Entity, Mention, Role

SLEMAN = Role("Kepala Dinas", "Dinas Pendidikan Kabupaten Sleman", "body-sleman-dik")
SURABAYA = Role("Direktur Utama", "PT Maju Jaya", "company-maju")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (context([SLEMAN], ["34"]), context([SLEMAN], ["35"]), True),  # same office wherever reported
        (context([SLEMAN], ["34"]), context([SURABAYA], ["35"]), False),  # different office and province
        (context([SLEMAN], ["34"]), context([SURABAYA], ["34"]), False),  # two offices, same province
        (context([SLEMAN], ["34"]), context([], ["34"]), True),  # name only, same province
        (context([SLEMAN], ["34"]), context([], ["35"]), False),  # name only, other province
        (context([], []), context([SURABAYA], ["35"]), True),  # nothing to tell them apart
    ],
)
def test_identity_compatible(a: Context, b: Context, expected: bool) -> None:
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


# Regional roles: the region a title sits in is what is compared; with none named, the title is unknown.
LAMONGAN, KEDIRI, JATIM = make_id("region", "35.24"), make_id("region", "35.06"), make_id("region", "35")
BUPATI = Role("Bupati")
BUPATI_LAMONGAN = Role("Bupati", "Kabupaten Lamongan", LAMONGAN)
BUPATI_KEDIRI = Role("Bupati", "Kabupaten Kediri", KEDIRI)
KEJARI = {"government_body-kejari-lamongan": "35.24"}  # the region code of a regional body, as stored
KAJARI_BODY = Role("Kajari", "Kejaksaan Negeri Lamongan", "government_body-kejari-lamongan")
KAJARI_REGION = Role("Kajari", "Kabupaten Lamongan", LAMONGAN)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (context([BUPATI_LAMONGAN], ["35"]), context([BUPATI_LAMONGAN], ["35"]), True),  # one office
        (context([BUPATI_LAMONGAN], ["35"]), context([BUPATI_KEDIRI], ["35"]), False),  # two regions
        (context([BUPATI], []), context([BUPATI_LAMONGAN], ["35"]), True),  # region unknown: not a conflict
        (context([BUPATI], ["35"]), context([BUPATI_KEDIRI], ["35"]), True),
        (context([BUPATI, BUPATI_LAMONGAN], ["35"]), context([BUPATI_KEDIRI], ["35"]), False),  # placed already
        (context([KAJARI_BODY], ["35"], KEJARI), context([KAJARI_REGION], ["35"]), True),  # body in the region
        (context([KAJARI_BODY], ["35"]), context([KAJARI_REGION], ["35"]), False),  # body's region not known
        (context([Role("Kepala Dinas")], ["34"]), context([SLEMAN], ["34"]), False),  # not a regional title
    ],
)
def test_identity_regional_roles_compare_by_region(a: Context, b: Context, expected: bool) -> None:
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


def _regional_article(dateline: str | None, cities: list[str], role: Role) -> Article:
    """A hand-built article: "Bupati Ratna Kusumawardani …" holding `role`, then a sentence naming each city of
    `cities` (region codes; repeat one to mention it more)."""
    text = "Bupati Ratna Kusumawardani meninjau sawah."
    entities = {"person-ratna": Entity("person-ratna", "Ratna Kusumawardani", "person", roles=(role,))}
    mentions = [Mention(7, 26, "Ratna Kusumawardani", "person", "person-ratna", role=role)]
    for code in cities:
        region = kbregions.get(code)
        assert region is not None
        kb = {"region_code": code, "region_kind": region.kind}
        entities.setdefault(make_id("region", code), Entity(make_id("region", code), region.name, "city", kb=kb))
        text += f" Panen di {region.name}."
        start = len(text) - len(region.name) - 1
        mentions.append(Mention(start, start + len(region.name), region.name, "city", make_id("region", code)))
    return Article(id="t", text=text, dateline=dateline, entities=tuple(entities.values()), mentions=tuple(mentions))


@pytest.mark.parametrize(
    ("dateline", "cities", "role", "expected"),
    [
        ("Lamongan", [], BUPATI, BUPATI_LAMONGAN),  # the dateline's kabupaten
        (None, ["35.24"], BUPATI, BUPATI_LAMONGAN),  # the city the article mentions
        ("Surabaya", ["35.24", "35.78", "35.24"], BUPATI, BUPATI_LAMONGAN),  # the most mentioned, not the dateline
        ("Kediri", ["35.06"], BUPATI, BUPATI_KEDIRI),  # Kabupaten, not Kota Kediri: the one mentioned
        ("Lamongan", [], Role("Penjabat Bupati"), Role("Penjabat Bupati", "Kabupaten Lamongan", LAMONGAN)),
        ("Lamongan", [], Role("Gubernur"), Role("Gubernur", "Jawa Timur", JATIM)),  # a province title
        ("Lamongan", [], Role("Sekretaris Daerah"), Role("Sekretaris Daerah", "Kabupaten Lamongan", LAMONGAN)),
        ("Lamongan", [], Role("Kapolres", "Polres"), Role("Kapolres", "Kabupaten Lamongan", LAMONGAN)),
        ("Lamongan", [], Role("Kapolres", "Polres Jember"), Role("Kapolres", "Polres Jember")),  # a region named
        ("Lamongan", [], Role("Bupati", "Lamongan"), Role("Bupati", "Lamongan")),
        ("Lamongan", [], BUPATI_KEDIRI, BUPATI_KEDIRI),  # a jurisdiction named stays
        ("Lamongan", [], Role("Kepala Dinas"), Role("Kepala Dinas")),  # not a regional title
        ("Surabaya", [], BUPATI, BUPATI),  # a Bupati does not sit in a kota
        ("Kediri", [], BUPATI, BUPATI),  # Kabupaten or Kota Kediri: unknown
        ("Jakarta", [], BUPATI, BUPATI),  # no kabupaten/kota
    ],
)
def test_identity_fill_jurisdictions(dateline: str | None, cities: list[str], role: Role, expected: Role) -> None:
    article = _regional_article(dateline, cities, role)
    filled = fill_jurisdictions(article)
    assert filled.entities[0].roles == (expected,)
    assert filled.mentions[0].role == expected
    assert fill_jurisdictions(filled) == filled
    if expected == role:
        assert filled is article


@pytest.mark.parametrize(
    ("dateline", "inferred", "expected"),
    [
        ("Kota Batu", None, "35.79"),
        ("Lamongan", None, "35.24"),
        ("Kediri", None, None),  # Kabupaten or Kota Kediri
        ("Kediri", "35.71", "35.71"),  # the one the article implies (from a kecamatan, a body) without naming it
        ("Jakarta", None, None),
        (None, "35.24", None),
    ],
)
def test_identity_home_region_from_the_dateline(
    dateline: str | None, inferred: str | None, expected: str | None
) -> None:
    article = _regional_article(dateline, [], BUPATI)
    if inferred is not None:
        kb = {"region_code": inferred, "inferred_from": "region-kecamatan"}
        article = replace(
            article, entities=(*article.entities, Entity(make_id("region", inferred), "X", "city", kb=kb))
        )
    region = home_region(article)
    assert (region.code if region else None) == expected


def test_identity_choose_keeps_apart_and_reuses() -> None:
    sleman = context([SLEMAN], ["34"])
    first = choose("person-andi", "Andi Wijaya", sleman, {})
    assert first == "person-andi"
    other = choose("person-andi", "Andi Wijaya", context([SURABAYA], ["35"]), {first: sleman})
    assert other != first and other.startswith("person-")
    again = choose(
        "person-andi", "Andi Wijaya", context([SURABAYA], ["35"]), {first: sleman, other: context([SURABAYA], ["35"])}
    )
    assert again == other


_IDS = st.sampled_from(["a", "b", "c", "d"])


@given(
    redirects=st.dictionaries(_IDS, st.one_of(st.none(), _IDS), max_size=4),
    renamed=st.dictionaries(_IDS, st.text(min_size=1, max_size=5), max_size=2),
)
def test_identity_rules_are_idempotent(redirects: dict[str, str | None], renamed: dict[str, str]) -> None:
    from warta.model import Edge, Entity, Mention, Quote

    text = "a b c d"
    entities = tuple(Entity(x, x.upper(), "person") for x in "abcd")
    mentions = tuple(Mention(2 * i, 2 * i + 1, x, "person", x) for i, x in enumerate("abcd"))
    article = Article(
        id="t",
        text=text,
        mentions=mentions,
        entities=entities,
        quotes=(Quote("q", 0, 1, "a", "direct", None, "a"),),
        edges=(Edge("a", "b", "co_mentioned"), Edge("c", "d", "co_mentioned"), Edge("a", "q", "said")),
    )
    rules = Rules(redirects, {}, {k: Override(name=v) for k, v in renamed.items()})
    once = apply_rules(article, rules)
    assert apply_rules(once, rules) == once
    ids = {e.id for e in once.entities}
    assert {m.entity for m in once.mentions} <= ids
    assert all(q.speaker is None or q.speaker in ids for q in once.quotes)
    assert all(e.source != e.target for e in once.edges)
