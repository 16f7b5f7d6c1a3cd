using System.Buffers.Binary;
using System.Text;

namespace SageKeep.UnitTests.Scanning.Catalogers.Go;

/// <summary>Go build info blobs laid out as the Go linker writes them (cmd/link, debug/buildinfo).</summary>
internal static class GoBuildInfoFixture
{
    // cmd/go/internal/modload/build.go: the 16-byte sentinels framing the module info.
    private static readonly byte[] InfoStart = Convert.FromHexString("3077af0c9274080241e1c107e6d618e6");
    private static readonly byte[] InfoEnd = Convert.FromHexString("f932433186182072008242104116d8f2");

    public const string ModuleInfo =
        "path\texample.com/hello\n" +
        "mod\texample.com/hello\tv1.2.3\th1:abc=\n" +
        "dep\tgithub.com/google/uuid\tv1.6.0\th1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n" +
        "dep\tgolang.org/x/text\tv0.3.0\th1:old=\n" +
        "=>\tgolang.org/x/text\tv0.14.0\th1:new=\n" +
        "dep\tgithub.com/local/fork\tv1.0.0\n" +
        "=>\t../fork\t\t\n" +
        "build\t-compiler=gc\n" +
        "build\tGOOS=linux\n";

    public static byte[] FramedModuleInfo(string text) => [.. InfoStart, .. Encoding.UTF8.GetBytes(text), .. InfoEnd];

    /// <summary>Go 1.18+ layout: 32-byte header with flag 0x2, then uvarint-prefixed version and module info.</summary>
    public static byte[] Inline(string goVersion, string moduleInfo)
    {
        var blob = new MemoryStream();
        blob.Write(Header(flags: 0x2, pointers: []));
        WriteVarintBytes(blob, Encoding.UTF8.GetBytes(goVersion));
        WriteVarintBytes(blob, FramedModuleInfo(moduleInfo));
        return blob.ToArray();
    }

    /// <summary>
    /// Pre-1.18 layout placed at <see cref="CraftedElf.DataAddress"/>: the header's two pointers lead to
    /// Go string headers (pointer, length) that lead to the bytes, all inside the data segment.
    /// </summary>
    public static byte[] Pointers(string goVersion, string moduleInfo)
    {
        var version = Encoding.UTF8.GetBytes(goVersion);
        var info = FramedModuleInfo(moduleInfo);
        const int versionHeader = 32;
        const int infoHeader = 48;
        const int versionData = 64;
        var infoData = versionData + version.Length;
        var data = new byte[infoData + info.Length];
        Header(flags: 0, pointers: [CraftedElf.DataAddress + versionHeader, CraftedElf.DataAddress + infoHeader]).CopyTo(data, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(versionHeader), CraftedElf.DataAddress + versionData);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(versionHeader + 8), (ulong)version.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(infoHeader), CraftedElf.DataAddress + (ulong)infoData);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(infoHeader + 8), (ulong)info.Length);
        version.CopyTo(data, versionData);
        info.CopyTo(data, infoData);
        return data;
    }

    private static byte[] Header(byte flags, ulong[] pointers)
    {
        var header = new byte[32];
        header[0] = 0xFF;
        " Go buildinf:"u8.CopyTo(header.AsSpan(1));
        header[14] = 8;
        header[15] = flags;
        for (var i = 0; i < pointers.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16 + (8 * i)), pointers[i]);
        }

        return header;
    }

    private static void WriteVarintBytes(Stream stream, byte[] bytes)
    {
        var length = (ulong)bytes.Length;
        while (length >= 0x80)
        {
            stream.WriteByte((byte)(length | 0x80));
            length >>= 7;
        }

        stream.WriteByte((byte)length);
        stream.Write(bytes);
    }
}
