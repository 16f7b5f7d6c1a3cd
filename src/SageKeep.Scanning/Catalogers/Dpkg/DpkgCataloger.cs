using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Dpkg;

/// <summary>
/// Debian packages from dpkg's database: /var/lib/dpkg/status, and the one-file-per-package status.d/ that
/// distroless images use instead (dpkg(1) "FILES"; GoogleContainerTools/distroless).
/// </summary>
public sealed class DpkgCataloger : ICataloger
{
    private const string StatusPath = "/var/lib/dpkg/status";
    private const string StatusDirectory = "/var/lib/dpkg/status.d/";

    public string Id => "dpkg";

    public string Version => "1.0.0";

    public bool Claims(string path, long size) =>
        path == StatusPath
        || (path.StartsWith(StatusDirectory, StringComparison.Ordinal)
            && path.IndexOf('/', StatusDirectory.Length) < 0
            && !path.EndsWith(".md5sums", StringComparison.Ordinal));

    public async ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var (paragraphs, malformed) = await ControlParagraphs.ReadAsync(file.Content, cancellationToken).ConfigureAwait(false);
        var distroless = file.Path != StatusPath;
        var packages = new List<PackageRecord>();
        var warnings = new List<string>();
        if (malformed > 0)
        {
            warnings.Add($"{file.Path}: {malformed} malformed line(s) skipped");
        }

        foreach (var paragraph in paragraphs)
        {
            if (!paragraph.TryGetValue("Package", out var name) || name.Length == 0)
            {
                warnings.Add($"{file.Path}: a paragraph has no Package field");
                continue;
            }

            // dpkg-query(1) "Status: want ok status": only the "installed" state has its files on disk.
            // status.d files of distroless images list installed packages only and may omit Status.
            if (paragraph.TryGetValue("Status", out var status) ? !IsInstalled(status) : !distroless)
            {
                continue;
            }

            if (!paragraph.TryGetValue("Version", out var version) || version.Length == 0)
            {
                warnings.Add($"{file.Path}: package {name} has no Version");
                continue;
            }

            paragraph.TryGetValue("Architecture", out var architecture);
            var (sourceName, sourceVersion) = ParseSource(paragraph.TryGetValue("Source", out var source) ? source : null, name);
            packages.Add(new PackageRecord(name, version, "deb", Purl.Build("deb", "debian", name, version, [new("arch", architecture)]), file.Path, file.LayerDigest, Id)
            {
                SourceName = sourceName,
                SourceVersion = sourceVersion,
                Architecture = string.IsNullOrEmpty(architecture) ? null : architecture,
            });
        }

        return new CatalogResult(packages, warnings);
    }

    /// <summary>"Source: name" or "Source: name (version)" (Debian Policy 5.6.1); absent means the binary's own name.</summary>
    internal static (string Name, string? Version) ParseSource(string? source, string binaryName)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return (binaryName, null);
        }

        var open = source.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (source.Trim(), null);
        }

        var close = source.IndexOf(')', open);
        var version = close > open ? source[(open + 1)..close].Trim() : null;
        return (source[..open].Trim(), string.IsNullOrEmpty(version) ? null : version);
    }

    private static bool IsInstalled(string status)
    {
        var words = status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 3 && words[2] == "installed";
    }
}
