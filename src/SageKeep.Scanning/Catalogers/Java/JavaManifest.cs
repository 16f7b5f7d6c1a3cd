namespace SageKeep.Scanning.Catalogers.Java;

/// <summary>
/// The main section of a JAR manifest (JAR File Specification, "Manifest Specification"): "Name: value"
/// headers, lines of at most 72 bytes continued by a line starting with one space, ended by a blank line.
/// </summary>
internal static class JavaManifest
{
    public static Dictionary<string, string> ParseMainSection(string text)
    {
        // Step 1: unfold continuation lines (a header may be split anywhere, even inside its name).
        var headers = new List<string>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                break; // the main section ends at the first blank line
            }

            if (line[0] == ' ' && headers.Count > 0)
            {
                headers[^1] += line[1..];
            }
            else
            {
                headers.Add(line);
            }
        }

        // Step 2: "Name: value" pairs; the first occurrence of a name wins.
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                result.TryAdd(header[..colon].Trim(), header[(colon + 1)..].Trim());
            }
        }

        return result;
    }

    /// <summary>
    /// Group, artifact and version from the manifest, completed from the archive's file name
    /// ("name-1.2.3.jar"). Null when no name or no version can be found.
    /// </summary>
    public static (string? Group, string Artifact, string Version)? Identify(
        IReadOnlyDictionary<string, string> attributes, string archivePath)
    {
        var (fileArtifact, fileVersion) = SplitFileName(archivePath);
        var symbolicName = attributes.GetValueOrDefault("Bundle-SymbolicName")?.Split(';')[0].Trim();
        var artifact = FirstNonEmpty(
            symbolicName,
            attributes.GetValueOrDefault("Implementation-Title"),
            attributes.GetValueOrDefault("Specification-Title"),
            fileArtifact);
        var version = FirstNonEmpty(
            attributes.GetValueOrDefault("Implementation-Version"),
            attributes.GetValueOrDefault("Bundle-Version"),
            attributes.GetValueOrDefault("Specification-Version"),
            fileVersion);
        if (artifact is null || version is null)
        {
            return null;
        }

        var group = FirstNonEmpty(attributes.GetValueOrDefault("Implementation-Vendor-Id"));
        return (group, artifact, version);
    }

    // "commons-io-2.11.0.jar" -> ("commons-io", "2.11.0"): the version starts after the first '-' followed by a digit.
    internal static (string? Artifact, string? Version) SplitFileName(string archivePath)
    {
        var name = archivePath[(archivePath.LastIndexOfAny(['/', ':']) + 1)..];
        var dot = name.LastIndexOf('.');
        var stem = dot > 0 ? name[..dot] : name;
        for (var i = 1; i < stem.Length - 1; i++)
        {
            if (stem[i] == '-' && char.IsAsciiDigit(stem[i + 1]))
            {
                return (stem[..i], stem[(i + 1)..]);
            }
        }

        return (stem.Length == 0 ? null : stem, null);
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.Select(v => v?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
