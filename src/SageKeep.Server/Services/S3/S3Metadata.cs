using System.Text;
using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// The headers stored with an object and returned on GET/HEAD: user metadata (<c>x-amz-meta-*</c>, at most
/// 2 KB in all, as S3 limits it) and the system headers S3 keeps (Content-Disposition, Content-Encoding
/// without the <c>aws-chunked</c> transfer coding, Content-Language, Cache-Control, Expires).
/// </summary>
internal static class S3Metadata
{
    public const int MaxUserMetadataBytes = 2048;

    public const string DefaultContentType = "binary/octet-stream";

    private static readonly string[] SystemHeaders = ["content-disposition", "content-encoding", "content-language", "cache-control", "expires"];

    /// <summary>The stored headers of a request, or null when the user metadata is too large.</summary>
    public static Dictionary<string, string>? From(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var userBytes = 0;
        foreach (var (name, values) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower.StartsWith("x-amz-meta-", StringComparison.Ordinal))
            {
                var value = values.ToString();
                userBytes += Encoding.UTF8.GetByteCount(lower) - "x-amz-meta-".Length + Encoding.UTF8.GetByteCount(value);
                metadata[lower] = value;
            }
            else if (Array.IndexOf(SystemHeaders, lower) >= 0)
            {
                var value = lower == "content-encoding" ? WithoutAwsChunked(values.ToString()) : values.ToString();
                if (value.Length > 0)
                {
                    metadata[lower] = value;
                }
            }
        }

        return userBytes > MaxUserMetadataBytes ? null : metadata;
    }

    public static string ContentType(IHeaderDictionary headers) =>
        headers.ContentType.ToString() is { Length: > 0 } type ? type : DefaultContentType;

    /// <summary>Writes stored headers onto a response.</summary>
    public static void Apply(IReadOnlyDictionary<string, string> metadata, IHeaderDictionary response)
    {
        foreach (var (name, value) in metadata)
        {
            response[name] = value;
        }
    }

    private static string WithoutAwsChunked(string value) =>
        string.Join(", ", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(static coding => !coding.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
}
