namespace SageKeep.Scanning.Catalogers.Java;

/// <summary>Bounds for reading (possibly hostile) Java archives.</summary>
internal static class JavaArchiveLimits
{
    /// <summary>Largest top-level archive claimed.</summary>
    public const long MaxArchiveBytes = 512L * 1024 * 1024;

    /// <summary>Nesting depth: the claimed archive is depth 0; a jar in a jar in a war is depth 2.</summary>
    public const int MaxDepth = 4;

    /// <summary>Decompressed bytes copied out of one claimed archive (nested archives and metadata files together).</summary>
    public const long MaxTotalDecompressedBytes = 256L * 1024 * 1024;

    /// <summary>Entries in one archive's central directory.</summary>
    public const int MaxEntries = 200_000;

    /// <summary>pom.properties and MANIFEST.MF are small text files.</summary>
    public const int MaxMetadataBytes = 1024 * 1024;

    public static bool IsArchiveName(string path) =>
        path.EndsWith(".jar", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".war", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".ear", StringComparison.OrdinalIgnoreCase);
}
