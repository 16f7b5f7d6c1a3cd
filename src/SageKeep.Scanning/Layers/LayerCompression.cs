namespace SageKeep.Scanning.Layers;

/// <summary>How a layer blob is compressed, as told by its first bytes.</summary>
internal enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
