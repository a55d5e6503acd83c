"""Scheduled reports in the store (migration 0015): saving and removing a schedule, and recording each day its
report went out (or why it did not). The schedules themselves are `warta.report.schedule`'s; the store keeps
their JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from warta.dates import utc_stamp
from warta.errors import NotFoundError

if TYPE_CHECKING:
    from warta.store.connection import Connection


def save_schedule(conn: Connection, schedule_id: str, spec: str) -> bool:
    """Create or replace a schedule (by its id; a replaced one keeps the day its report last went out).
    Returns whether it is new."""
    old = conn.execute("SELECT 1 FROM report_schedules WHERE id = ?", (schedule_id,)).fetchone()
    if old is None:
        conn.execute(
            "INSERT INTO report_schedules (id, spec, created) VALUES (?, ?, ?)", (schedule_id, spec, utc_stamp())
        )
        return True
    conn.execute("UPDATE report_schedules SET spec = ? WHERE id = ?", (spec, schedule_id))
    return False


def remove_schedule(conn: Connection, schedule_id: str) -> None:
    """Delete a schedule; NotFoundError if there is none with that id."""
    if conn.execute("SELECT 1 FROM report_schedules WHERE id = ?", (schedule_id,)).fetchone() is None:
        raise NotFoundError(f"no report schedule {schedule_id!r}; see `warta schedule list`")
    conn.execute("DELETE FROM report_schedules WHERE id = ?", (schedule_id,))


def record_sending(conn: Connection, schedule_id: str, day: str, error: str | None) -> None:
    """Record an attempt to send a schedule's report of `day`: sent (its `last_day` becomes `day`), or the error."""
    if error is None:
        conn.execute(
            "UPDATE report_schedules SET last_day = ?, last_try = ?, last_error = NULL WHERE id = ?",
            (day, utc_stamp(), schedule_id),
        )
    else:
        conn.execute(
            "UPDATE report_schedules SET last_try = ?, last_error = ? WHERE id = ?",
            (utc_stamp(), error[:500], schedule_id),
        )
