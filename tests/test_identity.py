"""Identity across articles: same-name persons, curation rules (pure), and their round trip in the store."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warta.document import to_document
from warta.errors import InputError, NotFoundError
from warta.identity import Context, choose, compatible, context, fill_jurisdictions, home_region
from warta.identity.rules import Override, Rules, apply_rules
from warta.ids import make_id
from warta.kb import regions as kbregions
from warta.model import Article, Entity, Mention, Raw, Role
from warta.pipeline import Pipeline
from warta.store import queries
from warta.store.sqlstore import SQLStore

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


# ------------------------------------------------------------------ store round trip, real pipeline

ANDI_SLEMAN = (
    "SLEMAN, Kabar — Kepala Dinas Pendidikan Kabupaten Sleman Andi Wijaya meninjau sekolah di Kecamatan "
    "Depok. Andi mengatakan, sepuluh ruang kelas akan diperbaiki tahun ini."
)
ANDI_SLEMAN_2 = (
    "SLEMAN, Kabar — Andi Wijaya, Kepala Dinas Pendidikan Kabupaten Sleman, membuka lomba guru di Kecamatan "
    "Ngaglik. Ia berharap guru di Sleman terus berinovasi."
)
ANDI_SURABAYA = (
    "SURABAYA, Kabar — Direktur Utama PT Samudra Niaga Andi Wijaya mengatakan, perusahaannya membuka gudang "
    "baru di Kota Surabaya, Jawa Timur."
)


def _raw(text: str, number: int, published: str = "2024-03-01") -> Raw:
    return Raw(content=text, format="text", origin=f"t{number}", id=f"art-{number}", published=published)


def _ingest(store: SQLStore, pipe: Pipeline, texts: list[str]) -> None:
    for number, text in enumerate(texts, start=1):
        store.save(pipe.run(_raw(text, number)))


def _andi(store: SQLStore) -> list[str]:
    return sorted(
        e.id
        for e in queries.list_entities(store, type="person", q="Andi Wijaya", limit=200).items
        if e.name == "Andi Wijaya"
    )


def test_identity_same_name_different_people_stay_apart(store: SQLStore, pipe: Pipeline) -> None:
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SURABAYA, ANDI_SLEMAN_2])
    ids = _andi(store)
    assert len(ids) == 2
    articles = sorted(queries.entity_detail(store, i).article_count for i in ids)
    assert articles == [1, 2]


RATNA_LAMONGAN_2023 = (
    "LAMONGAN, Kabar — Bupati Lamongan Ratna Kusumawardani meresmikan pasar ikan di Kecamatan Paciran. Ratna "
    "mengatakan, pasar itu buka setiap hari sejak subuh."
)
RATNA_LAMONGAN_2024 = (
    "LAMONGAN, Kabar — Bupati Ratna Kusumawardani meninjau panen padi di Kecamatan Sukodadi. Menurut Ratna, "
    "hasil panen tahun ini naik dibanding tahun lalu."
)
RATNA_KEDIRI_2024 = (
    "KEDIRI, Kabar — Bupati Ratna Kusumawardani membuka festival kopi di Kecamatan Puncu, Kabupaten Kediri. "
    "Menurut Ratna, petani kopi di lereng Gunung Kelud butuh pasar baru."
)
RATNA_JAKARTA_2024 = (
    "JAKARTA, Kabar — Bupati Ratna Kusumawardani menemui pejabat Kementerian Pertanian untuk membahas pupuk. "
    "Menurut Ratna, stok pupuk bersubsidi menipis."
)


def _ratna(store: SQLStore, pipe: Pipeline, texts: list[tuple[str, str]]) -> list[str]:
    """The person ids named Ratna Kusumawardani after saving (text, date) pairs as art-1, art-2 …"""
    for number, (text, published) in enumerate(texts, start=1):
        store.save(pipe.run(_raw(text, number, published)))
    return sorted(
        e.id
        for e in queries.list_entities(store, type="person", q="Ratna", limit=200).items
        if e.name == "Ratna Kusumawardani"
    )


def _stored_roles(store: SQLStore, article_id: str) -> list[dict[str, object]]:
    doc = store.article(article_id)
    return [r for e in doc["entities"] if e["name"] == "Ratna Kusumawardani" for r in e["roles"]]


@pytest.mark.parametrize("reverse", [False, True])
def test_identity_article_region_fills_a_bare_bupati(store: SQLStore, pipe: Pipeline, reverse: bool) -> None:
    texts = [(RATNA_LAMONGAN_2023, "2023-02-14"), (RATNA_LAMONGAN_2024, "2024-02-20")]
    ids = _ratna(store, pipe, texts[::-1] if reverse else texts)
    assert len(ids) == 1
    bare = "art-1" if reverse else "art-2"
    assert _stored_roles(store, bare) == [{"title": "Bupati", "of": "Kabupaten Lamongan", "of_entity": LAMONGAN}]
    roles = [(r.title, r.of_name, r.articles) for r in queries.role_periods(store, ids[0])]
    assert roles == [("Bupati", "Kabupaten Lamongan", 2)]


def test_identity_bupati_of_two_regions_stay_two(store: SQLStore, pipe: Pipeline) -> None:
    ids = _ratna(store, pipe, [(RATNA_LAMONGAN_2024, "2024-02-20"), (RATNA_KEDIRI_2024, "2024-03-05")])
    assert len(ids) == 2
    assert _stored_roles(store, "art-2") == [{"title": "Bupati", "of": "Kabupaten Kediri", "of_entity": KEDIRI}]


@pytest.mark.parametrize("first", [RATNA_LAMONGAN_2023, RATNA_LAMONGAN_2024])
def test_identity_article_without_region_changes_nothing(store: SQLStore, pipe: Pipeline, first: str) -> None:
    extracted = to_document(pipe.run(_raw(RATNA_JAKARTA_2024, 2, "2024-04-02")))
    ids = _ratna(store, pipe, [(first, "2024-02-20"), (RATNA_JAKARTA_2024, "2024-04-02")])
    assert len(ids) == 1  # a Bupati of no known region is not another Bupati
    stored = store.article("art-2")
    assert _stored_roles(store, "art-2") == [{"title": "Bupati", "of": None, "of_entity": None}]
    assert [m.get("role") for m in stored["mentions"]] == [m.get("role") for m in extracted["mentions"]]


def test_identity_ids_do_not_depend_on_reprocessing(store: SQLStore, pipe: Pipeline) -> None:
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SURABAYA, ANDI_SLEMAN_2])
    before = (_andi(store), store.counts())
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SURABAYA, ANDI_SLEMAN_2])
    assert (_andi(store), store.counts()) == before


def test_identity_merge_survives_reingest(store: SQLStore, pipe: Pipeline) -> None:
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SURABAYA])
    sleman, surabaya = _andi(store)
    store.curate("merge", surabaya, {"into": sleman}, "tester", "same person, checked by phone")
    assert _andi(store) == [sleman]
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SURABAYA, ANDI_SLEMAN_2])
    assert _andi(store) == [sleman]
    assert queries.entity_detail(store, sleman).article_count == 3
    entry = store.curation_log(surabaya)[0]
    assert (entry.action, entry.who, entry.why) == ("merge", "tester", "same person, checked by phone")


def test_identity_delete_rename_retype_alias_survive_reingest(store: SQLStore, pipe: Pipeline) -> None:
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SURABAYA])
    sleman, surabaya = _andi(store)
    store.curate("rename", sleman, {"name": "Andi Wijaya (Sleman)"}, "t", "two Andi Wijaya")
    store.curate("alias", sleman, {"alias": "Pak Andi"}, "t", "called so locally")
    store.curate("delete", surabaya, {}, "t", "test deletion")
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SURABAYA])
    row = queries.entity_detail(store, sleman)
    assert row.name == "Andi Wijaya (Sleman)" and "Pak Andi" in row.aliases
    with pytest.raises(NotFoundError):
        queries.entity_detail(store, surabaya)
    doc = store.article("art-2")
    assert all(m["entity"] != surabaya for m in doc["mentions"])
    assert all(q["speaker"] != surabaya for q in doc["quotes"])
    store.curate("retype", sleman, {"type": "organization"}, "t", "test retype")
    _ingest(store, pipe, [ANDI_SLEMAN])
    assert queries.entity_detail(store, sleman).type == "organization"


def test_identity_split_moves_mentions_and_survives(store: SQLStore, pipe: Pipeline) -> None:
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SLEMAN_2])
    (andi,) = _andi(store)
    doc = store.article("art-2")
    moved = [[doc["article"]["id"], m["start"], m["end"]] for m in doc["mentions"] if m["entity"] == andi]
    store.curate("split", andi, {"mentions": moved, "name": "Andi Wijaya (guru)"}, "t", "another Andi")
    new = next(
        e for e in queries.list_entities(store, type="person", limit=200).items if e.name == "Andi Wijaya (guru)"
    )
    assert queries.entity_detail(store, andi).article_count == 1 and new.article_count == 1
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SLEMAN_2])
    assert queries.entity_detail(store, new.id).article_count == 1


@pytest.mark.parametrize(
    ("action", "args", "why", "error"),
    [
        ("merge", {"into": "person-nobody"}, "x", NotFoundError),
        ("merge", {"into": "SELF"}, "x", InputError),
        ("rename", {"name": "X"}, "  ", InputError),
        ("split", {"mentions": [["art-1", 0, 3]]}, "x", InputError),
    ],
)
def test_identity_bad_decisions_are_refused_and_change_nothing(
    store: SQLStore, pipe: Pipeline, action: str, args: dict[str, object], why: str, error: type[Exception]
) -> None:
    _ingest(store, pipe, [ANDI_SLEMAN])
    (andi,) = _andi(store)
    before = (store.counts(), store.article("art-1"))
    if args.get("into") == "SELF":
        args = {"into": andi}
    with pytest.raises(error):
        store.curate(action, andi, args, "t", why)
    assert (store.counts(), store.article("art-1")) == before
    assert store.curation_log() == []


def test_identity_role_holder_inferred_from_articles_of_the_period(store: SQLStore, pipe: Pipeline) -> None:
    named = "MOJOKERTO, Kabar — Bupati Mojokerto Ikfina Fahmawati meresmikan pasar di Kecamatan Sooko."
    role_only = "MOJOKERTO, Kabar — Bupati Mojokerto meminta warga menjaga kebersihan pasar di Kecamatan Sooko."
    store.save(pipe.run(_raw(named, 1, "2022-03-01")))
    store.save(pipe.run(_raw(role_only, 2, "2022-05-01")))
    store.save(pipe.run(_raw(role_only.replace("pasar", "sungai"), 3, "2025-05-01")))
    role = next(e for e in queries.list_entities(store, type="person", limit=200).items if not e.named)
    holders = queries.role_holders(store, role.id)
    assert [(h.article_id, h.person_name, h.evidence) for h in holders] == [("art-2", "Ikfina Fahmawati", ("art-1",))]


def _role_sets(store: SQLStore) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The trigger-kept distinct roles per person, and the same computed from person_roles."""
    kept = store._conn.execute(
        "SELECT entity_id, title, of_name, of_entity, n FROM person_role_sets ORDER BY 1, 2, 3, 4"
    ).fetchall()
    derived = store._conn.execute(
        "SELECT entity_id, title, ifnull(of_name, ''), ifnull(of_entity, ''), COUNT(*) FROM person_roles "
        "GROUP BY entity_id, title, ifnull(of_name, ''), ifnull(of_entity, '') ORDER BY 1, 2, 3, 4"
    ).fetchall()
    return [tuple(r) for r in kept], [tuple(r) for r in derived]


