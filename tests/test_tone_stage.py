"""The tone stage: tone toward an entity by its part in the sentence, combining tones, and the document."""

from __future__ import annotations

import pytest

from warta import pipeline
from warta.document import from_document, to_document
from warta.model import Raw, Tone
from warta.stages.tone import NOTHING, POLAR_SHARE, THRESHOLD, article_tone, combine
from warta.tone.toward import toward

NEUTRAL = Tone("netral", 0.0, 0.7)
GOOD = Tone("positif", 0.8, 0.9)
BAD = Tone("negatif", -0.7, 0.8)


def _toward(sentence: str, name: str, tone: Tone, kind: str = "person") -> str:
    start = sentence.index(name)
    return toward(sentence, start, start + len(name), tone, kind).label


@pytest.mark.parametrize(
    ("sentence", "name", "kind", "tone", "expected"),
    [
        # the police's success is the suspect's arrest
        (
            "Polres Lamongan berhasil menangkap tersangka Budi Hartono di rumahnya.",
            "Polres Lamongan",
            "organization",
            GOOD,
            "positif",
        ),
        (
            "Polres Lamongan berhasil menangkap tersangka Budi Hartono di rumahnya.",
            "Budi Hartono",
            "person",
            GOOD,
            "negatif",
        ),
        (
            "Budi Hartono ditangkap oleh Satreskrim Polres Lamongan pada Senin malam.",
            "Budi Hartono",
            "person",
            NEUTRAL,
            "negatif",
        ),
        (
            "Budi Hartono ditangkap oleh Satreskrim Polres Lamongan pada Senin malam.",
            "Satreskrim Polres Lamongan",
            "organization",
            NEUTRAL,
            "positif",
        ),
        (
            "Kejaksaan menetapkan Rudi Salim sebagai tersangka korupsi dana desa.",
            "Rudi Salim",
            "person",
            BAD,
            "negatif",
        ),
        # the one arrested or sentenced, named a few words after the verb
        (
            "Satreskrim Polres Bone menangkap Kepala Desa Watang, Mustari Baso, atas dugaan korupsi.",
            "Mustari Baso",
            "person",
            NEUTRAL,
            "negatif",
        ),
        (
            "Hakim menjatuhkan vonis empat tahun penjara kepada mantan kepala desa, Sutrisno, pada Kamis.",
            "Sutrisno",
            "person",
            NEUTRAL,
            "negatif",
        ),
        # the rescued are not blamed; a court that sentences and a trader said to hoard are no agents
        ("Tim SAR menyelamatkan La Ode Rusdin dari perahu yang karam.", "La Ode Rusdin", "person", GOOD, "positif"),
        (
            "Pengadilan Tipikor Semarang menjatuhkan vonis empat tahun penjara kepada Sutrisno.",
            "Pengadilan Tipikor Semarang",
            "organization",
            NEUTRAL,
            "netral",
        ),
        (
            "Gudang itu milik UD Sumber Rezeki yang diduga menahan stok.",
            "UD Sumber Rezeki",
            "organization",
            BAD,
            "negatif",
        ),
        # speakers and victims are not judged by what they say or suffer
        (
            "Harga cabai naik dua kali lipat, kata Siti Maemunah, pedagang pasar.",
            "Siti Maemunah",
            "person",
            BAD,
            "netral",
        ),
        ("Andi Wijaya mengatakan jalan itu rusak parah sejak Januari.", "Andi Wijaya", "person", BAD, "netral"),
        ("Andi Wijaya mengatakan jalan itu kini mulus dan lebar.", "Andi Wijaya", "person", GOOD, "positif"),
        ("Banjir menghanyutkan korban Slamet Riyadi di Desa Sumberejo.", "Slamet Riyadi", "person", BAD, "netral"),
        # otherwise the sentence's tone
        ("Bupati Hartono meresmikan pasar baru yang lebih bersih.", "Hartono", "person", GOOD, "positif"),
        ("Pembangunan jembatan oleh Dinas PU molor setahun dari jadwal.", "Dinas PU", "organization", BAD, "negatif"),
        ("Rapat paripurna DPRD Kudus dimulai pukul sembilan.", "DPRD Kudus", "organization", NEUTRAL, "netral"),
    ],
)
def test_tone_toward_an_entity_follows_its_part_in_the_sentence(
    sentence: str, name: str, kind: str, tone: Tone, expected: str
) -> None:
    assert _toward(sentence, name, tone, kind) == expected


def test_tone_combine_weighs_by_confidence_and_labels_by_threshold() -> None:
    assert combine([]) is NOTHING
    assert combine([Tone("netral", 0.0, 0.0)]) is NOTHING
    assert combine([GOOD, GOOD]).label == "positif"
    mixed = combine([GOOD, BAD])
    assert abs(mixed.score) <= THRESHOLD and mixed.label == "netral"
    assert combine([GOOD, BAD], [1.0, 3.0]).label == "negatif"
    assert -1.0 <= combine([BAD, BAD, GOOD]).score <= 1.0


