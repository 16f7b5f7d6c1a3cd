-- The audit trail's index: one row per API request, pointing at its JSON line in the append-only
-- audit files (audit/audit-YYYYMMDD.jsonl under the data directory). Queries filter here and read the
-- full records from the files.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    event_time TEXT NOT NULL,
    request_id TEXT NOT NULL,
    principal_arn TEXT,
    access_key_id TEXT,
    service TEXT NOT NULL,
    event_name TEXT NOT NULL,
    action TEXT,
    decision TEXT NOT NULL,
    error_code TEXT,
    file_name TEXT NOT NULL,
    file_offset INTEGER NOT NULL,
    line_length INTEGER NOT NULL
);

CREATE INDEX audit_events_time ON audit_events (event_time);
CREATE INDEX audit_events_principal ON audit_events (principal_arn, event_time);
CREATE INDEX audit_events_action ON audit_events (action, event_time);
