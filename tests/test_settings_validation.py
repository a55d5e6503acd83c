"""Settings and command-line arguments are checked where they are read: a bad value is one line and a non-zero
exit, never a traceback and never silently accepted (issue 16, items 8 and 9)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from warta.cli import main
from warta.errors import InputError
from warta.settings import Settings, SettingsError
from warta.store import open_store, queries
from warta.store.search import MAX_QUERY_CHARS, check_query


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("WARTA_MAX_BYTES", "abc"),
        ("WARTA_MAX_BYTES", "1e9"),
        ("WARTA_MAX_BYTES", "9" * 20),
        ("WARTA_MAX_BYTES", "-5"),
        ("WARTA_MAX_BYTES", "0"),
        ("WARTA_MAX_TEXT_CHARS", "-1"),
        ("WARTA_MAX_TEXT_CHARS", "1.5"),
        ("WARTA_FETCH_TIMEOUT", "nan"),
        ("WARTA_FETCH_TIMEOUT", "inf"),
        ("WARTA_FETCH_TIMEOUT", "-3"),
        ("WARTA_MAX_REDIRECTS", "-1"),
        ("WARTA_TIMEZONE", "Jakarta"),
        ("WARTA_USER_AGENT", "bot\r\nX-Evil: 1"),
    ],
)
def test_a_bad_environment_setting_is_one_line(name: str, raw: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({name: raw})
    message = str(info.value)
    assert name in message and "\n" not in message


@pytest.mark.parametrize(
    ("name", "raw", "field", "value"),
    [
        ("WARTA_MAX_BYTES", "1000", "max_bytes", 1000),
        ("WARTA_MAX_BYTES", " 2_000 ", "max_bytes", 2000),
        ("WARTA_MAX_TEXT_CHARS", "500", "max_text_chars", 500),
        ("WARTA_FETCH_TIMEOUT", "2.5", "fetch_timeout", 2.5),
        ("WARTA_MAX_REDIRECTS", "0", "max_redirects", 0),
        ("WARTA_TIMEZONE", "+08:00", "timezone", "+08:00"),
    ],
)
def test_good_environment_settings_are_read(name: str, raw: str, field: str, value: object) -> None:
    assert getattr(Settings.from_env({name: raw}), field) == value


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"db": "postgresql://w@127.0.0.1/x", "allowed_hosts": ("localhost", "warta.example"), "alerts_runner": True},
        {"fetch_timeout": 2.5, "max_connections": 7, "smtp_host": "", "header_timeout": 0.25},
    ],
)
def test_settings_go_through_the_environment_unchanged(overrides: dict[str, object]) -> None:
    settings = Settings.from_env({}, **overrides)  # as `warta serve --workers` hands them to its processes
    assert Settings.from_env(settings.to_env()) == settings


def test_a_bad_setting_through_the_command_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WARTA_MAX_BYTES", "1e9")
    code = main(["--db", str(tmp_path / "w.db"), "entities"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "WARTA_MAX_BYTES" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--port", "70000"],
        ["serve", "--port", "-1"],
        ["quotes", "--limit", str(10**30)],
        ["quotes", "--limit", "0"],
        ["entities", "--limit", str(10**30)],
        ["search", "--limit", str(10**30), "kata"],
        ["search", "--limit", "-3", "kata"],
        ["train", "ner", "--data", "x", "--out", "y", "--iterations", str(10**30)],
        ["entity", "log", "--limit", str(10**30)],
        ["token", "revoke", str(10**30)],
        ["eval", "ner", "--data", "x", "--limit", "-1"],
    ],
)
def test_an_out_of_range_argument_is_bad_usage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--db", str(tmp_path / "w.db"), *argv])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert "error: argument" in err.splitlines()[-1] and "Traceback" not in err


def test_a_huge_search_query_is_refused_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    open_store(db).close()
    code = main(["--db", db, "search", " ".join(["kata"] * 15_000)])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and str(MAX_QUERY_CHARS) in err


@pytest.mark.parametrize(
    ("query", "ok"),
    [("smart city", True), ("x" * MAX_QUERY_CHARS, True), ("x" * (MAX_QUERY_CHARS + 1), False), ("a " * 150, False)],
)
def test_one_query_rule_for_the_command_and_the_store(tmp_path: Path, query: str, ok: bool) -> None:
    with open_store(str(tmp_path / "w.db")) as store:
        if ok:
            assert check_query(query) == query
            queries.search_all(store, query)
        else:
            with pytest.raises(InputError, match=str(MAX_QUERY_CHARS)):
                check_query(query)
            with pytest.raises(InputError, match=str(MAX_QUERY_CHARS)):
                queries.search_all(store, query)


def test_the_command_and_the_api_share_the_search_limit() -> None:
    from warta.cli.args import SEARCH_LIMIT
    from warta.store.queries import MAX_LIMIT

    assert SEARCH_LIMIT(str(MAX_LIMIT)) == MAX_LIMIT
    with pytest.raises(argparse.ArgumentTypeError, match=f"1 to {MAX_LIMIT}"):
        SEARCH_LIMIT(str(MAX_LIMIT + 1))
