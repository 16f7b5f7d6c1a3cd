using System.IO.Compression;
using ZstdSharp;

namespace SageKeep.Scanning.Layers;

/// <summary>
/// Detects compression from magic bytes (RFC 1952 section 2.3.1 for gzip 1f 8b; RFC 8878 section 3.1.1 for the zstd
/// frame magic 28 b5 2f fd) rather than trusting the media type, which registries and tools get wrong.
/// </summary>
internal static class Compression
{
    /// <summary>Reads the first four bytes of a seekable stream and rewinds it.</summary>
    public static async Task<LayerCompression> DetectAsync(Stream seekable, CancellationToken cancellationToken)
    {
        var magic = new byte[4];
        var read = await seekable.ReadAtLeastAsync(magic, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        seekable.Position = 0;
        return Classify(magic.AsSpan(0, read));
    }

    public static LayerCompression Classify(ReadOnlySpan<byte> magic) => magic switch
    {
        [0x1f, 0x8b, ..] => LayerCompression.Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => LayerCompression.Zstd,
        _ => LayerCompression.None,
    };

    public static Stream Open(Stream compressed, LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true),
        LayerCompression.Zstd => new DecompressionStream(compressed, leaveOpen: true),
        _ => compressed,
    };
}
