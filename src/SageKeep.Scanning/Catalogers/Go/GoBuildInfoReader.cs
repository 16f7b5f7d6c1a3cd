using System.Text;

namespace SageKeep.Scanning.Catalogers.Go;

/// <summary>
/// Finds and decodes the Go build info blob (as Go's debug/buildinfo does): the <c>.go.buildinfo</c>
/// section, or else the start of the first writable PT_LOAD segment, holds a 32-byte header:
/// the 14-byte magic "\xff Go buildinf:", the pointer size, and flags (bit 0 big-endian, bit 1 inline
/// strings). Since Go 1.18 the version and module-info strings follow inline as uvarint-length-prefixed
/// bytes; before, the header holds two pointers to Go string headers (data pointer, length) in the data segment.
/// </summary>
internal static class GoBuildInfoReader
{
    private const int HeaderSize = 32;
    private const int SearchBytes = 64 * 1024;
    private const int MaxStringBytes = 4 * 1024 * 1024;

    // 0xFF then " Go buildinf:"; spelled with a byte array since a u8 string would encode U+00FF as two bytes.
    internal static ReadOnlySpan<byte> Magic =>
        [0xFF, (byte)' ', (byte)'G', (byte)'o', (byte)' ', (byte)'b', (byte)'u', (byte)'i', (byte)'l', (byte)'d', (byte)'i', (byte)'n', (byte)'f', (byte)':'];

    /// <summary>The build info, or (null, null) when the binary is not a Go binary, or (null, error) when it is malformed.</summary>
    public static (GoBuildInfo? Info, string? Error) Read(ElfFile elf)
    {
        // Step 1: locate the header.
        var (blob, blobAddress) = Locate(elf);
        if (blob is null)
        {
            return (null, null);
        }

        var ptrSize = blob[14];
        var flags = blob[15];
        if (ptrSize is not (4 or 8))
        {
            return (null, $"Go build info pointer size {ptrSize} is neither 4 nor 8");
        }

        // Step 2 (Go 1.18+): inline uvarint-prefixed strings right after the header.
        if ((flags & 0x2) != 0)
        {
            var position = HeaderSize;
            var version = ReadVarintBytes(elf, blob, blobAddress, ref position);
            var moduleInfo = version is null ? null : ReadVarintBytes(elf, blob, blobAddress, ref position);
            return version is null || moduleInfo is null
                ? (null, "Go build info strings are truncated or too long")
                : (new GoBuildInfo(Encoding.UTF8.GetString(version), StripSentinels(moduleInfo)), null);
        }

        // Step 3 (before Go 1.18): pointers to string headers, read through the program headers.
        var bigEndian = (flags & 0x1) != 0;
        var versionPtr = ReadPointer(blob.AsSpan(16), ptrSize, bigEndian);
        var modPtr = ReadPointer(blob.AsSpan(16 + ptrSize), ptrSize, bigEndian);
        var oldVersion = ReadGoString(elf, versionPtr, ptrSize, bigEndian);
        var oldModuleInfo = ReadGoString(elf, modPtr, ptrSize, bigEndian);
        return oldVersion is null || oldModuleInfo is null
            ? (null, "Go build info string pointers do not point into the binary")
            : (new GoBuildInfo(Encoding.UTF8.GetString(oldVersion), StripSentinels(oldModuleInfo)), null);
    }

    private static (byte[]? Blob, ulong Address) Locate(ElfFile elf)
    {
        var section = elf.Sections.FirstOrDefault(s => s.Name == ".go.buildinfo");
        if (section is not null)
        {
            var bytes = elf.ReadSection(".go.buildinfo", SearchBytes);
            return bytes is not null && bytes.Length >= HeaderSize && bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)
                ? (bytes, section.Address)
                : (null, 0);
        }

        // Without section headers the blob is 16-byte aligned near the start of the writable data segment.
        var data = elf.Segments.FirstOrDefault(s => s.Type == ElfSegment.Load && (s.Flags & ElfSegment.Writable) != 0);
        if (data is null)
        {
            return (null, 0);
        }

        var window = elf.ReadAt(data.Offset, (int)Math.Min(data.FileSize, SearchBytes));
        if (window is null)
        {
            return (null, 0);
        }

        for (var i = 0; i + HeaderSize <= window.Length; i += 16)
        {
            if (window.AsSpan(i, Magic.Length).SequenceEqual(Magic))
            {
                return (window[i..], data.VirtualAddress + (ulong)i);
            }
        }

        return (null, 0);
    }

    // The inline strings usually fit in the bytes already read; if not, they are read by address.
    private static byte[]? ReadVarintBytes(ElfFile elf, byte[] blob, ulong blobAddress, ref int position)
    {
        ulong length = 0;
        var shift = 0;
        while (true)
        {
            if (position >= blob.Length || shift > 63)
            {
                return null;
            }

            var b = blob[position++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }

            shift += 7;
        }

        if (length > MaxStringBytes)
        {
            return null;
        }

        var count = (int)length;
        byte[]? bytes = position + count <= blob.Length
            ? blob[position..(position + count)]
            : elf.ReadVirtual(blobAddress + (ulong)position, count);
        position += count;
        return bytes;
    }

    private static byte[]? ReadGoString(ElfFile elf, ulong headerAddress, int ptrSize, bool bigEndian)
    {
        var header = elf.ReadVirtual(headerAddress, 2 * ptrSize);
        if (header is null)
        {
            return null;
        }

        var dataPtr = ReadPointer(header, ptrSize, bigEndian);
        var length = ReadPointer(header.AsSpan(ptrSize), ptrSize, bigEndian);
        if (length > MaxStringBytes)
        {
            return null;
        }

        return elf.ReadVirtual(dataPtr, (int)length);
    }

    private static ulong ReadPointer(ReadOnlySpan<byte> bytes, int ptrSize, bool bigEndian) => ptrSize == 8
        ? (bigEndian ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes) : System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes))
        : (bigEndian ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes));

    // The module info is framed by two 16-byte binary sentinels (cmd/go modinfo.go: infoStart/infoEnd);
    // the end sentinel is preceded by a newline. Go's debug/buildinfo strips them the same way, as bytes.
    private static string StripSentinels(byte[] moduleInfo) =>
        Encoding.UTF8.GetString(moduleInfo.Length >= 33 && moduleInfo[^17] == (byte)'\n' ? moduleInfo.AsSpan(16, moduleInfo.Length - 32) : moduleInfo);
}
