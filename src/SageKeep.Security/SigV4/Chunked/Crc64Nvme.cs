namespace SageKeep.Security.SigV4.Chunked;

/// <summary>
/// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and final XOR all ones), the
/// <c>x-amz-checksum-crc64nvme</c> algorithm. Table-driven, one byte per step.
/// </summary>
internal static class Crc64Nvme
{
    private static readonly ulong[] Table = BuildTable();

    public static ulong Append(ulong state, ReadOnlySpan<byte> data)
    {
        var crc = state;
        foreach (var b in data)
        {
            crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>Initial state; the checksum is <c>~state</c> after the last append.</summary>
    public const ulong Initial = ulong.MaxValue;

    private static ulong[] BuildTable()
    {
        const ulong polynomial = 0x9A6C9329AC4BC9B5;
        var table = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ulong)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
            }

            table[i] = crc;
        }

        return table;
    }
}
