using System.Text;

namespace SageKeep.Security.SigV4;

/// <summary>
/// Percent-encoding as SigV4 defines it ("Create a canonical request", AWS General Reference):
/// RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~) are kept, every other byte of the UTF-8
/// form becomes %XY with uppercase hex.
/// </summary>
internal static class SigV4Encoding
{
    private const string UpperHex = "0123456789ABCDEF";

    public static bool IsUnreserved(int b) =>
        (uint)(b - 'A') <= 'Z' - 'A' || (uint)(b - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b is '-' or '_' or '.' or '~';

    /// <summary>Appends the encoded form of <paramref name="bytes"/>; '/' is kept when <paramref name="keepSlash"/>.</summary>
    public static void AppendEncoded(StringBuilder sb, ReadOnlySpan<byte> bytes, bool keepSlash)
    {
        foreach (var b in bytes)
        {
            if (IsUnreserved(b) || (keepSlash && b == '/'))
            {
                sb.Append((char)b);
            }
            else
            {
                AppendEscape(sb, b);
            }
        }
    }

    /// <summary>Encodes the UTF-8 form of <paramref name="text"/>; '/' is kept when <paramref name="keepSlash"/>.</summary>
    public static void AppendEncoded(StringBuilder sb, ReadOnlySpan<char> text, bool keepSlash)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x80)
            {
                // Rare: non-ASCII in a raw target. Encode the rest through its UTF-8 form.
                AppendEncoded(sb, Encoding.UTF8.GetBytes(text[i..].ToString()), keepSlash);
                return;
            }

            if (IsUnreserved(c) || (keepSlash && c == '/'))
            {
                sb.Append(c);
            }
            else
            {
                AppendEscape(sb, (byte)c);
            }
        }
    }

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 8);
        AppendEncoded(sb, bytes, keepSlash: false);
        return sb.ToString();
    }

    public static void AppendEscape(StringBuilder sb, byte b) =>
        sb.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);

    /// <summary>
    /// Percent-decodes a query component into bytes. '+' is read as a space, as form encoding
    /// (and AWS S3, Ceph RGW, MinIO) do; a literal plus must be sent as %2B, which every AWS SDK
    /// does. A '%' not followed by two hex digits is kept literally.
    /// </summary>
    public static byte[] DecodeQueryComponent(ReadOnlySpan<char> text)
    {
        var needsWork = false;
        foreach (var c in text)
        {
            if (c is '%' or '+' || c >= 0x80)
            {
                needsWork = true;
                break;
            }
        }

        if (!needsWork)
        {
            return Encoding.ASCII.GetBytes(text.ToString());
        }

        var utf8 = Encoding.UTF8.GetBytes(text.ToString());
        var output = new byte[utf8.Length];
        var n = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b == '%' && i + 2 < utf8.Length && TryHex(utf8[i + 1], out var hi) && TryHex(utf8[i + 2], out var lo))
            {
                output[n++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else
            {
                output[n++] = b == '+' ? (byte)' ' : b;
            }
        }

        return output.AsSpan(0, n).ToArray();
    }

    public static bool TryHex(int c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
