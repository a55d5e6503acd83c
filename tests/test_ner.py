"""NER: corpus readers and tag mapping, decontamination, seqeval-style scoring, training on a tiny corpus,
the shipped model's provenance, and the gate on the team-written dev sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from warta.errors import InputError
from warta.ner.corpora import Sentence, decontaminate, read, sentence_key, to_scheme
from warta.ner.crf import NerModel, TrainConfig, train
from warta.ner.folder import PROVENANCE_FILE, SHIPPED
from warta.ner.scoring import NerReport, chunks
from warta.ner.tokens import tokenize
from warta.ner.training import evaluate, find_corpus

SAMPLE = ROOT / "tests" / "data" / "ner" / "dev-sample.tsv"


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "I-PER", "O"], {(0, 2, "PER")}),
        (["I-ORG", "I-ORG", "O", "B-LOC"], {(0, 2, "ORG"), (3, 4, "LOC")}),  # seqeval: I- after O starts one
        (["B-PER", "I-LOC", "I-LOC"], {(0, 1, "PER"), (1, 3, "LOC")}),
        (["B-PER", "B-PER"], {(0, 1, "PER"), (1, 2, "PER")}),
        (["O", "O"], set()),
    ],
)
def test_ner_chunks_follow_seqeval(tags: list[str], expected: set[tuple[int, int, str]]) -> None:
    assert chunks(tags) == expected


def test_ner_report_micro_and_macro() -> None:
    report = NerReport()
    report.add(["B-PER", "I-PER", "O", "B-LOC"], ["B-PER", "I-PER", "O", "B-ORG"])
    assert report.by_type["PER"].f1 == 1.0
    assert report.micro.tp == 1 and report.micro.fp == 1 and report.micro.fn == 1
    assert report.macro_f1 == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("scheme", "content", "tokens", "tags"),
    [
        ("nergrit", "Joko\tB-PERSON\ndi\tO\nSolo\tB-PLACE\n\n", ("Joko", "di", "Solo"), ("B-PER", "O", "B-LOC")),
        ("nerp", "sementara itu\tO\nkpk\tO\naqua\tB-IND\n\n", ("sementara_itu", "kpk", "aqua"), ("O", "O", "B-PRD")),
        ("idner", "Andi PROPN B-PER\r\nWijaya PROPN I-PER\r\n\r\n", ("Andi", "Wijaya"), ("B-PER", "I-PER")),
        ("nerugm", "Senin\tB-TIME\nlalu\tO\n", ("Senin", "lalu"), ("B-TIME", "O")),
    ],
)
def test_ner_read_maps_tags_to_the_coarse_scheme(
    tmp_path: Path, scheme: str, content: str, tokens: tuple[str, ...], tags: tuple[str, ...]
) -> None:
    path = tmp_path / "corpus.txt"
    path.write_bytes(content.encode("utf-8"))
    [sentence] = read(path, scheme)
    assert (sentence.tokens, sentence.tags, sentence.corpus) == (tokens, tags, scheme)


def test_ner_to_scheme_drops_labels_the_corpus_lacks() -> None:
    assert to_scheme(["B-ORG", "B-PRD", "I-PRD", "B-PER"], "nerp") == ["O", "B-IND", "I-IND", "B-PPL"]


def test_ner_decontaminate_removes_shared_sentences_whatever_the_case() -> None:
    a = Sentence(("Jokowi", "ke", "Solo", "."), ("B-PER", "O", "B-LOC", "O"), "idner")
    b = Sentence(("jokowi", "ke", "solo"), ("B-PPL", "O", "B-PLC"), "nerp")
    c = Sentence(("Hujan", "deras"), ("O", "O"), "nerui")
    assert sentence_key(a.tokens) == sentence_key(b.tokens)
    assert decontaminate([b, c], [a]) == [c]


def test_ner_unknown_scheme_and_folder_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown NER scheme"):
        read(tmp_path / "x", "conll")
    with pytest.raises(InputError, match="not a known NER corpus"):
        find_corpus(tmp_path)


def test_ner_tokenize_keeps_offsets() -> None:
    text = "Bupati Mojokerto, Senin (6/6/2022), ke PT PLN."
    tokens = tokenize(text)
    assert [t.text for t in tokens][:6] == ["Bupati", "Mojokerto", ",", "Senin", "(", "6/6/2022"]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def _tiny_corpus() -> list[Sentence]:
    names = [("Andi", "Wijaya"), ("Budi", "Santoso"), ("Rina", "Kusuma"), ("Dewi", "Lestari")]
    places = ["Sleman", "Malang", "Bogor", "Kediri"]
    out = []
    for (first, last), place in zip(names * 5, places * 5, strict=True):
        tokens = ("Kata", first, last, "di", place, ".")
        out.append(Sentence(tokens, ("O", "B-PER", "I-PER", "O", "B-LOC", "O"), "idner"))
    return out


def test_ner_train_and_tag_a_tiny_corpus(tmp_path: Path) -> None:
    train(_tiny_corpus(), tmp_path, TrainConfig(max_iterations=50, domains=False))
    model = NerModel(tmp_path)
    assert model.tag(["Kata", "Rina", "Kusuma", "di", "Sleman", "."]) == ["O", "B-PER", "I-PER", "O", "B-LOC", "O"]


def test_ner_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no NER model"):
        NerModel(tmp_path)


def test_ner_shipped_model_has_its_provenance() -> None:
    provenance = json.loads((SHIPPED / PROVENANCE_FILE).read_text(encoding="utf-8"))
    assert {c["scheme"] for c in provenance["corpora"]} <= {"nergrit", "nerp", "idner"}  # licenses allow these
    assert provenance["hyperparameters"]["seed"] is not None and provenance["dev_scores"]
    assert (SHIPPED / "model.crfsuite").stat().st_size < 50 * 1024 * 1024


# The gate: the shipped model on the team-written sample (tests/data/ner/README.md), per type, in percent.
# Measured 2026-11-28: micro 63.9, PER 90.4, LOC 75.6, ORG 19.1 (the sample's ORG spans follow Warta's
# convention of whole unit names with their region, which the corpora do not share; docs/ner.md).
SAMPLE_FLOORS = {"micro": 60.0, "PER": 88.0, "LOC": 72.0, "ORG": 12.0}


@pytest.mark.parametrize(("kind", "floor"), sorted(SAMPLE_FLOORS.items()))
def test_ner_gate_on_the_team_written_sample(kind: str, floor: float) -> None:
    report, lines = evaluate(NerModel(), SAMPLE, "idner")
    assert len([line for line in lines if not line[0]]) == 80
    tally = report.micro if kind == "micro" else report.by_type[kind]
    assert 100 * tally.f1 >= floor


def _write_corpus(folder: Path, sentences: list[Sentence]) -> None:
    folder.mkdir(parents=True)
    blocks = ["\n".join(f"{tok} X {tag}" for tok, tag in zip(s.tokens, s.tags, strict=True)) for s in sentences]
    (folder / "train.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    (folder / "dev.txt").write_text(blocks[0] + "\n", encoding="utf-8")
    (folder / "LICENSE-SOURCE.txt").write_text("LICENSE / TERMS\nSource: written by the Warta team for tests\n")


def test_ner_cli_train_then_eval(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from warta.cli import main

    corpus = tmp_path / "tiny-idner"
    _write_corpus(corpus, _tiny_corpus())
    out = tmp_path / "model"
    assert main(["train", "ner", "--data", str(corpus), "--out", str(out), "--iterations", "30"]) == 0
    provenance = json.loads((out / PROVENANCE_FILE).read_text())
    assert provenance["corpora"][0]["sentences"] == {"train": 20, "kept": 15}  # the dev sentence's copies go
    assert (out / "LICENSE-idner.txt").is_file()
    predictions = tmp_path / "pred.tsv"
    code = main(
        [
            "eval",
            "ner",
            "--data",
            str(corpus / "dev.txt"),
            "--scheme",
            "idner",
            "--model",
            str(out),
            "--predictions-out",
            str(predictions),
        ]
    )
    assert code == 0 and "micro" in capsys.readouterr().out
    assert predictions.read_text().splitlines()[1] == "Andi\tB-PER\tB-PER"


def test_ner_casing_learns_usual_case_away_from_sentence_starts() -> None:
    from warta.ner.casing import learn

    sentences = [
        ("Kemarin", "Andi", "pergi", "ke", "pasar"),
        ("Lalu", "Andi", "pulang", "ke", "rumah"),
        ("Pasar", "itu", "ramai", "dan", "Andi", "senang"),
    ]
    casing = learn(sentences)
    assert casing["andi"] == "cap" and casing["ke"] == "low"
    assert "pasar" not in casing  # seen once away from a sentence start
