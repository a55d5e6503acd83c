"""The tone model: lexicon and negation, empty and foreign text, the shipped model on team-written sentences,
training and reloading a tiny model, the command line's errors, and a gate on tests/data/tone_gate.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from warta.cli import main
from warta.tone import Tone, ToneModel
from warta.tone.data import Row, cnbci_part, read, select
from warta.tone.evaluation import score
from warta.tone.features import FeatureConfig, clause_starts, featurize, polarity_counts, tokens
from warta.tone.training import fit

GATE = ROOT / "tests" / "data" / "tone_gate.jsonl"
GATE_FLOOR = 0.92  # the shipped model measures 0.952 (docs/tone.md); a retrained model must not fall below


def test_tone_negation_flips_a_lexicon_word() -> None:
    assert polarity_counts(tokens("Program itu berhasil"))[:2] == (1, 0)
    assert polarity_counts(tokens("Program itu tidak berhasil"))[:2] == (0, 1)
    assert polarity_counts(tokens("Tidak ada korban dalam kejadian itu"))[:2] == (1, 0)
    text = "Tidak, kami berhasil karena kerja keras semua pihak"
    assert polarity_counts(tokens(text), clause_starts(text))[:2] == (1, 0)
    assert polarity_counts(tokens("Dia belum juga berhasil"))[:2] == (0, 1)


def test_tone_empty_and_foreign_text_is_neutral_with_no_confidence() -> None:
    model = ToneModel.load()
    for text in ("", "   ", "12345 !!!", "The government failed to deliver on its promises.", "北京市政府宣布"):
        assert model.predict([text]) == [Tone("netral", 0.0, 0.0)]
    assert featurize("", FeatureConfig()) is None


def test_tone_shipped_model_labels_obvious_sentences() -> None:
    negative, positive = ToneModel.load().predict(
        [
            "Kepala desa ditangkap polisi karena korupsi dana bantuan, warga kecewa dan marah.",
            "Jembatan baru diresmikan bupati dan warga senang karena perjalanan kini lancar dan aman.",
        ]
    )
    assert negative.label == "negatif" and negative.score < 0
    assert positive.label == "positif" and positive.score > 0
    assert 0.0 < negative.confidence <= 1.0 and -1.0 <= positive.score <= 1.0


def test_tone_shipped_model_is_loaded_once() -> None:
    assert ToneModel.load() is ToneModel.load()


def test_tone_train_tiny_set_and_reload(tmp_path: Path) -> None:
    rows = [
        Row("pelayanan bagus sekali dan cepat", "positif", "train"),
        Row("warga senang jalan sudah mulus", "positif", "train"),
        Row("petugas ramah dan sigap membantu", "positif", "train"),
        Row("jalan rusak parah dan warga kecewa", "negatif", "train"),
        Row("pejabat ditangkap karena korupsi", "negatif", "train"),
        Row("banjir merendam rumah warga", "negatif", "train"),
        Row("rapat digelar di kantor camat", "netral", "train"),
        Row("jadwal pendaftaran diumumkan besok", "netral", "train"),
        Row("bupati menghadiri upacara di alun-alun", "netral", "train"),
    ]
    model = fit(rows, FeatureConfig(buckets=1 << 12))
    model.save(tmp_path / "m")
    again = ToneModel.load(tmp_path / "m")
    texts = ["pelayanan bagus dan petugas ramah", "jalan rusak dan banjir", "tidak bagus"]
    assert [t.label for t in again.predict(texts)[:2]] == ["positif", "negatif"]
    assert again.predict(texts) == model.predict(texts)


def test_tone_train_command_skips_held_out_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "news.jsonl"
    lines = [
        {"text": "jalan baru bagus dan lancar", "label": "positif", "part": "train"},
        {"text": "warga kecewa jalan rusak", "label": "negatif", "part": "train"},
        {"text": "rapat digelar hari ini", "label": "netral", "part": "train"},
        {"text": "banjir merendam desa", "label": "negatif", "part": "held-out"},
    ]
    data.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    assert main(["train", "tone", "--data", f"{data}:warta", "--out", str(tmp_path / "m")]) == 0
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert meta["provenance"]["sources"][0]["trained_on"] == 3
    assert main(["eval", "tone", "--data", str(data), "--format", "warta", "--model", str(tmp_path / "m")]) == 0
    assert "macro F1" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "tone", "--data", "nowhere.tsv:smsa", "--out", "x"],
        ["train", "tone", "--data", "nowhere.tsv", "--out", "x"],
        ["train", "tone", "--data", "README.md:klingon", "--out", "x"],
        ["eval", "tone", "--data", "nowhere.tsv", "--format", "smsa"],
        ["eval", "tone", "--data", "README.md", "--format", "smsa"],
        ["eval", "tone", "--data", str(GATE), "--format", "warta", "--model", "nowhere"],
    ],
)
def test_tone_cli_bad_input_is_one_line(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    code = main(argv)
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("warta: ") and err.count("\n") == 1


def test_tone_cnbci_held_out_fifth_is_deterministic() -> None:
    headlines = [f"Judul berita nomor {i}" for i in range(500)]
    parts = [cnbci_part(h) for h in headlines]
    assert parts == [cnbci_part(h) for h in headlines]
    assert 60 < parts.count("held-out") < 140
    assert cnbci_part("Judul  Berita nomor 1") == cnbci_part("judul berita nomor 1")


def test_tone_scores_count_each_row_once() -> None:
    report = score(["positif", "negatif", "netral", "netral"], ["positif", "netral", "netral", "negatif"])
    assert report.rows == 4 and report.correct == 2
    assert (report.by_label["netral"].tp, report.by_label["netral"].fp, report.by_label["netral"].fn) == (1, 1, 1)
    assert report.by_label["positif"].f1 == 1.0


def test_tone_gate_macro_f1_on_team_written_sentences() -> None:
    rows = select(read(GATE, "warta"), "all")
    assert len(rows) >= 40
    predicted = [t.label for t in ToneModel.load().predict([r.text for r in rows])]
    assert score([r.label for r in rows], predicted).macro_f1 >= GATE_FLOOR
