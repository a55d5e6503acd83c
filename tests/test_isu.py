"""Isu clustering (docs/isu.md): the same articles in any order give the same isus; syndicated copies join their
original; two floods in one regency a week apart and two stories of one Bupati stay apart; labels are the
articles' own words; B-cubed on hand-made clusterings. The articles below are team-written and fictional."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.cli import main
from warta.errors import InputError
from warta.evaluation.isu import in_part
from warta.isu import Clusterer, Features, Rule, features, label, linked
from warta.model import Raw
from warta.pipeline import Pipeline
from warta.scores import bcubed


class Story(NamedTuple):
    """One test article and its gold story."""

    id: str
    story: str
    outlet: str
    published: str
    title: str
    text: str


TANGGUL = (
    "LAMONGAN — Tanggul Sungai Bengawan Solo di Kecamatan Laren, Kabupaten Lamongan, jebol pada Senin malam "
    "setelah hujan deras mengguyur kawasan hulu. Banjir merendam ratusan rumah di lima desa dan memutus jalan "
    "penghubung antarkecamatan. Badan Penanggulangan Bencana Daerah Kabupaten Lamongan mengevakuasi warga ke "
    "balai desa dan masjid terdekat. Kepala Dinas Pekerjaan Umum Lamongan, Hendra Saputro, mengatakan tanggul "
    'yang jebol sepanjang dua puluh meter itu akan ditutup dengan karung pasir. "Kami kerahkan alat berat '
    'sejak pagi agar air tidak terus masuk ke permukiman," kata Hendra. Ketinggian banjir mencapai satu meter '
    "di beberapa titik dan ribuan hektare sawah terendam."
)

ARTICLES: tuple[Story, ...] = (
    Story(
        "a1",
        "banjir-laren",
        "kabarsatu.test",
        "2026-02-10",
        "Tanggul Bengawan Solo Jebol, Banjir Rendam Laren",
        TANGGUL,
    ),
    Story(
        "a2",
        "banjir-laren",
        "warta-timur.test",
        "2026-02-10",
        "Tanggul Bengawan Solo Jebol di Lamongan, Lima Desa Terendam Banjir",
        "Warta Timur — " + TANGGUL.replace("pada Senin malam", "Senin (9/2) malam"),
    ),
    Story(
        "a3",
        "banjir-laren",
        "kabarsatu.test",
        "2026-02-12",
        "Perbaikan Tanggul Jebol di Laren Dikebut, Pengungsi Banjir Mulai Pulang",
        "LAMONGAN — Dinas Pekerjaan Umum Kabupaten Lamongan mempercepat perbaikan tanggul Bengawan Solo yang jebol "
        "di Kecamatan Laren. Ribuan karung pasir dan bronjong dipasang untuk menutup tanggul yang jebol sepanjang "
        "dua puluh meter. Banjir di lima desa mulai surut dan sebagian pengungsi kembali ke rumah. Hendra Saputro "
        "dari Dinas Pekerjaan Umum memastikan tanggul darurat selesai dalam tiga hari. Badan Penanggulangan "
        "Bencana Daerah Lamongan masih menyiagakan perahu karet karena air sungai bisa naik lagi jika hujan deras "
        "turun di hulu.",
    ),
    Story(
        "b1",
        "banjir-babat",
        "kabarsatu.test",
        "2026-02-17",
        "Hujan Deras, Drainase Meluap dan Banjir Genangi Pasar Babat",
        "LAMONGAN — Hujan deras selama tiga jam membuat saluran drainase di Kecamatan Babat, Kabupaten Lamongan, "
        "meluap. Banjir setinggi lutut menggenangi kompleks pasar dan jalan utama di depan terminal. Pedagang "
        "mengeluhkan saluran yang tersumbat sampah sehingga air tidak mengalir. Badan Penanggulangan Bencana "
        "Daerah Lamongan menyebut genangan surut setelah empat jam. Petugas kebersihan membersihkan sampah yang "
        "menyumbat gorong-gorong di sekitar pasar.",
    ),
    Story(
        "c1",
        "pasar-sukodadi",
        "warta-timur.test",
        "2026-02-11",
        "Bupati Lamongan Resmikan Pasar Rakyat Sukodadi",
        "LAMONGAN — Bupati Lamongan Ratna Wulandari meresmikan gedung baru Pasar Rakyat Sukodadi. Gedung dua "
        "lantai itu menampung tiga ratus lapak bagi pedagang sayur, ikan dan kebutuhan pokok. Ratna meminta "
        "pedagang menjaga kebersihan dan mendorong pembayaran nontunai. Pembangunan pasar dibiayai anggaran "
        "daerah dan selesai tepat waktu. Pedagang menyambut gembira karena lapak lama sering bocor saat hujan.",
    ),
    Story(
        "d1",
        "beasiswa-lamongan",
        "kabarsatu.test",
        "2026-02-11",
        "Ratna Wulandari Serahkan Beasiswa untuk Mahasiswa Berprestasi",
        "LAMONGAN — Bupati Lamongan Ratna Wulandari menyerahkan beasiswa kepada dua ratus mahasiswa berprestasi "
        "dari keluarga kurang mampu. Beasiswa itu menanggung biaya kuliah selama satu tahun akademik. Ratna "
        "berpesan agar penerima beasiswa menyelesaikan studi tepat waktu dan kembali membangun kampung halaman. "
        "Program beasiswa ini dibiayai anggaran daerah dan diikuti seleksi nilai akademik serta wawancara.",
    ),
    Story(
        "e1",
        "kebakaran-surabaya",
        "warta-timur.test",
        "2026-02-11",
        "Kebakaran Hanguskan Puluhan Kios di Pasar Keputran Surabaya",
        "SURABAYA — Kebakaran menghanguskan puluhan kios di Pasar Keputran, Kota Surabaya, Rabu dini hari. Api "
        "diduga berasal dari korsleting listrik di salah satu kios pakaian. Dinas Pemadam Kebakaran Kota Surabaya "
        "mengerahkan dua belas mobil pemadam dan api padam setelah tiga jam. Tidak ada korban jiwa, tetapi "
        "pedagang merugi ratusan juta rupiah karena barang dagangan ludes terbakar.",
    ),
    Story(
        "e2",
        "kebakaran-surabaya",
        "kabarsatu.test",
        "2026-02-12",
        "Korsleting Diduga Picu Kebakaran Pasar Keputran, Pedagang Kios Merugi",
        "SURABAYA — Polisi menyelidiki penyebab kebakaran yang menghanguskan puluhan kios di Pasar Keputran, Kota "
        "Surabaya. Dugaan awal, api berasal dari korsleting listrik di kios pakaian. Dinas Pemadam Kebakaran "
        "Surabaya menyebut api sulit dipadamkan karena kios berdempetan. Pedagang yang kiosnya terbakar meminta "
        "pemerintah kota menyediakan tempat berjualan sementara.",
    ),
)


GOLD = {a.id: a.story for a in ARTICLES}


def _raw(story: Story) -> Raw:
    url = f"https://{story.outlet}/{story.id}"
    return Raw(
        content=story.text,
        format="text",
        origin=story.id,
        id=story.id,
        url=url,
        title=story.title,
        published=story.published,
    )


@pytest.fixture(scope="module")
def items(pipe: Pipeline) -> dict[str, Features]:
    """The features of every test article, by article id."""
    return {a.id: features(pipe.run(_raw(a))) for a in ARTICLES}


def _cluster(order: list[Features], rule: Rule | None = None) -> dict[str, str]:
    clusterer = Clusterer(rule) if rule else Clusterer()
    for item in order:
        clusterer.add(item)
    return {item.article: clusterer.isu_of(item.article) for item in order}


def _partition(assigned: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article, isu in assigned.items():
        groups.setdefault(isu, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def test_the_test_stories_come_out_as_written(items: dict[str, Features]) -> None:
    assigned = _cluster(list(items.values()))
    gold: dict[str, set[str]] = {}
    for article, story in GOLD.items():
        gold.setdefault(story, set()).add(article)
    assert _partition(assigned) == {frozenset(g) for g in gold.values()}


@pytest.mark.parametrize("seed", range(8))
def test_the_same_articles_in_any_order_give_the_same_isus(items: dict[str, Features], seed: int) -> None:
    order = list(items.values())
    random.Random(seed).shuffle(order)
    assert _cluster(order) == _cluster(list(items.values()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(range(len(ARTICLES))), st.floats(0.1, 0.6), st.integers(0, 10))
def test_order_independence_holds_for_any_thresholds(
    items: dict[str, Features], order: list[int], threshold: float, window: int
) -> None:
    """Whatever the rule's figures, the isus are a function of the set of articles, not of their order."""
    rule = Rule(
        window_days=window,
        strong=threshold + 0.2,
        with_place=threshold,
        with_actors=threshold,
        far_days=window * 3,
        far_place=threshold + 0.05,
    )
    every = list(items.values())
    assert _cluster([every[i] for i in order], rule) == _cluster(every, rule)


