-- Warta store, schema version 15: scheduled reports (issue 20; docs/report.md "Scheduled reports"). A schedule
-- e-mails the report of a region or a watchlist every day at a set hour (Asia/Jakarta); the alert runner
-- (`warta alerts run`, or beside `warta serve` and `warta crawl --forever`) sends the due ones and records the day
-- each went out, so a report goes out once a day.

-- `spec`: warta.report.schedule.Schedule as canonical JSON; `id`: a hash of its scope and period.
-- `last_day`: the last day (Asia/Jakarta) its report was sent; `last_error`: why the last attempt failed.
CREATE TABLE report_schedules (
    id         TEXT PRIMARY KEY,
    spec       TEXT NOT NULL,
    created    TEXT NOT NULL,
    last_day   TEXT,
    last_try   TEXT,
    last_error TEXT
);
