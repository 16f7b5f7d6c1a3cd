using SageKeep.Scanning.Packages;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// Turns one merged vulnerability of one package into a <see cref="Finding"/>: fix information from the
/// advisories, and NVD's details (CVSS, C/I/A impact, CWE, references, KEV) for its CVE ids.
/// </summary>
internal sealed class FindingBuilder(VulnDatabase database)
{
    private readonly Dictionary<(string, string), VulnRecord?> _records = [];

    /// <summary>Reads the NVD records of all <paramref name="cveIds"/> in one query ahead of <see cref="BuildAsync"/>.</summary>
    public async Task PrefetchNvdAsync(IEnumerable<string> cveIds, CancellationToken cancellationToken)
    {
        var wanted = cveIds.Where(i => i.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) && !_records.ContainsKey((NvdParser.SourceName, i)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var found = await database.GetRecordsAsync(NvdParser.SourceName, wanted, cancellationToken).ConfigureAwait(false);
        foreach (var id in wanted)
        {
            _records[(NvdParser.SourceName, id)] = found.GetValueOrDefault(id);
        }
    }

    public async Task<Finding> BuildAsync(PackageRecord package, string ns, List<Candidate> group, List<Candidate> deciding, CancellationToken cancellationToken)
    {
        var ids = group.SelectMany(c => c.Ids).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var primary = AliasGroups.PrimaryId(ids);

        // Step 1: the full records: advisories that matched (OSV ones carry severities and references), NVD for each CVE.
        var advisories = new List<VulnRecord>();
        foreach (var candidate in deciding.Concat(group).DistinctBy(c => c.Key))
        {
            if ((candidate.Match.Record ?? await RecordAsync(candidate.Match.Source, candidate.Match.RecordId, cancellationToken).ConfigureAwait(false)) is { } record)
            {
                advisories.Add(record);
            }
        }

        var nvdRecords = new List<VulnRecord>();
        foreach (var cve in ids.Where(i => i.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            if (await RecordAsync(NvdParser.SourceName, cve, cancellationToken).ConfigureAwait(false) is { } record)
            {
                nvdRecords.Add(record);
            }
        }

        // Step 2: CVSS: NVD's metrics and the advisories'; the vector shown is NVD's preferred one, else the advisory's.
        var nvdCvss = nvdRecords.SelectMany(r => r.Severities.Where(s => s.Vector is not null).Select(s => SeverityChoice.Detail(s, "nvd"))).OfType<CvssDetail>().ToList();
        var advisoryCvss = advisories.SelectMany(r => r.Severities.Where(s => s.Vector is not null).Select(s => SeverityChoice.Detail(s, r.Source))).OfType<CvssDetail>().ToList();
        var preferredNvd = nvdCvss.OrderBy(SeverityChoice.Rank).FirstOrDefault();
        var shown = preferredNvd ?? advisoryCvss.OrderBy(SeverityChoice.Rank).FirstOrDefault();
        var (severity, severitySource) = SeverityChoice.Choose(deciding, advisories.Where(r => r.Source != NvdParser.SourceName).ToList(), preferredNvd);

        // Step 3: fix information.
        var scheme = deciding[0].Match.Package.VersionScheme;
        var fixedVersion = PackageMatcher.HighestFixed(deciding, scheme);
        var fixState = fixedVersion is not null ? FindingFixState.Fixed : StateOf(deciding);

        var references = nvdRecords.Concat(advisories)
            .SelectMany(r => r.References)
            .GroupBy(r => r.Url, StringComparer.Ordinal)
            .Select(g => new FindingReference(g.Key, g.SelectMany(r => r.Tags).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        var nvd = nvdRecords.FirstOrDefault(r => string.Equals(r.Id, primary, StringComparison.OrdinalIgnoreCase)) ?? nvdRecords.FirstOrDefault();
        var osv = advisories.FirstOrDefault(r => r.Source == OsvParser.SourceName);
        var kev = nvdRecords.FirstOrDefault(r => r.KnownExploitedAdded is not null);
        return new Finding
        {
            VulnerabilityId = primary,
            Aliases = ids.Where(i => !string.Equals(i, primary, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList(),
            PackageName = package.Name,
            PackageVersion = package.Version,
            PackageType = package.Type,
            Purl = package.Purl,
            PackagePath = package.Path,
            LayerDigest = package.LayerDigest,
            SourcePackage = MatchNamespaces.IsOsPackage(package) ? package.SourceName ?? package.Name : null,
            MatchedNamespace = ns,
            MatchedBy = deciding.Select(c => c.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Severity = severity,
            SeveritySource = severitySource,
            CvssScore = shown?.BaseScore,
            CvssVector = shown?.Vector,
            Cvss = [.. nvdCvss.OrderBy(SeverityChoice.Rank), .. advisoryCvss],
            Confidentiality = shown?.Confidentiality,
            Integrity = shown?.Integrity,
            Availability = shown?.Availability,
            Cwes = nvdRecords.Concat(advisories).SelectMany(r => r.Weaknesses).Distinct(StringComparer.Ordinal).ToList(),
            FixState = fixState,
            FixedVersion = fixedVersion,
            PatchReferences = references.Where(r => r.IsPatch).Select(r => r.Url).ToList(),
            Title = osv?.Summary,
            Description = nvd?.Summary ?? osv?.Details ?? osv?.Summary ?? advisories.Select(a => a.Summary).FirstOrDefault(s => s is not null),
            Uri = UriOf(primary),
            References = references,
            Kev = kev is not null,
            KevAddedDate = kev?.KnownExploitedAdded,
            Published = nvd?.Published ?? osv?.Published,
            Modified = nvd?.Modified ?? osv?.Modified,
        };
    }

    public static string UriOf(string id) =>
        id.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) ? $"https://nvd.nist.gov/vuln/detail/{id}"
        : id.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase) ? $"https://github.com/advisories/{id}"
        : $"https://osv.dev/vulnerability/{Uri.EscapeDataString(id)}";

    /// <summary>Without a fixed version: the distribution's word first (will not fix, end-of-life), then no fix yet.</summary>
    private static FindingFixState StateOf(List<Candidate> deciding)
    {
        var states = deciding.Select(c => c.Match.Package.FixState).ToList();
        return states.Contains(FixState.WontFix) ? FindingFixState.WontFix
            : states.Contains(FixState.EndOfLife) ? FindingFixState.EndOfLife
            : states.Contains(FixState.NotFixed) || states.Contains(FixState.Fixed) ? FindingFixState.NotFixed
            : FindingFixState.Undetermined;
    }

    private async Task<VulnRecord?> RecordAsync(string source, string id, CancellationToken cancellationToken)
    {
        if (!_records.TryGetValue((source, id), out var record))
        {
            record = await database.GetRecordAsync(source, id, cancellationToken).ConfigureAwait(false);
            _records[(source, id)] = record;
        }

        return record;
    }
}
