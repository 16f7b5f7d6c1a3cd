using System.Text.Json;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Npm;

/// <summary>
/// npm lockfiles (<c>package-lock.json</c>, <c>npm-shrinkwrap.json</c>) found anywhere in the image.
/// lockfileVersion 2 and 3 list every install location in the <c>packages</c> map
/// (keys "node_modules/a/node_modules/@s/b"; "" is the project itself); version 1 nests
/// <c>dependencies</c> objects. Each distinct name@version is reported once per lockfile.
/// </summary>
public sealed class NpmLockfileCataloger : ICataloger
{
    internal const long MaxFileBytes = 64 * 1024 * 1024;

    internal const int MaxPackages = 200_000;

    private const string NodeModulesSegment = "node_modules/";

    public string Id => "npm-lockfile";

    public string Version => "1";

    public bool Claims(string path, long size) =>
        size > 0 && size <= MaxFileBytes
        && (path.EndsWith("/package-lock.json", StringComparison.Ordinal)
            || path.EndsWith("/npm-shrinkwrap.json", StringComparison.Ordinal));

    public async ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        if (file.Size > MaxFileBytes)
        {
            return CatalogResult.Warning($"{file.Path}: lockfile of {file.Size} bytes exceeds the {MaxFileBytes}-byte limit");
        }

        var (document, error) = await NpmJson.ParseAsync(file.Content, MaxFileBytes, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return CatalogResult.Warning($"{file.Path}: lockfile {error}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return CatalogResult.Warning($"{file.Path}: lockfile is not a JSON object");
            }

            var collector = new Collector(file, Id);
            if (root.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Object)
            {
                ReadPackagesMap(packages, collector);
            }
            else if (root.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
            {
                ReadDependencyTree(dependencies, collector, depth: 0);
            }
            else
            {
                return CatalogResult.Warning($"{file.Path}: lockfile has neither a 'packages' nor a 'dependencies' object");
            }

            return new CatalogResult(collector.Packages, collector.Warnings);
        }
    }

    // lockfileVersion 2/3: the key is the install location; the package name is what follows the last
    // "node_modules/", unless the entry names itself (aliases: "node_modules/alias" with "name": "real").
    private static void ReadPackagesMap(JsonElement packages, Collector collector)
    {
        foreach (var entry in packages.EnumerateObject())
        {
            var location = entry.Name;
            var marker = location.LastIndexOf(NodeModulesSegment, StringComparison.Ordinal);
            if (location.Length == 0 || marker < 0 || entry.Value.ValueKind != JsonValueKind.Object)
            {
                // "" is the root project; keys without node_modules/ are workspace folders, not installs.
                continue;
            }

            if (entry.Value.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.True)
            {
                // A symlink to a workspace folder: its target has its own entry.
                continue;
            }

            var name = NpmJson.String(entry.Value, "name") ?? location[(marker + NodeModulesSegment.Length)..];
            var version = NpmJson.String(entry.Value, "version");
            if (!collector.Add(name, version, NpmJson.License(entry.Value)))
            {
                return;
            }
        }
    }

    // lockfileVersion 1: { "name": { "version": "...", "dependencies": { ... nested ... } } }.
    private static bool ReadDependencyTree(JsonElement dependencies, Collector collector, int depth)
    {
        if (depth > 128)
        {
            collector.Warnings.Add($"{collector.File.Path}: dependency tree nests deeper than 128 levels; the rest is skipped");
            return false;
        }

        foreach (var entry in dependencies.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (!collector.Add(entry.Name, NpmJson.String(entry.Value, "version"), license: null))
            {
                return false;
            }

            if (entry.Value.TryGetProperty("dependencies", out var nested) && nested.ValueKind == JsonValueKind.Object
                && !ReadDependencyTree(nested, collector, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Collector(ClaimedFile file, string catalogerId)
    {
        private readonly HashSet<(string, string)> _seen = [];

        public ClaimedFile File { get; } = file;

        public List<PackageRecord> Packages { get; } = [];

        public List<string> Warnings { get; } = [];

        /// <summary>Adds name@version once; false when the package limit is reached.</summary>
        public bool Add(string name, string? version, string? license)
        {
            if (!NpmJson.IsUsableName(name) || string.IsNullOrWhiteSpace(version))
            {
                return true;
            }

            if (!_seen.Add((name, version)))
            {
                return true;
            }

            if (Packages.Count >= MaxPackages)
            {
                Warnings.Add($"{File.Path}: more than {MaxPackages} packages; the rest is skipped");
                return false;
            }

            Packages.Add(NpmJson.Record(name, version, File, catalogerId) with { License = license });
            return true;
        }
    }
}
