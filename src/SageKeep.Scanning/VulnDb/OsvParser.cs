using System.Text.Json;
using SageKeep.Scanning.Cvss;
using static SageKeep.Scanning.VulnDb.JsonFields;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// OSV schema records (ossf.github.io/osv-schema): one record per file or an array of records. Ranges'
/// event lists become <see cref="AffectedRange"/> intervals; CVSS severity vectors are scored by our calculator.
/// </summary>
internal sealed class OsvParser : IFeedParser
{
    public const string SourceName = "osv";

    public IEnumerable<VulnRecord> Read(Stream stream, string fileName, FeedLimits limits)
    {
        if (FeedStreams.FirstSignificantByte(stream) != '[')
        {
            using var document = FeedStreams.ReadWhole(stream, fileName, limits);
            yield return Parse(document.RootElement, fileName, limits);
            yield break;
        }

        using var reader = new JsonFeedReader(stream, fileName, new HashSet<string>(), limits);
        var index = 0;
        while (reader.Next() is var (_, document))
        {
            using (document)
            {
                yield return Parse(document.RootElement, $"{fileName}: record {index}", limits);
            }

            index++;
        }
    }

    public static VulnRecord Parse(JsonElement record, string where, FeedLimits limits)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new FeedException($"{where}: an OSV record must be an object");
        }

        var schema = Str(record, "schema_version", where);
        if (schema is not null && !schema.StartsWith("1.", StringComparison.Ordinal))
        {
            throw new FeedException($"{where}: unsupported OSV schema_version '{Shorten(schema)}' (1.x is supported)");
        }

        var id = RequiredStr(record, "id", where);
        where = $"{where} ({Shorten(id)})";

        var severities = new List<SeverityRating>();
        foreach (var severity in Objects(record, "severity", where, limits))
        {
            severities.Add(Severity(severity, where));
        }

        var databaseSpecific = Obj(record, "database_specific", where);
        if (databaseSpecific is { } specific && specific.TryGetProperty("severity", out var advisory) && advisory.ValueKind == JsonValueKind.String)
        {
            var text = advisory.GetString()!;
            severities.Add(new SeverityRating("advisory", SourceName, true, null, null, CvssSeverityRating.Parse(text), text, null, null, null));
        }

        var weaknesses = databaseSpecific is { } ds && ds.TryGetProperty("cwe_ids", out var cwes) && cwes.ValueKind == JsonValueKind.Array
            ? cwes.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!).ToList()
            : [];

        var affected = new List<AffectedPackage>();
        foreach (var entry in Objects(record, "affected", where, limits))
        {
            affected.Add(Affected(entry, where, limits));
        }

        var references = new List<VulnReference>();
        foreach (var reference in Objects(record, "references", where, limits))
        {
            var url = RequiredStr(reference, "url", where);
            var type = Str(reference, "type", where);
            references.Add(new VulnReference(url, type is null ? [] : [type]));
        }

        return new VulnRecord(
            SourceName,
            id,
            Time(record, "published", where),
            Time(record, "modified", where),
            Time(record, "withdrawn", where),
            Str(record, "summary", where),
            Str(record, "details", where),
            Strings(record, "aliases", where, limits),
            affected,
            severities,
            weaknesses,
            references,
            []);
    }

    private static SeverityRating Severity(JsonElement severity, string where)
    {
        var type = RequiredStr(severity, "type", where);
        var score = RequiredStr(severity, "score", where);
        if (!type.StartsWith("CVSS_", StringComparison.Ordinal))
        {
            // e.g. "Ubuntu": the distribution's own word.
            return new SeverityRating(type, SourceName, true, null, null, CvssSeverityRating.Parse(score), score, null, null, null);
        }

        var (computed, error) = CvssCalculator.Compute(score);
        if (computed is null)
        {
            throw new FeedException($"{where}: severity {type}: {error}");
        }

        return new SeverityRating(type, SourceName, true, computed.Vector.Text, computed.BaseScore, computed.Severity, null,
            computed.Confidentiality, computed.Integrity, computed.Availability);
    }

    private static AffectedPackage Affected(JsonElement entry, string where, FeedLimits limits)
    {
        var package = Obj(entry, "package", where) ?? throw new FeedException($"{where}: an affected entry has no 'package'");
        var ecosystem = RequiredStr(package, "ecosystem", where);
        var rawName = RequiredStr(package, "name", where);
        var (ns, release) = PackageNames.SplitEcosystem(ecosystem);

        var ranges = new List<AffectedRange>();
        string? rangeType = null;
        string? fixedVersion = null;
        foreach (var range in Objects(entry, "ranges", where, limits))
        {
            var type = RequiredStr(range, "type", where);
            rangeType ??= type;
            foreach (var interval in Intervals(type, Objects(range, "events", where, limits), where))
            {
                ranges.Add(interval);
                fixedVersion = interval.Fixed ?? fixedVersion;
            }
        }

        var versions = Strings(entry, "versions", where, limits);
        var severity = Obj(entry, "ecosystem_specific", where) is { } es ? Str(es, "severity", where) : null;
        var fixState = fixedVersion is not null ? FixState.Fixed : FixState.NotFixed;
        return new AffectedPackage(ns, release, PackageNames.Normalise(ns, rawName), rawName, Str(package, "purl", where),
            PackageNames.VersionScheme(ns, rangeType), fixState, fixedVersion, ranges, versions, severity);
    }

    /// <summary>
    /// OSV schema "Evaluation": events sorted by version define affected intervals; an introduced opens one,
    /// fixed or last_affected closes it, limit bounds all of them. Feeds list events in order.
    /// </summary>
    private static List<AffectedRange> Intervals(string type, IEnumerable<JsonElement> events, string where)
    {
        var result = new List<AffectedRange>();
        string? introduced = null;
        string? limit = null;
        foreach (var e in events)
        {
            if (Str(e, "introduced", where) is { } intro)
            {
                if (introduced is not null)
                {
                    result.Add(new AffectedRange(type, introduced, null, null, null));
                }

                introduced = intro;
            }
            else if (Str(e, "fixed", where) is { } fix)
            {
                result.Add(new AffectedRange(type, introduced ?? "0", fix, null, null));
                introduced = null;
            }
            else if (Str(e, "last_affected", where) is { } last)
            {
                result.Add(new AffectedRange(type, introduced ?? "0", null, last, null));
                introduced = null;
            }
            else if (Str(e, "limit", where) is { } lim)
            {
                limit = lim;
            }
            else
            {
                throw new FeedException($"{where}: a range event has none of introduced, fixed, last_affected, limit");
            }
        }

        if (introduced is not null)
        {
            result.Add(new AffectedRange(type, introduced, null, null, null));
        }

        return limit is null ? result : result.ConvertAll(r => r with { Limit = limit });
    }
}
