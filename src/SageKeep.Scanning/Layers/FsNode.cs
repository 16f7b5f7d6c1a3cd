namespace SageKeep.Scanning.Layers;

/// <summary>One path in the merged view: what it is, which layer last wrote it and which entry (Sequence) did.</summary>
internal sealed class FsNode(FsNodeKind kind, int layer, long sequence)
{
    public FsNodeKind Kind { get; set; } = kind;

    public int Layer { get; set; } = layer;

    /// <summary>Unique per applied entry: a result read from a file is kept only if the file's node still has this sequence.</summary>
    public long Sequence { get; set; } = sequence;

    public string? LinkTarget { get; set; }

    public long Size { get; set; }

    public Dictionary<string, FsNode>? Children { get; set; }
}
