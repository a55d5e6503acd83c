"""The layer contracts of `make lint` (import-linter, `[tool.importlinter]` in pyproject.toml): kept by the real
tree, broken by an upward import. import-linter parses the source and imports nothing, so a copy of the package
with one import added, found first on PYTHONPATH, is checked as the real one would be."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
if not LINT_IMPORTS.exists():
    LINT_IMPORTS = Path(shutil.which("lint-imports") or LINT_IMPORTS)

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="lint-imports not installed (dev extras)")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the project's contracts over the `warta` package under `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False)


def copy_package(tmp_path: Path) -> Path:
    """The package's Python files under `tmp_path` (data files are not needed to read imports)."""

    def ignored(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n == "__pycache__" or not (n.endswith(".py") or (Path(folder) / n).is_dir())]

    shutil.copytree(ROOT / "warta", tmp_path / "warta", ignore=ignored)
    return tmp_path


def test_real_tree_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout
    assert "Warta layers KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract", "chain"),
    [
        ("model.py", "import warta.cli", "Warta layers", "warta.model -> warta.cli"),
        ("net/guard.py", "import warta.crawl.crawler", "Warta layers", "warta.net.guard -> warta.crawl.crawler"),
        ("api/routes.py", "import warta.web", "Warta layers", "warta.api.routes -> warta.web"),
        (
            "store/rows.py",
            "import warta.sources.files",
            "Inputs, the pipeline and the store are independent",
            "warta.store.rows -> warta.sources.files",
        ),
        (
            "store/sqlstore.py",
            "import warta.store.queries",
            "Store: reads above writes, migrations below all",
            "warta.store.sqlstore -> warta.store.queries",
        ),
    ],
)
def test_upward_import_breaks_a_contract(tmp_path: Path, module: str, line: str, contract: str, chain: str) -> None:
    root = copy_package(tmp_path)
    path = root / "warta" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # the upward import under test\n", encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout
    assert chain in result.stdout


def test_copy_without_the_import_keeps_the_contracts(tmp_path: Path) -> None:
    """The copy itself is clean: the failures above come from the added import alone."""
    result = lint_imports(copy_package(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_top_level_module_must_be_placed(tmp_path: Path) -> None:
    """The layers contract is exhaustive: a module nobody placed in a layer breaks it."""
    root = copy_package(tmp_path)
    (root / "warta" / "unplaced.py").write_text('"""A module in no layer."""\n', encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "Warta layers BROKEN" in result.stdout
    assert "- warta.unplaced" in result.stdout
