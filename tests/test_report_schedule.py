"""Scheduled reports (`warta.report.schedule`): a region's report e-mailed every day at its hour, once a day,
through a real SMTP server started by the test, on both backends; and the `warta schedule` commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.alert_servers import smtp_server
from warta.alerts import runner
from warta.dates import JAKARTA
from warta.errors import InputError, NotFoundError
from warta.model import Article, Entity, Mention
from warta.report.schedule import Schedule, checked, due_day, save, send_due
from warta.settings import Settings
from warta.store.queries.schedules import report_schedules
from warta.store.sqlstore import SQLStore

MJK = Entity("c-mjk", "Kabupaten Mojokerto", "city", kb={"region_code": "35.16"})


def story(n: int, day: str) -> Article:
    """An article about Kabupaten Mojokerto published on `day`."""
    text = f"Warga Mojokerto menanam {n} pohon di tepi sungai."
    start = text.index("Mojokerto")
    return Article(f"a{n}", text, title=f"Menanam pohon {n}", source="kabar.test",
                   published=f"{day}T09:00:00+07:00", mentions=(Mention(start, start + 9, "Mojokerto", "city",
                   "c-mjk"),), entities=(MJK,))  # fmt: skip


def at_wib(day: str, hour: int) -> dt.datetime:
    """`day` at `hour`:00 in Asia/Jakarta, as the runner's clock gives it (UTC)."""
    return dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=JAKARTA).astimezone(dt.UTC)


def test_a_daily_report_goes_out_at_its_hour_once_a_day(store: SQLStore) -> None:
    store.save_many([story(1, "2026-12-05"), story(2, "2026-12-06"), story(3, "2026-12-06")])
    schedule, new = save(store, Schedule("35.16", None, "day", 7, ("humas@mojokertokab.test",), "md"))
    assert new and not save(store, schedule)[1]  # the same scope and period: replaced, not added
    controller, box = smtp_server()
    try:
        settings = Settings(smtp_host="127.0.0.1", smtp_port=controller.port, smtp_starttls=False,
                            smtp_from="warta@kab.test", report_base_url="https://warta.kab.test")  # fmt: skip
        assert send_due(store, settings, at_wib("2026-12-07", 6)) == {}  # before its hour
        assert send_due(store, settings, at_wib("2026-12-07", 7)) == {"reports sent": 1}
        assert send_due(store, settings, at_wib("2026-12-07", 20)) == {}  # once a day
        jobs = runner.run_once(store, settings, clock=lambda: at_wib("2026-12-08", 8), jobs=(send_due,))
        assert jobs == {"reports sent": 1}  # the next day, through the alert runner
    finally:
        controller.stop()
    first, second = (msg for msg, _, _ in box.messages)
    assert first["Subject"] == "Laporan harian Warta: Kabupaten Mojokerto — 6 Desember 2026"
    assert second["Subject"] == "Laporan harian Warta: Kabupaten Mojokerto — 7 Desember 2026"
    body, attached = list(first.iter_parts())
    assert "2 berita tentang Kabupaten Mojokerto pada 6 Desember 2026" in body.get_content()
    assert attached.get_filename() == "laporan-35.16-day-2026-12-06.md"
    report = attached.get_content()
    report = report.decode("utf-8") if isinstance(report, bytes) else report
    assert "Periode 6 Desember 2026, dibandingkan dengan 5 Desember 2026" in report
    assert "| kabar.test | 2 | 1 | +100% |" in report  # the outlet: two articles that day, one the day before
    (row,) = report_schedules(store)
    assert (row.last_day, row.last_error) == ("2026-12-08", None)


def test_a_failed_sending_is_recorded_and_tried_again(store: SQLStore) -> None:
    store.save(story(1, "2026-12-06"))
    save(store, Schedule("35.16", None, "week", 7, ("humas@mojokertokab.test",)))
    nowhere = Settings(smtp_host="", smtp_starttls=False)
    assert send_due(store, nowhere, at_wib("2026-12-07", 7)) == {"reports failed": 1}
    (row,) = report_schedules(store)
    assert row.last_day is None and "smtp_host" in (row.last_error or "")
    (schedule,) = [s for s in [Schedule("35.16", None, "week", 7, ("humas@mojokertokab.test",))]]
    assert due_day(row, schedule, at_wib("2026-12-07", 9)) == dt.date(2026, 12, 6)  # still due


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        (Schedule(None, None, "day", 7, ("a@b.id",)), "either a region"),
        (Schedule("35.16", "Banjir", "day", 7, ("a@b.id",)), "either a region"),
        (Schedule("35.16", None, "year", 7, ("a@b.id",)), "period"),
        (Schedule("35.16", None, "day", 24, ("a@b.id",)), "hour 24"),
        (Schedule("35.16", None, "day", 7, ()), "at least one e-mail"),
        (Schedule("35.16", None, "day", 7, ("bukan",)), "is not one"),
        (Schedule("35.16", None, "day", 7, ("a@b.id",), "doc"), "format"),
    ],
)
def test_a_bad_schedule_says_why(schedule: Schedule, message: str) -> None:
    with pytest.raises(InputError, match=message):
        checked(schedule)


def test_an_unknown_region_or_watchlist_is_refused(store: SQLStore) -> None:
    with pytest.raises(NotFoundError):
        save(store, Schedule("99.99", None, "day", 7, ("a@b.id",)))
    with pytest.raises(NotFoundError):
        save(store, Schedule(None, "Tidak Ada", "day", 7, ("a@b.id",)))


def test_the_schedule_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from warta.cli import main

    db = str(tmp_path / "w.db")
    assert main(["--db", db, "schedule", "add", "--region", "35.16", "--hour", "6", "--email", "a@b.id"]) == 0
    out = capsys.readouterr().out
    assert "the day report of 35.16 at 06:00 WIB to a@b.id (pdf)" in out
    assert main(["--db", db, "schedule", "list"]) == 0
    listed = capsys.readouterr().out
    schedule_id = listed.split("\t")[0]
    assert "not sent yet" in listed
    assert main(["--db", db, "schedule", "remove", schedule_id]) == 0
    capsys.readouterr()
    for argv, message in ((["remove", schedule_id], "no report schedule"),
                          (["add", "--region", "35.16", "--hour", "25", "--email", "a@b.id"], "hour 25")):  # fmt: skip
        assert main(["--db", db, "schedule", *argv]) != 0
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1
