using SageKeep.Scanning.Packages;
using SageKeep.Scanning.Versions;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// Finds and evaluates the advisory entries for one installed package. OS packages are looked up by
/// distribution, release and source package and compared with the distribution's scheme; language packages
/// by OSV ecosystem and normalised name. NVD CPE ranges are never consulted: for OS packages they ignore
/// backported fixes, the classic source of false positives.
/// </summary>
internal sealed class PackageMatcher(VulnDatabase database)
{
    private readonly Dictionary<(string, string, string), IReadOnlyList<AffectedMatch>> _lookups = [];

    /// <summary>Every entry that names the package, evaluated; the namespace label ("alpine:3.11") that matched.</summary>
    public async Task<(List<Candidate> Candidates, string Namespace, List<string> Warnings)> EvaluateAsync(
        PackageRecord package, (string Namespace, IReadOnlyList<string> Releases)? os, CancellationToken cancellationToken)
    {
        var candidates = new List<Candidate>();
        var warnings = new List<string>();
        if (Plan(package, os) is not { } plan)
        {
            return (candidates, string.Empty, warnings);
        }

        var (ns, releases, names, version) = plan;

        var label = ns;
        foreach (var (release, name) in releases.SelectMany(r => names.Select(n => (r, n))))
        {
            var matches = await LookupAsync(ns, release, name, cancellationToken).ConfigureAwait(false);
            if (matches.Count > 0 && release.Length > 0)
            {
                label = $"{ns}:{release}";
            }

            foreach (var match in matches)
            {
                var (verdict, fixedVersion) = AdvisoryEvaluator.Evaluate(match.Package, version);
                if (verdict == AdvisoryVerdict.Unknown)
                {
                    warnings.Add($"{package.Name} {package.Version}: {match.Source}:{match.RecordId} could not be evaluated ('{version}' or a bound is not a valid {match.Package.VersionScheme} version)");
                }

                candidates.Add(new Candidate(match, verdict, fixedVersion, IdsOf(match)));
            }
        }

        if (releases.Count == 1 && releases[0].Length > 0)
        {
            label = $"{ns}:{releases[0]}";
        }

        return (candidates, label, warnings);
    }

    /// <summary>
    /// Looks up every package of an inventory ahead of <see cref="EvaluateAsync"/>: one query per (namespace, release)
    /// for all their names, instead of one per package.
    /// </summary>
    public async Task PrefetchAsync(IEnumerable<PackageRecord> packages, (string Namespace, IReadOnlyList<string> Releases)? os, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<(string Ns, string Release), HashSet<string>>();
        foreach (var package in packages)
        {
            if (Plan(package, os) is not { } plan)
            {
                continue;
            }

            var (ns, releases, names, _) = plan;

            foreach (var release in releases)
            {
                if (!wanted.TryGetValue((ns, release), out var set))
                {
                    wanted[(ns, release)] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(names.Where(n => !_lookups.ContainsKey((ns, release, n))));
            }
        }

        foreach (var ((ns, release), names) in wanted.Where(w => w.Value.Count > 0))
        {
            foreach (var (name, matches) in await database.FindAffectedAsync(ns, release, names, cancellationToken).ConfigureAwait(false))
            {
                _lookups[(ns, release, name)] = matches;
            }
        }
    }

    /// <summary>
    /// What to look up for a package: OS packages by distribution, release and source package, compared with the
    /// distribution's scheme; language packages by OSV ecosystem and normalised name. Null when neither applies.
    /// </summary>
    private static (string Ns, IReadOnlyList<string> Releases, IReadOnlyList<string> Names, string Version)? Plan(
        PackageRecord package, (string Namespace, IReadOnlyList<string> Releases)? os)
    {
        if (MatchNamespaces.IsOsPackage(package))
        {
            if (os is null)
            {
                return null;
            }

            // Debian and Alpine advisories name source packages; RPM advisories (ALSA, RHSA) name binary packages.
            IReadOnlyList<string> names = package.Type == "rpm" && package.SourceName is { } source && source != package.Name
                ? [package.Name, source]
                : [package.SourceName ?? package.Name];

            // The tracker's fixed versions are source versions (a binNMU "+b1" binary carries its source's version).
            return (os.Value.Namespace, os.Value.Releases, names, package.SourceVersion ?? package.Version);
        }

        return MatchNamespaces.ForLanguage(package.Type) is { } ecosystem
            ? (ecosystem, [string.Empty], [PackageNames.Normalise(ecosystem, package.Name)], package.Version)
            : null;
    }

    /// <summary>
    /// Decides one merged vulnerability: for OS packages the distribution's own tracker outranks OSV copies of
    /// distribution data when it has an entry; otherwise any affected entry makes it a finding.
    /// </summary>
    public static List<Candidate> Deciding(List<Candidate> group, bool osPackage)
    {
        var deciding = osPackage && group.Any(c => c.IsDistroNative) ? group.Where(c => c.IsDistroNative).ToList() : group;
        return deciding.Where(c => c.Verdict == AdvisoryVerdict.Affected).ToList();
    }

    /// <summary>The ids a record carries: its own id when it is a vulnerability id (OSV, NVD), and its aliases.</summary>
    private static List<string> IdsOf(AffectedMatch match)
    {
        var ids = new List<string>(match.Aliases);
        if (match.Source is OsvParser.SourceName or NvdParser.SourceName)
        {
            ids.Add(match.RecordId);
        }
        else if (ids.Count == 0)
        {
            // Distribution record ids end with the vulnerability id ("bookworm/…/TEMP-0000000-1").
            ids.Add(match.RecordId[(match.RecordId.LastIndexOf('/') + 1)..]);
        }

        return ids;
    }

    private async Task<IReadOnlyList<AffectedMatch>> LookupAsync(string ns, string release, string name, CancellationToken cancellationToken)
    {
        if (!_lookups.TryGetValue((ns, release, name), out var matches))
        {
            matches = await database.FindAffectedAsync(ns, release, name, cancellationToken).ConfigureAwait(false);
            _lookups[(ns, release, name)] = matches;
        }

        return matches;
    }

    /// <summary>The highest of the fixed versions in the scheme's order (upgrading to it fixes every source's claim).</summary>
    public static string? HighestFixed(IEnumerable<Candidate> candidates, string scheme)
    {
        var comparer = VersionSchemes.For(scheme);
        var fixes = candidates.Select(c => c.FixedVersion).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return comparer is null ? fixes.FirstOrDefault() : fixes.OrderDescending(Comparer<string>.Create((a, b) =>
            comparer.Compare(AdvisoryEvaluator.Normalise(scheme, a), AdvisoryEvaluator.Normalise(scheme, b)))).FirstOrDefault();
    }
}