def test_identity_role_sets_follow_saves_and_curation(store: SQLStore, pipe: Pipeline) -> None:
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SURABAYA, ANDI_SLEMAN_2])
    kept, derived = _role_sets(store)
    assert kept == derived and kept
    _ingest(store, pipe, [ANDI_SLEMAN, ANDI_SURABAYA])
    sleman, surabaya = _andi(store)
    store.curate("merge", surabaya, {"into": sleman}, "t", "same person")
    kept, derived = _role_sets(store)
    assert kept == derived
    store.curate("delete", sleman, {}, "t", "test deletion")
    kept, derived = _role_sets(store)
    assert kept == derived and all(row[0] != sleman for row in kept)


def test_identity_evidence_is_a_persons_newest_articles(store: SQLStore) -> None:
    """A stored person's provinces come from its newest dated articles and its undated ones: not from an old one
    whose id sorts first."""
    from datetime import date, timedelta

    from warta.store import resolve

    def article(number: int, code: str, published: str | None) -> Article:
        region = kbregions.get(code)
        assert region is not None
        place = Entity(make_id("region", code), region.name, "city", kb={"region_code": code})
        person = Entity("person-budi", "Budi Santoso", "person", roles=(SLEMAN,))  # one office: one person
        return Article(id=f"a-{number:03d}", text="Budi Santoso.", published=published, entities=(person, place))

    first = date(2024, 1, 1)
    newest = [
        article(n, "35.16", (first + timedelta(days=n)).isoformat()) for n in range(1, resolve.EVIDENCE_ARTICLES + 1)
    ]
    store.save_many([article(0, "32.73", "2020-05-01"), *newest, article(999, "34.04", None)])  # Bandung, Sleman
    with store.conn.transaction() as conn:
        provinces = resolve._contexts(conn, ["person-budi"])["person-budi"].provinces
    assert provinces == {"35", "34"}  # not Bandung's 32: the oldest, and the first by id
