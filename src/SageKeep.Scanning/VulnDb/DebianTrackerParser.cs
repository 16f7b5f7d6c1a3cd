using System.Text.Json;
using static SageKeep.Scanning.VulnDb.JsonFields;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// The Debian security tracker's JSON (security-tracker.debian.org/tracker/data/json):
/// <c>{source package: {CVE: {description, scope, releases: {codename: {status, fixed_version, urgency, repositories}}}}}</c>,
/// streamed one source package at a time. One record per (source package, CVE) with an affected entry per release.
/// </summary>
internal sealed class DebianTrackerParser : IFeedParser
{
    public const string SourceName = "debian";

    public IEnumerable<VulnRecord> Read(Stream stream, string fileName, FeedLimits limits)
    {
        using var reader = new JsonFeedReader(stream, fileName, new HashSet<string>(), limits);
        while (reader.Next() is var (name, document))
        {
            using (document)
            {
                var where = $"{fileName}: package '{Shorten(name ?? "")}'";
                if (name is null || document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new FeedException($"{where}: the tracker maps source packages to objects of CVEs");
                }

                foreach (var cve in document.RootElement.EnumerateObject())
                {
                    yield return Parse(name, cve.Name, cve.Value, $"{where}, {Shorten(cve.Name)}");
                }
            }
        }
    }

    private static VulnRecord Parse(string package, string id, JsonElement cve, string where)
    {
        if (cve.ValueKind != JsonValueKind.Object)
        {
            throw new FeedException($"{where}: must be an object");
        }

        var affected = new List<AffectedPackage>();
        if (Obj(cve, "releases", where) is { } releases)
        {
            foreach (var release in releases.EnumerateObject())
            {
                affected.Add(Release(package, release.Name, release.Value, $"{where}, release '{Shorten(release.Name)}'"));
            }
        }

        // TEMP-… ids are the tracker's own for issues without a CVE yet.
        string[] aliases = id.StartsWith("CVE-", StringComparison.Ordinal) ? [id] : [];
        return new VulnRecord(SourceName, $"{package}/{id}", null, null, null, Str(cve, "description", where), null,
            aliases, affected, [], [], [], []);
    }

    private static AffectedPackage Release(string package, string codename, JsonElement release, string where)
    {
        if (release.ValueKind != JsonValueKind.Object)
        {
            throw new FeedException($"{where}: must be an object");
        }

        var status = RequiredStr(release, "status", where);
        var fixedVersion = Str(release, "fixed_version", where);
        var urgency = Str(release, "urgency", where);

        // Tracker semantics: resolved with version "0" (or "<not-affected>") = never affected; resolved with a
        // version = fixed there; open = no fix yet, unless the release is end-of-life; undetermined = unknown.
        var state = status switch
        {
            "resolved" when fixedVersion is "0" or "<not-affected>" => FixState.NotAffected,
            "resolved" when fixedVersion is { Length: > 0 } => FixState.Fixed,
            "resolved" => throw new FeedException($"{where}: status 'resolved' without a fixed_version"),
            "open" when urgency == "end-of-life" => FixState.EndOfLife,
            "open" when Str(release, "nodsa_reason", where) == "ignored" => FixState.WontFix,
            "open" => FixState.NotFixed,
            "undetermined" => FixState.Undetermined,
            _ => throw new FeedException($"{where}: unknown status '{Shorten(status)}' (open, resolved or undetermined)"),
        };
        if (fixedVersion == "<not-affected>")
        {
            state = FixState.NotAffected;
        }

        var fix = state == FixState.Fixed ? fixedVersion : null;
        AffectedRange[] ranges = state == FixState.NotAffected ? [] : [new AffectedRange("ECOSYSTEM", "0", fix, null, null)];
        var normalisedRelease = PackageNames.NormaliseRelease("debian", codename);
        return new AffectedPackage("debian", normalisedRelease, package, package, null, "deb", state, fix, ranges, [], urgency);
    }
}
