-- Warta store on PostgreSQL, schema version 15: scheduled reports (../0015_report_schedules.sql).

CREATE TABLE report_schedules (
    id         text COLLATE "C" PRIMARY KEY,
    spec       text NOT NULL,
    created    text NOT NULL,
    last_day   text,
    last_try   text,
    last_error text
);
