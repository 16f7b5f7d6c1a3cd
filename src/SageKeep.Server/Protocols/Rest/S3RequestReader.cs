using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Protocols.Rest;

/// <summary>
/// restXml for S3: path-style addressing (<c>/bucket/key</c>, which <c>--endpoint-url</c> clients use for a
/// non-AWS host, the default) or virtual-host style (Host <c>bucket.&lt;configured domain&gt;</c>, path = key),
/// and the operation named by method, key and sub-resource parameters (S3 API reference, "Operations on
/// buckets/objects"). Bodies stream; they are left to the operation handlers.
/// </summary>
internal static class S3RequestReader
{
    public static (string Operation, JsonObject Input) Read(string method, string path, IQueryCollection query, IHeaderDictionary headers, string? virtualHostDomain = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(headers);

        // Step 1: the bucket from the Host (virtual-host style) or the first path segment; the key keeps its slashes.
        string bucket;
        string key;
        if (VirtualHostBucket(headers.Host.ToString(), virtualHostDomain) is { } hostBucket)
        {
            bucket = hostBucket;
            key = Uri.UnescapeDataString(path.Length > 0 && path[0] == '/' ? path[1..] : path);
        }
        else
        {
            // Only the one slash that separates the bucket: S3 keys may begin with "/" themselves.
            var trimmed = path.Length > 0 && path[0] == '/' ? path[1..] : path;
            var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
            bucket = Uri.UnescapeDataString(slash < 0 ? trimmed : trimmed[..slash]);
            key = slash < 0 ? string.Empty : Uri.UnescapeDataString(trimmed[(slash + 1)..]);
        }

        var input = new JsonObject();
        if (bucket.Length > 0)
        {
            input["Bucket"] = bucket;
        }

        if (key.Length > 0)
        {
            input["Key"] = key;
        }

        // Step 2: the operation.
        var operation = (bucket.Length == 0, key.Length == 0) switch
        {
            (true, _) => method == "GET" ? "ListBuckets" : string.Empty,
            (false, true) => BucketOperation(method, query),
            _ => ObjectOperation(method, query, headers),
        };
        return (operation, input);
    }

    /// <summary>The bucket of a Host <c>bucket.domain[:port]</c>; null when the Host is the domain itself or another name.</summary>
    public static string? VirtualHostBucket(string host, string? domain)
    {
        if (string.IsNullOrEmpty(domain) || string.IsNullOrEmpty(host))
        {
            return null;
        }

        var colon = host.LastIndexOf(':');
        var name = (colon > 0 && !host.EndsWith(']') ? host[..colon] : host).ToLowerInvariant();
        var suffix = "." + domain;
        return name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : null;
    }

    /// <summary>
    /// True for Signature Version 2 (<c>Authorization: AWS key:signature</c>, or a presigned URL with
    /// <c>AWSAccessKeyId</c>/<c>Signature</c>), which S3 regions opened after 2014 refuse with InvalidRequest
    /// "Please use AWS4-HMAC-SHA256" (the aws CLI v1 <c>s3 presign</c> makes such URLs unless configured for s3v4).
    /// </summary>
    public static bool IsSigV2(IHeaderDictionary headers, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(query);
        var authorization = headers.Authorization.ToString();
        return authorization.StartsWith("AWS ", StringComparison.Ordinal)
            || (query.ContainsKey("AWSAccessKeyId") && query.ContainsKey("Signature") && !query.ContainsKey("X-Amz-Credential"));
    }

    private static string BucketOperation(string method, IQueryCollection query) => method switch
    {
        "GET" when query.ContainsKey("location") => "GetBucketLocation",
        "GET" when query.ContainsKey("uploads") => "ListMultipartUploads",
        "GET" when query.ContainsKey("versioning") => "GetBucketVersioning",
        "GET" when query.ContainsKey("policy") => "GetBucketPolicy",
        "GET" when query.ContainsKey("tagging") => "GetBucketTagging",
        "GET" when query["list-type"] == "2" => "ListObjectsV2",
        "GET" => "ListObjects",
        "PUT" when query.ContainsKey("policy") => "PutBucketPolicy",
        "PUT" when query.ContainsKey("versioning") => "PutBucketVersioning",
        "PUT" when query.ContainsKey("tagging") => "PutBucketTagging",
        "PUT" => "CreateBucket",
        "HEAD" => "HeadBucket",
        "DELETE" when query.ContainsKey("policy") => "DeleteBucketPolicy",
        "DELETE" when query.ContainsKey("tagging") => "DeleteBucketTagging",
        "DELETE" => "DeleteBucket",
        "POST" when query.ContainsKey("delete") => "DeleteObjects",
        _ => string.Empty,
    };

    private static string ObjectOperation(string method, IQueryCollection query, IHeaderDictionary headers) => method switch
    {
        "GET" when query.ContainsKey("uploadId") => "ListParts",
        "GET" when query.ContainsKey("tagging") => "GetObjectTagging",
        "GET" => "GetObject",
        "HEAD" => "HeadObject",
        "PUT" when query.ContainsKey("partNumber") && query.ContainsKey("uploadId") =>
            headers.ContainsKey("x-amz-copy-source") ? "UploadPartCopy" : "UploadPart",
        "PUT" when query.ContainsKey("tagging") => "PutObjectTagging",
        "PUT" when headers.ContainsKey("x-amz-copy-source") => "CopyObject",
        "PUT" => "PutObject",
        "POST" when query.ContainsKey("uploads") => "CreateMultipartUpload",
        "POST" when query.ContainsKey("uploadId") => "CompleteMultipartUpload",
        "DELETE" when query.ContainsKey("uploadId") => "AbortMultipartUpload",
        "DELETE" when query.ContainsKey("tagging") => "DeleteObjectTagging",
        "DELETE" => "DeleteObject",
        _ => string.Empty,
    };
}
