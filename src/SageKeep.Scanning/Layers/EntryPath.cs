namespace SageKeep.Scanning.Layers;

/// <summary>
/// Normalises tar entry names to absolute image paths the way tar tools do: a leading "/" or "./" is dropped,
/// "." components and repeated slashes collapse. A ".." component is never resolved: it is refused.
/// </summary>
internal static class EntryPath
{
    /// <summary>The components of the path, or null when it contains "..".</summary>
    public static string[]? Split(string name)
    {
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part == "..")
            {
                return null;
            }

            if (part != ".")
            {
                kept.Add(part);
            }
        }

        return [.. kept];
    }

    public static string Join(IEnumerable<string> components) => "/" + string.Join('/', components);
}
