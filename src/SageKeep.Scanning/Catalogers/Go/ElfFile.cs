using System.Buffers.Binary;
using System.Text;

namespace SageKeep.Scanning.Catalogers.Go;

/// <summary>
/// A bounded reader of the ELF headers (System V ABI, "ELF Header", "Sections", "Program Header"):
/// 32 and 64 bit, either byte order. Reads only what it is asked for, never beyond the stream.
/// </summary>
internal sealed class ElfFile
{
    private const int MaxHeaderTableBytes = 4 * 1024 * 1024;
    private const int MaxNameTableBytes = 1024 * 1024;

    private readonly Stream _stream;

    // Spelled as bytes: a C# "\x7f..." escape is greedy over hex digits and would swallow the 'E'.
    private static ReadOnlySpan<byte> Magic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    private ElfFile(Stream stream, bool is64, bool bigEndian)
    {
        _stream = stream;
        Is64 = is64;
        BigEndian = bigEndian;
    }

    public bool Is64 { get; }

    public bool BigEndian { get; }

    public IReadOnlyList<ElfSection> Sections { get; private set; } = [];

    public IReadOnlyList<ElfSegment> Segments { get; private set; } = [];

    /// <summary>True when the stream starts with the ELF magic "\x7fELF".</summary>
    public static bool HasMagic(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        stream.Position = 0;
        return stream.Length >= 4 && stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4
            && magic.SequenceEqual(Magic);
    }

    /// <summary>Parses the ELF, section and program headers; an error names what is malformed.</summary>
    public static (ElfFile? File, string? Error) Open(Stream stream)
    {
        var ident = new byte[64];
        stream.Position = 0;
        if (stream.ReadAtLeast(ident, 52, throwOnEndOfStream: false) < 52 || !ident.AsSpan(0, 4).SequenceEqual(Magic))
        {
            return (null, "not an ELF file");
        }

        var elfClass = ident[4];
        var data = ident[5];
        if (elfClass is not (1 or 2) || data is not (1 or 2))
        {
            return (null, $"ELF class {elfClass} / data encoding {data} is not valid");
        }

        var file = new ElfFile(stream, elfClass == 2, data == 2);
        var error = file.ReadHeaders(ident);
        return error is null ? (file, null) : (null, error);
    }

    /// <summary>A section's content, at most <paramref name="maxBytes"/>; null when absent or out of the file.</summary>
    public byte[]? ReadSection(string name, int maxBytes)
    {
        var section = Sections.FirstOrDefault(s => s.Name == name);
        if (section is null || section.Type == 8 /* SHT_NOBITS */)
        {
            return null;
        }

        return ReadAt(section.Offset, (int)Math.Min(section.Size, (ulong)maxBytes));
    }

    /// <summary>Bytes at a virtual address inside a loaded segment's file image; null when not mapped.</summary>
    public byte[]? ReadVirtual(ulong address, int length)
    {
        foreach (var segment in Segments)
        {
            if (segment.Type == ElfSegment.Load && address >= segment.VirtualAddress
                && address - segment.VirtualAddress < segment.FileSize
                && (ulong)length <= segment.FileSize - (address - segment.VirtualAddress))
            {
                return ReadAt(segment.Offset + (address - segment.VirtualAddress), length);
            }
        }

        return null;
    }

