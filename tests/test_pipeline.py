"""Pipeline construction, determinism, and invariants over arbitrary text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DEMO
from warta import pipeline
from warta.document import from_document, to_document
from warta.errors import PipelineError
from warta.model import Article, Raw
from warta.settings import Settings


def test_pipeline_refuses_stages_whose_requirements_come_later() -> None:
    with pytest.raises(PipelineError, match="requires"):
        pipeline.build(Settings(), ["clean", "quotes", "sentences", "entities"])


def test_pipeline_refuses_unknown_stages() -> None:
    with pytest.raises(PipelineError, match="unknown stage"):
        pipeline.build(Settings(), ["clean", "magic"])


def test_pipeline_available_lists_builtin_stages() -> None:
    assert {"clean", "sentences", "entities", "roles", "quotes", "linking", "graph"} <= set(pipeline.available())


def test_register_declares_name_requires_and_provides_once() -> None:
    from warta.stages.quotes import Quotes

    assert (Quotes.name, Quotes.requires, Quotes.provides) == (
        "quotes",
        frozenset({"sentences", "mentions", "coref"}),
        frozenset({"quotes"}),
    )
    built = pipeline.build(Settings())
    assert [stage.name for stage in built.stages] == list(Settings().stages)


@pytest.fixture
def scratch_stage() -> Iterator[str]:
    """A name for a stage registered by the test, unregistered afterwards."""
    yield "test-shout"
    pipeline._REGISTRY.pop("test-shout", None)


def test_register_makes_a_new_stage_buildable_and_checked(scratch_stage: str) -> None:
    @pipeline.register(scratch_stage, requires=("sentences",), provides=("shouted",))
    class Shout(pipeline.BaseStage):
        def __call__(self, article: Article) -> Article:
            return replace(article, title=article.text.upper())

    assert scratch_stage in pipeline.available()
    assert (Shout.name, Shout.requires, Shout.provides) == (scratch_stage, {"sentences"}, {"shouted"})
    article = pipeline.build(Settings(), ["clean", "sentences", scratch_stage]).run(
        Raw(content=b"Warga berkumpul di balai desa.", format="text", origin="x")
    )
    assert article.title == "WARGA BERKUMPUL DI BALAI DESA." and "shouted" in article.provided
    with pytest.raises(PipelineError, match="requires"):
        pipeline.build(Settings(), ["clean", scratch_stage])


def test_register_refuses_a_second_stage_under_a_taken_name() -> None:
    with pytest.raises(PipelineError, match="registered twice"):

        @pipeline.register("quotes", requires=(), provides=())
        class Other(pipeline.BaseStage):
            def __call__(self, article: Article) -> Article:
                return article


def test_pipeline_is_deterministic(pipe: pipeline.Pipeline) -> None:
    page = DEMO / "articles" / "kabarjatim-03-musrenbang-kabupaten-malang.html"
    raw = Raw(content=page.read_bytes(), format="html", origin=str(page))
    assert to_document(pipe.run(raw)) == to_document(pipe.run(raw))


def test_pipeline_document_round_trips(pipe: pipeline.Pipeline) -> None:
    page = DEMO / "articles" / "suaranusantara-08-dbd-sleman.html"
    doc = to_document(pipe.run(Raw(content=page.read_bytes(), format="html", origin=str(page))))
    assert to_document(from_document(doc)) == doc


_WORDS = st.sampled_from(
    [
        "Bupati",
        "Mojokerto",
        "Kabupaten",
        "Kota",
        "Malang",
        "“",
        "”",
        '"',
        ",",
        ".",
        "kata",
        "ujarnya",
        "Menurut",
        "Andi",
        "Wijaya",
        "mengatakan",
        "bahwa",
        "PT",
        "Tbk",
        "Dinas",
        "Kesehatan",
        "BPS",
        "Kemenkominfo",
        "\n\n",
        "Sekretaris",
        "Daerah",
        "yakni",
        "dan",
        "lanjut",
        "(Pemkab)",
        "Pemerintah",
        "warga",
        "Festival",
        "2024",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORDS, min_size=1, max_size=60))
def test_pipeline_spans_always_lie_inside_the_text(pipe: pipeline.Pipeline, words: list[str]) -> None:
    article = pipe.annotate(Article(id="h", text=" ".join(words)))
    text = article.text
    ids = {e.id for e in article.entities}
    for m in article.mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
        assert m.entity in ids
    for q in article.quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert all(q.start <= p.start < p.end <= q.end for p in q.parts)
        assert q.speaker is None or q.speaker in ids


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=400))
def test_pipeline_never_crashes_on_arbitrary_text(pipe: pipeline.Pipeline, text: str) -> None:
    article = pipe.annotate(replace(Article(id="h", text=text)))
    assert isinstance(article.text, str)


@pytest.mark.parametrize(
    "text",
    [
        " ".join(["Andi Budi Citra Dewi Eko"] * 3000),
        ", ".join(["Kepala Dinas Koperasi"] * 1500),
        "Bupati Mojokerto " * 1500,
        " ".join(["Badan Usaha (BU)"] * 1500),
        "yakni " + ", ".join(["Andi Wijaya"] * 1500),
        "“" * 5000,
        "Dinas " + " ".join(["Koperasi,"] * 2000) + " dan Perdagangan",
    ],
    ids=["capitalized-run", "titles-and-commas", "role-persons", "acronyms", "long-list", "quote-marks", "dinas"],
)
def test_pipeline_handles_pathological_text(pipe: pipeline.Pipeline, text: str) -> None:
    """Long runs that once made recognizers quadratic; `make bench` times them, this keeps them working."""
    article = pipe.annotate(Article(id="p", text=text))
    assert all(article.text[m.start : m.end] == m.text for m in article.mentions)
