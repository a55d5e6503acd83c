"""Identity across articles in the store, through the real pipeline: same-name persons kept apart or joined,
roles filled from the article's region, curation (merge, delete, rename, retype, alias, split) surviving
re-ingest, role holders inferred, the role sets kept in step, and the articles a person's provinces come from."""

from __future__ import annotations

import pytest

from tests.test_identity import KEDIRI, LAMONGAN, SLEMAN
from warta.document import to_document
from warta.errors import InputError, NotFoundError
from warta.ids import make_id
from warta.kb import regions as kbregions
from warta.model import Article, Entity, Raw
from warta.pipeline import Pipeline
from warta.store import queries
from warta.store.sqlstore import SQLStore

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
