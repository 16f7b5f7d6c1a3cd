-- Facts about this installation that must outlive restarts (e.g. the account id it was created with).
CREATE TABLE server_metadata (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
