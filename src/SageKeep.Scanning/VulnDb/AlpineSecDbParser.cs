using System.Text.Json;
using static SageKeep.Scanning.VulnDb.JsonFields;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// Alpine secdb (secdb.alpinelinux.org JSON, and the YAML of the alpine-secdb repository): per package,
/// fixed version → CVE ids. One record per (release, repository, package, CVE); a fixed version of "0"
/// means the release was never affected.
/// </summary>
internal sealed class AlpineSecDbParser(bool yaml) : IFeedParser
{
    public const string SourceName = "alpine";

    public IEnumerable<VulnRecord> Read(Stream stream, string fileName, FeedLimits limits)
    {
        if (yaml)
        {
            return AlpineSecDbYaml.Read(stream, fileName, limits);
        }

        using var document = FeedStreams.ReadWhole(stream, fileName, limits);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FeedException($"{fileName}: an Alpine secdb must be a JSON object");
        }

        var release = RequiredStr(root, "distroversion", fileName);
        var repository = Str(root, "reponame", fileName) ?? "";
        var packages = new List<(string Name, List<(string Fixed, string Id)> Fixes)>();
        var index = 0;
        foreach (var entry in Objects(root, "packages", fileName, limits))
        {
            var where = $"{fileName}: packages[{index++}]";
            var pkg = Obj(entry, "pkg", where) ?? throw new FeedException($"{where}: no 'pkg'");
            var name = RequiredStr(pkg, "name", where);
            var fixes = new List<(string, string)>();
            if (Obj(pkg, "secfixes", where) is { } secfixes)
            {
                foreach (var version in secfixes.EnumerateObject())
                {
                    if (version.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    if (version.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw new FeedException($"{where} ({Shorten(name)}): secfixes '{Shorten(version.Name)}' must be a list of ids");
                    }

                    foreach (var id in version.Value.EnumerateArray())
                    {
                        fixes.Add((version.Name, id.ValueKind == JsonValueKind.String
                            ? id.GetString()!
                            : throw new FeedException($"{where} ({Shorten(name)}): secfixes '{Shorten(version.Name)}' entries must be strings")));
                    }
                }
            }

            packages.Add((name, fixes));
        }

        return ToRecords(fileName, release, repository, packages);
    }

    /// <summary>Turns (package, fixed version, id) triples into records; shared by the JSON and YAML readers.</summary>
    internal static List<VulnRecord> ToRecords(string fileName, string distroVersion, string repository, IEnumerable<(string Name, List<(string Fixed, string Id)> Fixes)> packages)
    {
        var release = PackageNames.NormaliseRelease("alpine", distroVersion.Trim());
        var records = new List<VulnRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, fixes) in packages)
        {
            foreach (var (fixedVersion, text) in fixes)
            {
                // Entries are "CVE-2019-1234" and sometimes carry a remark after the id ("CVE-… (openssl)").
                var id = text.Trim().Split(' ', 2)[0];
                if (id.Length == 0)
                {
                    continue;
                }

                var recordId = $"{release}/{repository}/{name}/{id}";
                if (!seen.Add(recordId))
                {
                    continue;
                }

                var notAffected = fixedVersion == "0";
                AffectedRange[] ranges = notAffected ? [] : [new AffectedRange("ECOSYSTEM", "0", fixedVersion, null, null)];
                var affected = new AffectedPackage("alpine", release, name, name, null, "apk",
                    notAffected ? FixState.NotAffected : FixState.Fixed, notAffected ? null : fixedVersion, ranges, [], null);
                records.Add(new VulnRecord(SourceName, recordId, null, null, null, null, null, [id], [affected], [], [], [], []));
            }
        }

        _ = fileName;
        return records;
    }
}