def test_isu_id_is_a_hash_of_the_first_article_and_members_come_first_first(items: dict[str, Features]) -> None:
    clusterer = Clusterer(features=[items["a3"], items["a2"]])
    before = clusterer.isu_of("a3")
    assert [m.article for m in clusterer.members(before)] == ["a2", "a3"]
    after = clusterer.add(items["a1"])  # same day as a2, smaller id: the isu is now named after a1
    assert after != before and after == clusterer.isu_of("a2") == Clusterer(features=[items["a1"]]).isu_of("a1")
    assert [m.article for m in clusterer.members(after)] == ["a1", "a2", "a3"]
    with pytest.raises(InputError):
        clusterer.members(before)
    assert clusterer.add(items["a1"]) == after and len(clusterer) == 3  # adding again changes nothing


def test_a_syndicated_copy_joins_its_original(items: dict[str, Features]) -> None:
    assert linked(items["a1"], items["a2"])
    assert _cluster([items["a2"], items["e1"], items["a1"]])["a1"] == _cluster([items["a1"], items["a2"]])["a2"]


def test_a_near_duplicate_key_links_whatever_the_words_and_days(items: dict[str, Features]) -> None:
    far = Features(article="z1", published="2026-06-01", stems=(("lain", 1.0),), neardup="group-1")
    copy = Features(article="z2", published="2026-02-10", stems=(("beda", 1.0),), neardup="group-1")
    clusterer = Clusterer(features=[far, items["a1"], copy])
    assert clusterer.isu_of("z1") == clusterer.isu_of("z2") != clusterer.isu_of("a1")