def test_article_tone_is_netral_when_few_sentences_are_polar() -> None:
    assert article_tone(None, []) is NOTHING
    calm = [NEUTRAL] * 9
    assert article_tone(NEUTRAL, [GOOD, *calm]).label == "netral"  # one good sentence in ten is news as usual
    assert article_tone(NEUTRAL, [*calm, BAD, BAD, BAD]).label == "negatif"
    assert article_tone(GOOD, [NEUTRAL, GOOD, NEUTRAL]).label == "positif"


def test_article_tone_weighs_the_headline_and_the_sign_of_the_mean_decides() -> None:
    mixed = [GOOD, BAD, BAD, NEUTRAL]
    assert article_tone(None, mixed).label == "negatif"
    assert article_tone(GOOD, mixed).label == "positif"  # the headline frames the news
    assert POLAR_SHARE > 0 and -1.0 <= article_tone(BAD, mixed).score <= 1.0


PAGE = """<html><head><title>Polres Lamongan Ungkap Kasus Narkoba</title>
<meta property="article:published_time" content="2025-03-04T09:00:00+07:00"></head><body><article>
<h1>Polres Lamongan Ungkap Kasus Narkoba, Dua Tersangka Ditangkap</h1>
<p>LAMONGAN - Satresnarkoba Polres Lamongan berhasil mengungkap peredaran sabu di Kecamatan Babat dan
menangkap dua tersangka pada Senin malam. Tersangka Joko Susilo ditangkap di sebuah rumah kos bersama
barang bukti 20 gram sabu.</p>
<p>Kapolres Lamongan AKBP Bambang Wicaksono mengapresiasi kerja cepat anggotanya. "Kami tidak akan memberi
ruang bagi pengedar narkoba di Lamongan," kata Bambang.</p>
<p>Warga Babat menyambut baik penangkapan itu karena selama ini resah dengan peredaran narkoba di kampung
mereka.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def document() -> dict[str, object]:
    article = pipeline.build().run(Raw(content=PAGE.encode(), format="html", origin="tone-test.html"))
    return to_document(article)


def test_tone_stage_marks_the_article_its_quotes_and_its_entities(document: dict[str, object]) -> None:
    article = document["article"]
    assert isinstance(article, dict) and article["tone"]["label"] in {"positif", "negatif", "netral"}
    quotes = document["quotes"]
    assert isinstance(quotes, list) and quotes and all("tone" in q for q in quotes)
    entities = document["entities"]
    assert isinstance(entities, list)
    for entity in entities:
        assert ("tone" in entity) != bool(entity["inferred"]) or "tone" not in entity
        if "tone" in entity:
            tone = entity["tone"]
            assert tone["evidence"] >= 1 and -1.0 <= tone["score"] <= 1.0 and 0.0 <= tone["confidence"] <= 1.0
    by_name = {e["name"]: e for e in entities}
    assert by_name["Joko Susilo"]["tone"]["label"] == "negatif"


def test_tone_survives_the_document_round_trip(document: dict[str, object]) -> None:
    again = to_document(from_document(document))  # type: ignore[arg-type]
    assert again == document


def test_a_score_that_rounds_to_zero_is_written_as_zero() -> None:
    document = to_document(
        from_document(
            {"article": {"id": "a", "text": "x", "tone": {"label": "netral", "score": -0.001, "confidence": 0.5}}}
        )
    )
    assert str(document["article"]["tone"]["score"]) == "0.0"


QUOTED = (
    "Bupati Sleman meresmikan pasar baru itu dan warga menyambutnya dengan gembira sejak pagi hari. "
    '"Kami sangat kecewa," katanya.'
)


@pytest.mark.parametrize("title", [None, "Pasar Baru Sleman Diresmikan"])
def test_a_quote_takes_its_sentences_tone_or_the_models_on_its_own_words(title: str | None) -> None:
    from warta.model import Article, Quote, Span
    from warta.settings import Settings
    from warta.stages.tone import ToneStage

    stage = ToneStage(Settings())
    first_end = QUOTED.index('"') - 1  # the first sentence ends before the space
    second = QUOTED.index('"')
    sentences = (Span(0, first_end), Span(second, len(QUOTED)))
    short = QUOTED.index("warga")  # a few words of the long first sentence: read on their own
    quotes = (
        Quote("q1", short, short + len("warga menyambutnya dengan gembira"), "", "indirect", None, None),
        Quote("q2", second, QUOTED.index(",", second) + 1, "", "direct", "kata", None),  # most of its sentence
    )
    article = Article(id="a", text=QUOTED, title=title, sentences=sentences, quotes=quotes)
    done = stage(article)
    model = stage.model
    assert done.quotes[0].tone == model.predict_one("warga menyambutnya dengan gembira")
    assert done.quotes[1].tone == model.predict_one(QUOTED[second:]) != done.quotes[0].tone
    assert done.tone == article_tone(
        model.predict_one(title) if title else None, model.predict([QUOTED[:first_end], QUOTED[second:]])
    )
