"""The page this project started from (../shared/seeds), checked against what its README calls correct.
The seed is not part of the repository: the test runs where ../shared is present and is skipped elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from warta.document import to_document
from warta.model import Raw
from warta.pipeline import Pipeline

SEED = ROOT.parent / "shared" / "seeds" / "000_a1c00366476583d4.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not available")


@pytest.fixture(scope="module")
def doc(pipe: Pipeline) -> dict[str, Any]:
    raw = Raw(content=Path(SEED).read_bytes(), format="text", origin=str(SEED))
    return to_document(pipe.run(raw))


def _persons(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in doc["entities"] if e["type"] == "person"]


def test_seed_metadata_and_noise(doc: dict[str, Any]) -> None:
    article = doc["article"]
    assert article["published"] == "2022-06-06T18:23:55+07:00"
    assert (article["dateline"], article["source"]) == ("Mojokerto", "beritajatim.com")
    for noise in ("google.com", "pub-9591068673925608", "Views", "[tin/ted]", "Tokoh", "Sumber:"):
        assert noise not in article["text"]


def test_seed_four_named_persons_and_an_unnamed_bupati(doc: dict[str, Any]) -> None:
    named = {p["name"] for p in _persons(doc) if p["named"]}
    assert named == {"Teguh Gunarko", "Fitrah Rachmat Kautsar", "Andrizal", "Suzuki Sofyan"}
    bupati = [p for p in _persons(doc) if not p["named"]]
    assert [(b["name"], b["roles"][0]["of"]) for b in bupati] == [("Bupati Mojokerto", "Kabupaten Mojokerto")]


def test_seed_bupati_speaks_the_three_direct_quotes(doc: dict[str, Any]) -> None:
    bupati = next(p["id"] for p in _persons(doc) if not p["named"])
    direct = [q for q in doc["quotes"] if q["kind"] == "direct"]
    assert [q["cue"] for q in direct] == ["ungkapnya", "bebernya", "tuturnya"]
    assert all(q["speaker"] == bupati for q in direct)
    indirect = {q["cue"] for q in doc["quotes"] if q["kind"] == "indirect" and q["speaker"] == bupati}
    assert {"menegaskan", "menambahkan", "lanjut"} <= indirect


def test_seed_ministry_regions_and_no_false_entities(doc: dict[str, Any]) -> None:
    by_type = {(e["type"], e["name"], e["inferred"]) for e in doc["entities"]}
    assert ("ministry", "Kementerian Komunikasi dan Informatika", False) in by_type
    cities = [e for e in doc["entities"] if e["type"] == "city"]
    assert [(c["name"], c["kb"]["region_code"]) for c in cities] == [("Kabupaten Mojokerto", "35.16")]
    assert [e["inferred"] for e in doc["entities"] if e["name"] == "Jawa Timur"] == [True]
    assert not [e for e in doc["entities"] if e["type"] in ("company", "brand")]
    assert doc["extracted"]["companies"] == doc["extracted"]["brands"] == []
