using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Python;

/// <summary>
/// Installed Python distributions: <c>*.dist-info/METADATA</c> (wheel installs, PEP 376 / PEP 627),
/// <c>*.egg-info/PKG-INFO</c> and single-file <c>*.egg-info</c> (setuptools) under site-packages or
/// dist-packages. The header fields follow the Core Metadata specification (RFC 822 style).
/// </summary>
public sealed class PythonPackageCataloger : ICataloger
{
    /// <summary>Metadata files carry the long description after the headers; more than this is refused.</summary>
    internal const long MaxFileBytes = 8 * 1024 * 1024;

    public string Id => "python-installed";

    public string Version => "1";

    public bool Claims(string path, long size)
    {
        if (size <= 0 || size > MaxFileBytes)
        {
            return false;
        }

        if (!path.Contains("/site-packages/", StringComparison.Ordinal)
            && !path.Contains("/dist-packages/", StringComparison.Ordinal))
        {
            return false;
        }

        return path.EndsWith(".dist-info/METADATA", StringComparison.Ordinal)
            || path.EndsWith(".egg-info/PKG-INFO", StringComparison.Ordinal)
            || path.EndsWith(".egg-info", StringComparison.Ordinal);
    }

    public async ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        if (file.Size > MaxFileBytes)
        {
            return CatalogResult.Warning($"{file.Path}: metadata file of {file.Size} bytes exceeds the {MaxFileBytes}-byte limit");
        }

        var headers = await PythonMetadataReader.ReadHeadersAsync(file.Content, cancellationToken).ConfigureAwait(false);
        if (headers.Error is not null)
        {
            return CatalogResult.Warning($"{file.Path}: {headers.Error}");
        }

        var name = headers.Get("Name");
        var version = headers.Get("Version");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(version))
        {
            return CatalogResult.Warning($"{file.Path}: Python metadata has no {(string.IsNullOrWhiteSpace(name) ? "Name" : "Version")} field");
        }

        // PEP 508 names are ASCII letters, digits, '-', '_' and '.'; anything else is not a distribution name.
        name = name.Trim();
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return CatalogResult.Warning($"{file.Path}: Python metadata Name '{name}' is not a valid distribution name");
        }

        var normalised = NormaliseName(name);
        version = version.Trim();
        var record = new PackageRecord(
            normalised,
            version,
            "pypi",
            Purl.For("pypi", null, normalised, version),
            file.Path,
            file.LayerDigest,
            Id)
        {
            License = LicenseOf(headers),
        };
        return CatalogResult.Of([record]);
    }

    /// <summary>PEP 503 normalisation: lowercase, every run of '-', '_' and '.' becomes one '-'.</summary>
    public static string NormaliseName(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        var inRun = false;
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                if (!inRun)
                {
                    builder.Append('-');
                }

                inRun = true;
                continue;
            }

            inRun = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    // Metadata 2.4 (PEP 639) License-Expression is an SPDX expression and wins; the older free-text
    // License field is kept only when it is a short one-line value (many packages paste the whole text).
    private static string? LicenseOf(PythonMetadataHeaders headers)
    {
        var expression = headers.Get("License-Expression")?.Trim();
        if (!string.IsNullOrEmpty(expression))
        {
            return expression;
        }

        var license = headers.Get("License")?.Trim();
        if (string.IsNullOrEmpty(license) || license == "UNKNOWN" || license.Contains('\n', StringComparison.Ordinal)
            || license.Length > 200)
        {
            return null;
        }

        return license;
    }
}