def test_two_floods_in_one_regency_a_week_apart_stay_apart(items: dict[str, Features]) -> None:
    first, second = items["a1"], items["b1"]
    assert first.places & second.places  # both in Kabupaten Lamongan, both floods
    assert not linked(first, second)
    assigned = _cluster([first, second, items["a3"]])
    assert assigned["a1"] == assigned["a3"] != assigned["b1"]


def test_two_stories_sharing_only_a_bupati_stay_apart(items: dict[str, Features]) -> None:
    market, grant = items["c1"], items["d1"]
    assert market.actors & grant.actors and market.places & grant.places  # Ratna Wulandari, Kabupaten Lamongan
    assert not linked(market, grant)
    assert len(set(_cluster([market, grant]).values())) == 2


def test_an_undated_article_is_compared_with_every_day(items: dict[str, Features]) -> None:
    undated = Features.from_dict({**items["e2"].to_dict(), "article": "e9", "published": ""})
    assert undated.day is None
    assigned = _cluster([items["e1"], undated])
    assert assigned["e1"] == assigned["e9"]


def test_the_label_is_made_of_the_articles_words(items: dict[str, Features]) -> None:
    clusterer = Clusterer(features=items.values())
    flood = clusterer.members(clusterer.isu_of("a1"))
    text = " ".join(f"{a.title} {a.text}" for a in ARTICLES if a.story == "banjir-laren").lower()
    name = label(flood)
    assert name.count(" · ") == 2
    assert all(word in text for word in name.lower().replace(" · ", " ").split())
    assert "Laren" in name or "Lamongan" in name
    assert "tanggul" in name.lower() or "bengawan" in name.lower()
    assert label(list(reversed(flood))) == name and label([]) == ""


