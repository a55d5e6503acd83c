"""Evaluation gates for isu and tone on the team's own sets in the repo (eval/isu, eval/tone): floors pinned a
little under the first measurement (docs/isu.md, docs/tone.md); a change that drops a score below its floor
fails the suite. The figures are low for tone: the floors guard against regressions, they do not claim quality."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.evaluation import isu, tone_news
from warta.pipeline import Pipeline
from warta.tone.data import read, select
from warta.tone.evaluation import score
from warta.tone.model import ToneModel

ROOT = Path(__file__).resolve().parent.parent
ISU_SET = ROOT / "eval" / "isu" / "articles.jsonl"
TONE_SET = ROOT / "eval" / "tone" / "news.jsonl"

# part: minimum B-cubed F1 (percent); measured 94.5 dev, 100.0 held-out, 95.8 all
ISU_FLOORS = {"dev": 93.0, "held-out": 95.0, "all": 94.0}
# level: minimum macro F1 (percent) on the held-out part (39 articles); measured 77.6 article, 64.7 target, 62.6
# sentence-target (docs/tone.md, 2026-12-07; the first measurement was 49.4, 58.6, 57.6)
TONE_PIPELINE_FLOORS = {"article": 74.0, "target": 61.0, "sentence-target": 59.0}
TONE_MODEL_FLOOR = 62.0  # the model on the held-out sentences and titles (306 rows); measured 65.3


@pytest.mark.parametrize(("part", "floor"), sorted(ISU_FLOORS.items()))
def test_isu_bcubed_stays_above_its_floor(pipe: Pipeline, part: str, floor: float) -> None:
    report = isu.evaluate(pipe, ISU_SET, part)
    assert 100 * report.f1 >= floor, f"isu B-cubed F1 on {part}: {100 * report.f1:.2f} < {floor}"


@pytest.mark.parametrize(("level", "floor"), sorted(TONE_PIPELINE_FLOORS.items()))
def test_pipeline_tone_stays_above_its_floor(pipe: Pipeline, level: str, floor: float) -> None:
    report = tone_news.evaluate(pipe, TONE_SET, "held-out", level)
    assert report.rows > 20
    assert 100 * report.macro_f1 >= floor, f"tone ({level}) macro F1: {100 * report.macro_f1:.1f} < {floor}"


def test_tone_model_on_held_out_news_stays_above_its_floor() -> None:
    rows = select(read(TONE_SET, "warta"), "held-out")
    predicted = [t.label for t in ToneModel.load().predict([r.text for r in rows])]
    report = score([r.label for r in rows], predicted)
    assert 100 * report.macro_f1 >= TONE_MODEL_FLOOR, f"{100 * report.macro_f1:.1f} < {TONE_MODEL_FLOOR}"
