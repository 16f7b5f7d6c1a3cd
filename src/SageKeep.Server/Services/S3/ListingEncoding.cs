using System.Text;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// Listing text: <c>encoding-type=url</c> percent-encodes keys and prefixes (slashes kept, as S3 does);
/// continuation tokens are opaque base64url of the position to resume after.
/// </summary>
internal static class ListingEncoding
{
    public static string Encode(string value, bool url) =>
        url ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value;

    public static string Token(string position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(position)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? FromToken(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var length))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
