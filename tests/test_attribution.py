"""`warta eval quotes`: the PFSA-ID reader, the rendering back to text, the projection onto tokens, and the
gate on the real dev file where ../shared is present (skipped elsewhere)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from warta.errors import InputError
from warta.evaluation import pfsa
from warta.evaluation.attribution import AttributionReport, evaluate
from warta.evaluation.speakers import names_match
from warta.pipeline import Pipeline

SAMPLE = ROOT / "tests" / "data" / "quotes" / "sample.tsv"
PFSA_DEV = ROOT.parent / "shared" / "data" / "quotes" / "pfsa-id" / "dev-40.txt"
# label: minimum F1 (percent) on the PFSA-ID dev file, a little under the measured figures (docs/quotes.md)
PFSA_FLOORS = {
    "STATEMENT": 93.0,
    "CUE": 94.0,
    "CUECOREF": 92.0,
    "PERSONCOREF": 88.0,
    "PERSON": 65.0,
    "ROLE": 43.0,
    "AFFILIATION": 40.0,
}
PFSA_SPEAKER_FLOOR = 90.5  # lenient: a shared name word (measured 91.4)
PFSA_STRICT_SPEAKER_FLOOR = 74.5  # strict: the speaker's full name (measured 75.7)


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PERSON", "L-PERSON", "O"], {(0, 2, "PERSON")}),
        (["U-CUE", "U-PERSONCOREF"], {(0, 1, "CUE"), (1, 2, "PERSONCOREF")}),
        (["B-STATEMENT", "I-STATEMENT", "I-STATEMENT", "L-STATEMENT"], {(0, 4, "STATEMENT")}),
        (["I-ROLE", "L-ROLE", "B-ROLE", "L-ROLE"], {(0, 2, "ROLE"), (2, 4, "ROLE")}),
        (["B-ROLE", "I-AFFILIATION", "L-AFFILIATION"], {(0, 1, "ROLE"), (1, 3, "AFFILIATION")}),
    ],
)
def test_attribution_bilou_chunks(tags: list[str], expected: set[tuple[int, int, str]]) -> None:
    assert pfsa.chunks(tags) == expected


def test_attribution_articles_start_at_their_lead() -> None:
    articles = pfsa.read(SAMPLE)
    assert [a.tokens[0] for a in articles] == ["SURABAYA", "MALANG"]
    assert sum(len(a.tokens) for a in articles) == sum(1 for line in SAMPLE.read_text().splitlines() if line)


def test_attribution_render_attaches_punctuation_and_quote_marks() -> None:
    rendered = pfsa.render(pfsa.read(SAMPLE)[0])
    assert "Rudi Hartono mengatakan, armada baru tiba pekan depan.\n\n”Kami menambah" in rendered.text
    assert "untuk pelajar,” kata Rudi." in rendered.text
    for token, (start, end) in zip(pfsa.read(SAMPLE)[0].tokens, rendered.offsets, strict=True):
        assert rendered.text[start:end] == token


@pytest.mark.parametrize("line", ["no tab here", "kata\tX-CUE", "\tO"])
def test_attribution_bad_lines_are_refused(tmp_path: Path, line: str) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(f"Kata\tO\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv:2"):
        pfsa.read(bad)


@pytest.mark.parametrize(
    ("gold", "predicted", "match"),
    [
        ({"rudi hartono"}, {"rudi hartono"}, True),
        ({"rudi", "rudi hartono"}, {"rudi hartono", "kepala dinas"}, True),
        ({"komisaris besar yusri yunus"}, {"yusri yunus"}, True),
        ({"rudi hartono"}, {"sri wahyuni"}, False),
        ({"rudi hartono"}, set(), False),
    ],
)
def test_attribution_speaker_names(gold: set[str], predicted: set[str], match: bool) -> None:
    assert names_match(gold, predicted) is match


def test_attribution_sample_is_read_exactly(pipe: Pipeline) -> None:
    report = evaluate(pipe, SAMPLE, keep_rows=True)
    assert report.statements == 3 and report.attributed == 3
    assert {label: (t.tp, t.fp, t.fn) for label, t in report.by_label.items()} == {
        "STATEMENT": (3, 0, 0),
        "CUE": (2, 0, 0),
        "CUECOREF": (1, 0, 0),
        "PERSON": (2, 0, 0),
        "PERSONCOREF": (1, 0, 0),
        "ROLE": (2, 0, 0),
        "AFFILIATION": (2, 0, 0),
    }
    assert len([r for r in report.rows if r]) == sum(len(a.tokens) for a in pfsa.read(SAMPLE))


@pytest.fixture(scope="module")
def dev_report(pipe: Pipeline) -> AttributionReport:
    if not PFSA_DEV.exists():
        pytest.skip("../shared/data/quotes/pfsa-id is not available")
    return evaluate(pipe, PFSA_DEV)


@pytest.mark.parametrize(("label", "floor"), sorted(PFSA_FLOORS.items()))
def test_attribution_pfsa_dev_stays_above_floor(dev_report: AttributionReport, label: str, floor: float) -> None:
    assert 100 * dev_report.by_label[label].f1 >= floor


def test_attribution_pfsa_dev_speakers_stay_above_floor(dev_report: AttributionReport) -> None:
    assert dev_report.statements == 1653
    assert 100 * dev_report.accuracy >= PFSA_SPEAKER_FLOOR
    assert 100 * dev_report.strict_accuracy >= PFSA_STRICT_SPEAKER_FLOOR
