using System.Buffers.Binary;

namespace SageKeep.Scanning.Catalogers.Java;

/// <summary>
/// Reads the size of a zip's central directory from its end records (APPNOTE.TXT 4.3.14-4.3.16)
/// before System.IO.Compression materialises one object per entry, so that an archive declaring
/// millions of entries is refused up front instead of exhausting memory.
/// </summary>
internal static class ZipPreflight
{
    private const int EndRecordSize = 22;
    private const int MaxCommentSize = 0xFFFF;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;

    /// <summary>The central directory size in bytes, or null when no end record is found (not a zip).</summary>
    public static ulong? CentralDirectorySize(Stream stream)
    {
        // Step 1: the end record sits in the last 22 bytes plus at most a 64 KiB comment.
        var tailLength = (int)Math.Min(stream.Length, EndRecordSize + MaxCommentSize);
        if (tailLength < EndRecordSize)
        {
            return null;
        }

        var tail = new byte[tailLength];
        stream.Position = stream.Length - tailLength;
        stream.ReadExactly(tail);
        var end = -1;
        for (var i = tailLength - EndRecordSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndSignature)
            {
                end = i;
                break;
            }
        }

        if (end < 0)
        {
            return null;
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        if (size != uint.MaxValue)
        {
            return size;
        }

        // Step 2: ZIP64: the locator just before the end record points at the ZIP64 end record.
        if (end < 20 || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - 20)) != Zip64LocatorSignature)
        {
            return null;
        }

        var zip64EndOffset = BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(end - 12));
        if (stream.Length < 56 || zip64EndOffset > (ulong)stream.Length - 56)
        {
            return null;
        }

        var record = new byte[56];
        stream.Position = (long)zip64EndOffset;
        stream.ReadExactly(record);
        return BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature
            ? BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40))
            : null;
    }
}