    /// <summary>File bytes [offset, offset+length); null when outside the file.</summary>
    public byte[]? ReadAt(ulong offset, int length)
    {
        if (length < 0 || offset > (ulong)_stream.Length || (ulong)length > (ulong)_stream.Length - offset)
        {
            return null;
        }

        var buffer = new byte[length];
        _stream.Position = (long)offset;
        return _stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false) == length ? buffer : null;
    }

    public ulong ReadWord(ReadOnlySpan<byte> bytes, int size) => size switch
    {
        8 => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        4 => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        2 => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(size)),
    };

    private string? ReadHeaders(byte[] ident)
    {
        // Step 1: table locations from the ELF header (offsets differ between ELFCLASS32 and ELFCLASS64).
        var h = ident.AsSpan();
        ulong phoff, shoff;
        int phentsize, phnum, shentsize, shnum, shstrndx;
        if (Is64)
        {
            phoff = ReadWord(h[32..], 8);
            shoff = ReadWord(h[40..], 8);
            phentsize = (int)ReadWord(h[54..], 2);
            phnum = (int)ReadWord(h[56..], 2);
            shentsize = (int)ReadWord(h[58..], 2);
            shnum = (int)ReadWord(h[60..], 2);
            shstrndx = (int)ReadWord(h[62..], 2);
        }
        else
        {
            phoff = ReadWord(h[28..], 4);
            shoff = ReadWord(h[32..], 4);
            phentsize = (int)ReadWord(h[42..], 2);
            phnum = (int)ReadWord(h[44..], 2);
            shentsize = (int)ReadWord(h[46..], 2);
            shnum = (int)ReadWord(h[48..], 2);
            shstrndx = (int)ReadWord(h[50..], 2);
        }

        // Step 2: program headers (needed to map virtual addresses to file offsets).
        var minPhent = Is64 ? 56 : 32;
        if (phnum > 0)
        {
            if (phentsize < minPhent || (long)phentsize * phnum > MaxHeaderTableBytes
                || ReadAt(phoff, phentsize * phnum) is not { } table)
            {
                return "ELF program header table is malformed or outside the file";
            }

            var segments = new List<ElfSegment>(phnum);
            for (var i = 0; i < phnum; i++)
            {
                var e = table.AsSpan(i * phentsize, phentsize);
                segments.Add(Is64
                    ? new ElfSegment((uint)ReadWord(e, 4), (uint)ReadWord(e[4..], 4), ReadWord(e[8..], 8), ReadWord(e[16..], 8), ReadWord(e[32..], 8))
                    : new ElfSegment((uint)ReadWord(e, 4), (uint)ReadWord(e[24..], 4), ReadWord(e[4..], 4), ReadWord(e[8..], 4), ReadWord(e[16..], 4)));
            }

            Segments = segments;
        }

        // Step 3: section headers and their names (from the section-name string table).
        var minShent = Is64 ? 64 : 40;
        if (shnum == 0)
        {
            return null;
        }

        if (shentsize < minShent || (long)shentsize * shnum > MaxHeaderTableBytes || shstrndx >= shnum
            || ReadAt(shoff, shentsize * shnum) is not { } sectionTable)
        {
            return "ELF section header table is malformed or outside the file";
        }

        var raw = new List<(uint NameOffset, uint Type, ulong Address, ulong Offset, ulong Size)>(shnum);
        for (var i = 0; i < shnum; i++)
        {
            var e = sectionTable.AsSpan(i * shentsize, shentsize);
            raw.Add(Is64
                ? ((uint)ReadWord(e, 4), (uint)ReadWord(e[4..], 4), ReadWord(e[16..], 8), ReadWord(e[24..], 8), ReadWord(e[32..], 8))
                : ((uint)ReadWord(e, 4), (uint)ReadWord(e[4..], 4), ReadWord(e[12..], 4), ReadWord(e[16..], 4), ReadWord(e[20..], 4)));
        }

        var names = ReadAt(raw[shstrndx].Offset, (int)Math.Min(raw[shstrndx].Size, MaxNameTableBytes));
        if (names is null)
        {
            return "ELF section name table is outside the file";
        }

        Sections = raw.Select(r => new ElfSection(NameAt(names, r.NameOffset), r.Address, r.Offset, r.Size, r.Type)).ToList();
        return null;
    }

    private static string NameAt(byte[] table, uint offset)
    {
        if (offset >= table.Length)
        {
            return string.Empty;
        }

        var span = table.AsSpan((int)offset);
        var end = span.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? span : span[..end]);
    }
}
