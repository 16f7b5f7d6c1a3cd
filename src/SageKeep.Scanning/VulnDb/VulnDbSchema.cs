namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// The SQLite schema. <c>records</c> holds one row per (source, record id) with provenance and the whole
/// normalised record as JSON; the child tables exist for lookups: a matcher asks <c>affected</c> by
/// (namespace, release, package) and reads the intervals from <c>ranges</c>, compared with the comparer
/// named by <c>version_scheme</c>. Children are deleted with their record (foreign keys, ON DELETE CASCADE).
/// </summary>
internal static class VulnDbSchema
{
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sources (
            name TEXT PRIMARY KEY, last_import_at TEXT NOT NULL, last_file TEXT, last_import_id INTEGER);
        CREATE TABLE IF NOT EXISTS imports (
            id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, files TEXT NOT NULL,
            added INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS records (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL, record_id TEXT NOT NULL,
            published TEXT, modified TEXT, withdrawn TEXT,
            file_name TEXT NOT NULL, imported_at TEXT NOT NULL, import_id INTEGER NOT NULL,
            content_hash TEXT NOT NULL, document TEXT NOT NULL,
            UNIQUE (source, record_id));
        CREATE TABLE IF NOT EXISTS aliases (
            record INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE, alias TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias);
        CREATE INDEX IF NOT EXISTS aliases_record ON aliases(record);
        CREATE TABLE IF NOT EXISTS affected (
            id INTEGER PRIMARY KEY,
            record INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            namespace TEXT NOT NULL, release TEXT NOT NULL, package TEXT NOT NULL, raw_name TEXT NOT NULL, purl TEXT,
            version_scheme TEXT NOT NULL, fix_state TEXT NOT NULL, fixed_version TEXT, severity TEXT, versions TEXT);
        CREATE INDEX IF NOT EXISTS affected_lookup ON affected(namespace, release, package);
        CREATE INDEX IF NOT EXISTS affected_record ON affected(record);
        CREATE TABLE IF NOT EXISTS ranges (
            affected INTEGER NOT NULL REFERENCES affected(id) ON DELETE CASCADE,
            range_type TEXT NOT NULL, introduced TEXT NOT NULL, fixed TEXT, last_affected TEXT, limit_version TEXT);
        CREATE INDEX IF NOT EXISTS ranges_affected ON ranges(affected);
        CREATE TABLE IF NOT EXISTS severities (
            record INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            type TEXT NOT NULL, source TEXT, is_primary INTEGER NOT NULL, vector TEXT, base_score REAL, severity TEXT,
            text TEXT, confidentiality TEXT, integrity TEXT, availability TEXT);
        CREATE INDEX IF NOT EXISTS severities_record ON severities(record);
        CREATE TABLE IF NOT EXISTS weaknesses (
            record INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE, cwe TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS weaknesses_record ON weaknesses(record);
        CREATE TABLE IF NOT EXISTS refs (
            record INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE, url TEXT NOT NULL, tags TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS refs_record ON refs(record);
        CREATE TABLE IF NOT EXISTS cpe_matches (
            record INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            criteria TEXT NOT NULL, vulnerable INTEGER NOT NULL, vendor TEXT NOT NULL, product TEXT NOT NULL, version TEXT NOT NULL,
            start_including TEXT, start_excluding TEXT, end_including TEXT, end_excluding TEXT);
        CREATE INDEX IF NOT EXISTS cpe_matches_product ON cpe_matches(vendor, product);
        CREATE INDEX IF NOT EXISTS cpe_matches_record ON cpe_matches(record);
        """;
}
