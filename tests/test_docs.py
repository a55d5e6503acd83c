"""The README's command-line examples that use the bundled demo material run as written."""

from __future__ import annotations

import glob
import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import ROOT
from warta.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
PLACEHOLDERS = (
    "ARTICLE_ID",
    "ISU_ID",
    "page1.html",
    "example.test",
    "dump.txt",
    "notes.txt",
    "CORPUS_DIR",
    "corpus/",
    "TOKEN_ID",
    "DEV_FILE",
    "SMSA_",  # the sentiment data sets are passed in (../shared/data/sentiment), never bundled
    "PERSON_A",
    "ENTITY_ID",
    "MINISTRY_ID",
    "crawl",  # crawls need the demo site running: tests/test_crawl*.py run them
    "demo-site",
    " serve",  # blocks: tests/test_browser.py runs the server
    "archive.warc.gz",
    "watch list",  # these need watchlists with matches, and `alerts run --forever` blocks:
    "watch show",  # tests/test_watch.py and tests/test_alerts.py run them
    "alerts ",
)
EXAMPLES = [
    line.strip()
    for line in re.findall(r"^warta .+$", README, flags=re.MULTILINE)
    if not any(p in line for p in PLACEHOLDERS)
]


def test_docs_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("example", EXAMPLES)
def test_docs_readme_example_runs(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    argv = [a.replace("warta.db", str(tmp_path / "w.db")) for a in shlex.split(example)[1:]]
    argv = [path for a in argv for path in (sorted(glob.glob(a)) if "*" in a else [a])]  # as the shell would
    if "--out" in argv:  # write exports under the test's folder, not the repo
        argv[argv.index("--out") + 1] = str(tmp_path / "export")
    if "ingest" not in argv and "--db" in argv:
        main(["--db", str(tmp_path / "w.db"), "ingest", "demo/articles/kabarjatim-01-smart-city-mojokerto.html"])
    assert main(argv) == 0
    assert capsys.readouterr().out.strip()


def test_docs_every_setting_is_documented() -> None:
    from warta.settings import describe

    assert all(help_text for _, _, help_text in describe())
