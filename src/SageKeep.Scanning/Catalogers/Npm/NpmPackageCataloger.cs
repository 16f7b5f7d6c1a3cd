using System.Text.Json;

namespace SageKeep.Scanning.Catalogers.Npm;

/// <summary>
/// Installed npm packages: the <c>package.json</c> at the root of each package directory under
/// <c>node_modules</c> (<c>node_modules/name/package.json</c> or <c>node_modules/@scope/name/package.json</c>,
/// at any nesting depth). Other package.json files inside a package (test fixtures, sub-builds) are not claimed.
/// </summary>
public sealed class NpmPackageCataloger : ICataloger
{
    internal const long MaxFileBytes = 4 * 1024 * 1024;

    private const string NodeModules = "/node_modules/";

    public string Id => "npm-installed";

    public string Version => "1";

    public bool Claims(string path, long size)
    {
        if (size <= 0 || size > MaxFileBytes || !path.EndsWith("/package.json", StringComparison.Ordinal))
        {
            return false;
        }

        var marker = path.LastIndexOf(NodeModules, StringComparison.Ordinal);
        if (marker < 0)
        {
            return false;
        }

        // What follows the last node_modules/ must be "name/package.json" or "@scope/name/package.json".
        var rest = path.AsSpan(marker + NodeModules.Length);
        var slashes = rest.Count('/');
        return rest.Length > 0 && (rest[0] == '@' ? slashes == 2 : slashes == 1);
    }

    public async ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        if (file.Size > MaxFileBytes)
        {
            return CatalogResult.Warning($"{file.Path}: package.json of {file.Size} bytes exceeds the {MaxFileBytes}-byte limit");
        }

        var (document, error) = await NpmJson.ParseAsync(file.Content, MaxFileBytes, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return CatalogResult.Warning($"{file.Path}: package.json {error}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return CatalogResult.Warning($"{file.Path}: package.json is not a JSON object");
            }

            var name = NpmJson.String(root, "name");
            var version = NpmJson.String(root, "version");
            if (!NpmJson.IsUsableName(name) || string.IsNullOrWhiteSpace(version))
            {
                // Not an installed package's manifest (a private workspace file, a template): nothing to report.
                return CatalogResult.Empty;
            }

            var record = NpmJson.Record(name!, version, file, Id) with { License = NpmJson.License(root) };
            return CatalogResult.Of([record]);
        }
    }
}
