using System.Text;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Apk;

/// <summary>
/// Alpine packages from apk's installed database (apk-tools "Apk spec", wiki.alpinelinux.org/wiki/Apk_spec:
/// one stanza per package, "X:value" lines, stanzas separated by blank lines).
/// </summary>
public sealed class ApkCataloger : ICataloger
{
    private const string InstalledPath = "/lib/apk/db/installed";
    private const int MaxLineLength = 64 * 1024;
    private const int MaxPackages = 100_000;

    public string Id => "apk";

    public string Version => "1.0.0";

    public bool Claims(string path, long size) => path == InstalledPath;

    public async ValueTask<CatalogResult> CatalogAsync(ClaimedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var packages = new List<PackageRecord>();
        var warnings = new List<string>();
        var stanza = new Dictionary<char, string>();
        var skipped = 0;
        using var reader = new StreamReader(file.Content, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 65536, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            if (line.Length < 2 || line[1] != ':' || line.Length > MaxLineLength)
            {
                skipped++;
                continue;
            }

            // Only the first occurrence of a key counts: file entries (F:, R:) repeat, package keys do not.
            stanza.TryAdd(line[0], line[2..]);
        }

        Flush();
        if (skipped > 0)
        {
            warnings.Add($"{file.Path}: {skipped} malformed line(s) skipped");
        }

        return new CatalogResult(packages, warnings);

        void Flush()
        {
            if (stanza.Count == 0)
            {
                return;
            }

            if (stanza.TryGetValue('P', out var name) && stanza.TryGetValue('V', out var version) && name.Length > 0 && version.Length > 0)
            {
                if (packages.Count < MaxPackages)
                {
                    stanza.TryGetValue('A', out var arch);
                    stanza.TryGetValue('o', out var origin);
                    packages.Add(new PackageRecord(name, version, "apk", Purl.Build("apk", "alpine", name, version, [new("arch", arch)]), file.Path, file.LayerDigest, Id)
                    {
                        SourceName = string.IsNullOrEmpty(origin) ? name : origin,
                        Architecture = string.IsNullOrEmpty(arch) ? null : arch,
                        License = stanza.GetValueOrDefault('L'),
                        Checksum = stanza.GetValueOrDefault('C'),
                    });
                }
            }
            else
            {
                warnings.Add($"{file.Path}: a stanza has no P: or V: line");
            }

            stanza.Clear();
        }
    }
}
