using System.Text.Json;

namespace SageKeep.Scanning.VulnDb;

/// <summary>Bounded reads of feed streams (which are seekable: files, or zip entries copied to memory).</summary>
internal static class FeedStreams
{
    /// <summary>The first byte that is not whitespace or a UTF-8 byte order mark, or -1; the stream is rewound.</summary>
    public static int FirstSignificantByte(Stream stream)
    {
        var start = stream.Position;
        try
        {
            for (var i = 0; i < 4096; i++)
            {
                var b = stream.ReadByte();
                if (b is not (' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF))
                {
                    return b;
                }
            }

            return -1;
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>Parses the whole stream as one JSON document, refusing more than <see cref="FeedLimits.MaxWholeFileBytes"/>.</summary>
    public static JsonDocument ReadWhole(Stream stream, string fileName, FeedLimits limits)
    {
        var bytes = ReadBytes(stream, fileName, limits);
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
        }
        catch (JsonException e)
        {
            throw new FeedException($"{fileName}: invalid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} of the line: {e.Message}");
        }
    }

    public static byte[] ReadBytes(Stream stream, string fileName, FeedLimits limits)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (memory.Length + read > limits.MaxWholeFileBytes)
            {
                throw new FeedException($"{fileName}: larger than {limits.MaxWholeFileBytes} bytes, the most read whole");
            }

            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }
}
