using System.Buffers.Binary;
using System.Text;

namespace SageKeep.UnitTests.Scanning.Catalogers.Go;

/// <summary>
/// Builds minimal little-endian ELF64 executables (System V ABI layouts) for tests: one writable
/// PT_LOAD segment holding <c>data</c> at <see cref="DataAddress"/>, and optionally named sections
/// pointing into it, plus a section-name string table.
/// </summary>
internal static class CraftedElf
{
    public const ulong DataAddress = 0x500000;
    private const int DataOffset = 0x100;

    /// <param name="data">Content of the data segment.</param>
    /// <param name="sections">Named sections as (name, offset inside data, length); none means no section headers at all.</param>
    public static byte[] Build(byte[] data, params (string Name, int Offset, int Length)[] sections)
    {
        var names = new MemoryStream();
        names.WriteByte(0);
        var nameOffsets = new List<int>();
        foreach (var (name, _, _) in sections)
        {
            nameOffsets.Add((int)names.Length);
            names.Write(Encoding.ASCII.GetBytes(name + "\0"));
        }

        var shstrtabName = (int)names.Length;
        names.Write("\0.shstrtab\0"u8[1..]);
        var namesOffset = DataOffset + data.Length;
        var sectionTableOffset = Align(namesOffset + (int)names.Length, 8);
        var sectionCount = sections.Length == 0 ? 0 : sections.Length + 2; // null + sections + .shstrtab
        var image = new byte[sectionTableOffset + (sectionCount * 64)];
        var span = image.AsSpan();

        // ELF header.
        new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }.CopyTo(span);
        span[4] = 2; // ELFCLASS64
        span[5] = 1; // ELFDATA2LSB
        span[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], 62); // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], 64); // e_phoff
        BinaryPrimitives.WriteUInt64LittleEndian(span[40..], sectionCount == 0 ? 0UL : (ulong)sectionTableOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(span[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(span[54..], 56);
        BinaryPrimitives.WriteUInt16LittleEndian(span[56..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[58..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(span[60..], (ushort)sectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(span[62..], (ushort)(sectionCount == 0 ? 0 : sectionCount - 1));

        // One PT_LOAD, readable and writable, mapping the data.
        var ph = span[64..];
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], 6); // PF_R | PF_W
        BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], DataOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], DataAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[24..], DataAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)data.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], (ulong)data.Length);

        data.CopyTo(span[DataOffset..]);
        names.ToArray().CopyTo(span[namesOffset..]);

        if (sectionCount > 0)
        {
            for (var i = 0; i < sections.Length; i++)
            {
                var (_, offset, length) = sections[i];
                WriteSection(span[(sectionTableOffset + ((i + 1) * 64))..], nameOffsets[i], 1, DataAddress + (ulong)offset, DataOffset + offset, length);
            }

            WriteSection(span[(sectionTableOffset + ((sectionCount - 1) * 64))..], shstrtabName, 3, 0, namesOffset, (int)names.Length);
        }

        return image;
    }

    private static void WriteSection(Span<byte> header, int name, uint type, ulong address, int offset, int size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)name);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], (ulong)size);
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
