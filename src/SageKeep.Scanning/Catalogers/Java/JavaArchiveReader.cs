using System.IO.Compression;
using System.Text;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Java;

/// <summary>Reads one claimed archive and its nested archives, sharing one decompression budget.</summary>
internal sealed class JavaArchiveReader(
    ClaimedFile file, string catalogerId, long decompressionBudget = JavaArchiveLimits.MaxTotalDecompressedBytes)
{
    private long _remainingBytes = decompressionBudget;

    public List<PackageRecord> Packages { get; } = [];

    public List<string> Warnings { get; } = [];

    public void ReadArchive(Stream content, string displayPath, int depth, CancellationToken cancellationToken)
    {
        // A central directory record is at least 46 bytes; its declared size bounds the entry count.
        if (ZipPreflight.CentralDirectorySize(content) is > JavaArchiveLimits.MaxEntries * 46UL * 2 and var directorySize)
        {
            Warnings.Add($"{displayPath}: zip central directory of {directorySize} bytes is too large (more than about {JavaArchiveLimits.MaxEntries} entries)");
            return;
        }

        content.Position = 0;
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception ex) when (IsZipFault(ex))
        {
            Warnings.Add($"{displayPath}: not a readable zip archive ({ex.Message})");
            return;
        }

        using (archive)
        {
            // The central directory is read lazily, on first access to Entries.
            System.Collections.ObjectModel.ReadOnlyCollection<ZipArchiveEntry> entries;
            try
            {
                entries = archive.Entries;
            }
            catch (Exception ex) when (IsZipFault(ex))
            {
                Warnings.Add($"{displayPath}: zip central directory is malformed ({ex.Message})");
                return;
            }

            if (entries.Count > JavaArchiveLimits.MaxEntries)
            {
                Warnings.Add($"{displayPath}: archive has {entries.Count} entries, more than {JavaArchiveLimits.MaxEntries}");
                return;
            }

            // Step 1: one pass over the central directory: Maven metadata, the manifest, nested archives.
            var found = 0;
            ZipArchiveEntry? manifest = null;
            var nested = new List<ZipArchiveEntry>();
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsPomProperties(entry.FullName))
                {
                    found += ReadPomProperties(entry, displayPath) ? 1 : 0;
                }
                else if (string.Equals(entry.FullName, "META-INF/MANIFEST.MF", StringComparison.OrdinalIgnoreCase))
                {
                    manifest = entry;
                }
                else if (JavaArchiveLimits.IsArchiveName(entry.FullName) && !entry.FullName.EndsWith('/'))
                {
                    nested.Add(entry);
                }
            }

            // Step 2: without Maven metadata, the manifest (and the file name) identify the archive.
            if (found == 0)
            {
                ReadManifest(manifest, displayPath);
            }

            // Step 3: nested archives, depth-first, within the depth and byte budget.
            foreach (var entry in nested)
            {
                var nestedPath = displayPath + ":" + entry.FullName;
                if (depth + 1 > JavaArchiveLimits.MaxDepth)
                {
                    Warnings.Add($"{nestedPath}: nested deeper than {JavaArchiveLimits.MaxDepth} archives; not read");
                    continue;
                }

                using var buffer = CopyBounded(entry, nestedPath, long.MaxValue);
                if (buffer is not null)
                {
                    ReadArchive(buffer, nestedPath, depth + 1, cancellationToken);
                }
            }
        }
    }

    // What System.IO.Compression throws for hostile or damaged archives: malformed structures,
    // unsupported compression methods or encryption, corrupt deflate data, offsets outside the file.
    private static bool IsZipFault(Exception ex) =>
        ex is InvalidDataException or NotSupportedException or IOException or ArgumentOutOfRangeException;

    private static bool IsPomProperties(string name) =>
        name.StartsWith("META-INF/maven/", StringComparison.Ordinal)
        && name.EndsWith("/pom.properties", StringComparison.Ordinal)
        && name.Count(c => c == '/') == 4;

    private bool ReadPomProperties(ZipArchiveEntry entry, string displayPath)
    {
        var text = ReadText(entry, displayPath);
        if (text is null)
        {
            return false;
        }

        var properties = JavaProperties.Parse(text);
        var segments = entry.FullName.Split('/');
        var group = properties.GetValueOrDefault("groupId") ?? segments[2];
        var artifact = properties.GetValueOrDefault("artifactId") ?? segments[3];
        var version = properties.GetValueOrDefault("version");
        if (string.IsNullOrWhiteSpace(group) || string.IsNullOrWhiteSpace(artifact) || string.IsNullOrWhiteSpace(version))
        {
            Warnings.Add($"{displayPath}:{entry.FullName}: pom.properties lacks groupId, artifactId or version");
            return false;
        }

        Add(group, artifact, version, displayPath);
        return true;
    }

    private void ReadManifest(ZipArchiveEntry? entry, string displayPath)
    {
        var text = entry is null ? null : ReadText(entry, displayPath);
        var attributes = text is null ? new Dictionary<string, string>() : JavaManifest.ParseMainSection(text);
        var identity = JavaManifest.Identify(attributes, displayPath);
        if (identity is null)
        {
            Warnings.Add($"{displayPath}: no pom.properties and no name and version in MANIFEST.MF or the file name");
            return;
        }

        Add(identity.Value.Group, identity.Value.Artifact, identity.Value.Version, displayPath);
    }

    private void Add(string? group, string artifact, string version, string displayPath)
    {
        group = string.IsNullOrWhiteSpace(group) ? null : group.Trim();
        artifact = artifact.Trim();
        version = version.Trim();
        if (artifact.Trim('/').Length == 0)
        {
            return;
        }

        var name = group is null ? artifact : group + ":" + artifact;
        Packages.Add(new PackageRecord(
            name, version, "maven", Purl.For("maven", group, artifact, version), displayPath, file.LayerDigest, catalogerId));
    }

    private string? ReadText(ZipArchiveEntry entry, string displayPath)
    {
        using var buffer = CopyBounded(entry, displayPath + ":" + entry.FullName, JavaArchiveLimits.MaxMetadataBytes);
        return buffer is null ? null : new UTF8Encoding(false, false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // Copies an entry into memory counting the bytes actually inflated (the declared size may lie),
    // refusing once the per-file limit or the archive-wide budget is exceeded.
    private MemoryStream? CopyBounded(ZipArchiveEntry entry, string entryPath, long perFileLimit)
    {
        var limit = Math.Min(perFileLimit, _remainingBytes);
        if (entry.Length > limit)
        {
            Warnings.Add($"{entryPath}: {entry.Length} bytes would exceed the decompression budget; not read");
            return null;
        }

        var buffer = new MemoryStream();
        try
        {
            using var source = entry.Open();
            var chunk = new byte[81920];
            int read;
            while ((read = source.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    Warnings.Add($"{entryPath}: inflates beyond the decompression budget; not read");
                    _remainingBytes -= buffer.Length;
                    buffer.Dispose();
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception ex) when (IsZipFault(ex))
        {
            Warnings.Add($"{entryPath}: entry cannot be decompressed ({ex.Message})");
            buffer.Dispose();
            return null;
        }

        _remainingBytes -= buffer.Length;
        buffer.Position = 0;
        return buffer;
    }
}
