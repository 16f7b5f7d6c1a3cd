using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Protocols.Rest;

/// <summary>
/// restXml for S3, as far as routing needs it now: path-style addressing (<c>/bucket/key</c>, which
/// <c>--endpoint-url</c> clients use for a non-AWS host) and the operation named by method, key and
/// sub-resource parameters (S3 API reference, "Operations on buckets/objects"). Bodies stream; they
/// are left to the operation handlers.
/// </summary>
internal static class S3RequestReader
{
    public static (string Operation, JsonObject Input) Read(string method, string path, IQueryCollection query, IHeaderDictionary headers)
    {
        // Step 1: split "/bucket/key..." (the key keeps its slashes).
        var trimmed = path.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var bucket = Uri.UnescapeDataString(slash < 0 ? trimmed : trimmed[..slash]);
        var key = slash < 0 ? string.Empty : Uri.UnescapeDataString(trimmed[(slash + 1)..]);

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
