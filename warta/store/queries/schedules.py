"""Scheduled reports as the runner and the command line read them (the write side is `warta.store.schedules`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


@dataclass(frozen=True)
class ScheduleRow:
    """A stored schedule: its id, its spec (JSON of `warta.report.schedule.Schedule`), when it was made, the last
    day its report went out, and the last attempt's time and error."""

    id: str
    spec: str
    created: str
    last_day: str | None
    last_try: str | None
    last_error: str | None


def report_schedules(store: SQLStore) -> list[ScheduleRow]:
    """Every report schedule, oldest first."""
    rows = store.conn.execute(
        "SELECT id, spec, created, last_day, last_try, last_error FROM report_schedules ORDER BY created, id"
    )
    return [ScheduleRow(*row) for row in rows]
