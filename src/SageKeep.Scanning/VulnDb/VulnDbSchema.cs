namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// The SQLite schema. <c>records</c> holds one row per (source, record id) with provenance and the whole
/// normalised record as JSON (ranges, severities, CWEs and references are read from it); the child tables
/// exist only for lookups: a matcher asks <c>affected</c> by (namespace, release, package), merges by
/// <c>aliases</c>, and NVD CPE matches come from <c>cpe_matches</c>. Children are deleted with their record
/// (foreign keys, ON DELETE CASCADE).
/// Version 2 dropped the <c>ranges</c>, <c>severities</c>, <c>weaknesses</c> and <c>refs</c> tables of version 1,
/// which no query read (five of a typical record's nine rows); opening a version 1 file drops them.
/// </summary>
internal static class VulnDbSchema
{
    public const int Version = 2;

    /// <summary>Turns a version 1 database into version 2 (run before <see cref="Create"/>).</summary>
    public const string UpgradeFrom1 = """
        DROP TABLE IF EXISTS ranges;
        DROP TABLE IF EXISTS severities;
        DROP TABLE IF EXISTS weaknesses;
        DROP TABLE IF EXISTS refs;
        """;

    /// <summary>
    /// The lookup indexes keyed by values in no particular order (package names, aliases, CPE products). An import
    /// into an empty database creates them after the rows are in (one sort each) instead of inserting every row at
    /// a random place in each of them; inside the import's transaction, so a failed import leaves them as they were.
    /// </summary>
    public static readonly (string Name, string Create)[] DeferrableIndexes =
    [
        ("aliases_alias", "CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias)"),
        ("affected_lookup", "CREATE INDEX IF NOT EXISTS affected_lookup ON affected(namespace, release, package)"),
        ("cpe_matches_product", "CREATE INDEX IF NOT EXISTS cpe_matches_product ON cpe_matches(vendor, product)"),
    ];

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
        CREATE TABLE IF NOT EXISTS cpe_matches (
            record INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            criteria TEXT NOT NULL, vulnerable INTEGER NOT NULL, vendor TEXT NOT NULL, product TEXT NOT NULL, version TEXT NOT NULL,
            start_including TEXT, start_excluding TEXT, end_including TEXT, end_excluding TEXT);
        CREATE INDEX IF NOT EXISTS cpe_matches_product ON cpe_matches(vendor, product);
        CREATE INDEX IF NOT EXISTS cpe_matches_record ON cpe_matches(record);
        """;
}