def test_features_round_trip_as_plain_data(items: dict[str, Features]) -> None:
    for item in items.values():
        assert Features.from_dict(json.loads(json.dumps(item.to_dict()))) == item
    with pytest.raises(InputError):
        Features.from_dict({"stems": [["a"]]})


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        (["a", "a", "b", "b"], ["x", "x", "y", "y"], (1.0, 1.0, 1.0)),
        (["a", "a", "b", "b"], ["x", "x", "x", "x"], (0.5, 1.0, 2 / 3)),
        (["a", "a", "b", "b"], ["x", "y", "z", "w"], (1.0, 0.5, 2 / 3)),
        # one story of 3 split 2 + 1, a singleton story merged into the pair
        (
            ["a", "a", "a", "b"],
            ["x", "x", "y", "x"],
            ((2 / 3 + 2 / 3 + 1 + 1 / 3) / 4, (2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, None),
        ),
    ],
)
def test_bcubed_on_hand_made_clusterings(
    gold: list[str], predicted: list[str], expected: tuple[float, float, float | None]
) -> None:
    precision, recall, f1 = bcubed(gold, predicted)
    assert precision == pytest.approx(expected[0]) and recall == pytest.approx(expected[1])
    assert f1 == pytest.approx(
        expected[2] if expected[2] is not None else 2 * precision * recall / (precision + recall)
    )


def test_bcubed_scores_a_part_against_whole_clusters() -> None:
    # b's article shares a's cluster: a's articles lose precision even when only a is scored
    assert bcubed(["a", "a", "b"], ["x", "x", "x"], [True, True, False]) == pytest.approx((2 / 3, 1.0, 0.8))
    with pytest.raises(ValueError):
        bcubed(["a"], ["x", "y"])


def test_parts_follow_the_story_number() -> None:
    assert in_part("s03", "held-out") and not in_part("s03", "dev") and in_part("s04", "dev") and in_part("s9", "all")
    with pytest.raises(InputError):
        in_part("story", "dev")


def test_eval_isu_command_scores_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stories = {story: f"s{n:02d}" for n, story in enumerate(dict.fromkeys(a.story for a in ARTICLES), start=1)}
    lines = [
        json.dumps(
            {
                "id": a.id,
                "story": stories[a.story],
                "outlet": a.outlet,
                "url": f"https://{a.outlet}/{a.id}",
                "published": a.published,
                "title": a.title,
                "text": a.text,
            }
        )
        for a in ARTICLES
    ]
    data = tmp_path / "articles.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["eval", "isu", "--data", str(data), "--part", "all", "--failures"]) == 0
    out = capsys.readouterr().out
    assert "8 articles (all), 5 gold stories, 5 isus" in out
    assert out.splitlines()[2].split() == ["B-cubed", "100.00", "100.00", "100.00"]
    assert main(["eval", "isu", "--data", str(tmp_path / "missing.jsonl")]) != 0
    assert "no such file" in capsys.readouterr().err


def _member(article: str, stems: dict[str, float], phrases: dict[str, int], names: dict[str, str]) -> Features:
    entities = tuple((f"{kind}-{name}", kind, name) for name, kind in names.items())
    return Features(
        article, "2026-02-10", stems=tuple(stems.items()), phrases=tuple(phrases.items()), entities=entities
    )


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (  # keyword ties on articles, then weight; organizations tie on articles, then the shorter name wins
            [
                _member(
                    "m1",
                    {"banjir": 0.5, "jalan": 0.7},
                    {"banjir besar": 1, "jalan rusak": 2},
                    {"Kabupaten Lamongan": "place", "Dinas PU": "organization"},
                ),
                _member(
                    "m2",
                    {"banjir": 0.5, "jalan": 0.2},
                    {"banjir besar": 1, "jalan rusak": 1},
                    {"Kabupaten Lamongan": "place", "BPBD": "organization"},
                ),
            ],
            "Banjir besar Lamongan · BPBD · jalan rusak",
        ),
        (  # a phrase of the keyword held by one article of two is not the head; phrases tie on use, then name
            [
                _member(
                    "m1",
                    {"tanggul": 0.9, "sungai": 0.1},
                    {"tanggul jebol": 1, "air naik": 1, "air surut": 1},
                    {"Bengawan Solo": "region", "Budi": "person"},
                ),
                _member("m2", {"tanggul": 0.9, "sungai": 0.3}, {"air naik": 1, "air surut": 1}, {"Budi": "person"}),
            ],
            "Tanggul Bengawan Solo · Budi · air naik",
        ),
        (  # one article: its own phrases count, and a place's words are never a phrase's
            [_member("m1", {"pasar": 1.0}, {"pasar lamongan": 3, "pasar baru": 1}, {"Lamongan": "place"})],
            "Pasar baru Lamongan",
        ),
    ],
)
def test_label_ties_break_by_articles_weight_and_name(members: list[Features], expected: str) -> None:
    assert label(members) == label(list(reversed(members))) == expected
