namespace SageKeep.Scanning.Layers;

/// <summary>The paths one layer wrote, and their ancestors, so an opaque marker spares them whatever its position in the tar.</summary>
internal sealed class LayerPaths
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ancestors = new(StringComparer.Ordinal);

    public void Add(List<string> path)
    {
        _written.Add(string.Join('/', path));
        for (var i = 1; i < path.Count; i++)
        {
            _ancestors.Add(string.Join('/', path.Take(i)));
        }
    }

    public bool Contains(List<string> path) => _written.Contains(string.Join('/', path));

    /// <summary>True when this layer wrote the path or something below it.</summary>
    public bool Leads(List<string> path)
    {
        var key = string.Join('/', path);
        return _written.Contains(key) || _ancestors.Contains(key);
    }
}
