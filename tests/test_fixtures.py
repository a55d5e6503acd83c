"""Fixture hygiene: no test module defines a fixture named like one of tests/conftest.py. A module's own `store`
would silently replace the shared one (both backends) in that module, with a meaning of its own."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _is_fixture(decorator: ast.expr) -> bool:
    """`@pytest.fixture`, `@pytest.fixture(...)`, `@fixture` or `@fixture(...)`."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr == "fixture"
    return isinstance(target, ast.Name) and target.id == "fixture"


def _fixture_name(function: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.expr) -> str:
    """The name tests ask for: the decorator's `name=` when given, else the function's name."""
    if isinstance(decorator, ast.Call):
        for keyword in decorator.keywords:
            if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                return str(keyword.value.value)
    return function.name


def fixture_names(source: str) -> dict[str, int]:
    """The fixtures a module defines, anywhere in it (module level or in a class), with their line numbers."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if _is_fixture(decorator):
                    found[_fixture_name(node, decorator)] = node.lineno
    return found


def test_no_module_redefines_a_shared_fixture() -> None:
    shared = fixture_names((TESTS / "conftest.py").read_text(encoding="utf-8"))
    assert {"store", "databases", "pipe"} <= set(shared)
    clashes = [
        f"{path.name}:{line} defines {name!r}, a fixture of conftest.py: rename it (or use the shared one)"
        for path in sorted(TESTS.glob("test_*.py"))
        for name, line in fixture_names(path.read_text(encoding="utf-8")).items()
        if name in shared
    ]
    assert clashes == []


def test_fixture_names_finds_every_form() -> None:
    source = """
import pytest
from pytest import fixture

@pytest.fixture
def plain(): ...

@pytest.fixture(scope="module")
def called(): ...

@fixture
def bare(): ...

@pytest.fixture(name="renamed")
def _renamed(): ...

class TestGroup:
    @pytest.fixture
    async def in_class(self): ...

@pytest.mark.parametrize("x", [1])
def test_not_a_fixture(x): ...

def helper(): ...
"""
    assert fixture_names(source) == {"plain": 6, "called": 9, "bare": 12, "renamed": 15, "in_class": 19}
