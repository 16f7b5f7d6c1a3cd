namespace SageKeep.Security.SigV4;

/// <summary>
/// One request to authenticate, exactly as received.
/// </summary>
/// <param name="Method">HTTP method (upper case as sent).</param>
/// <param name="RawTarget">Path and query exactly as on the request line, not decoded (Kestrel's
/// <c>IHttpRequestFeature.RawTarget</c>).</param>
/// <param name="Headers">Every header occurrence, raw.</param>
/// <param name="Payload">The body or its hash.</param>
/// <param name="Service">The signing name the endpoint expects in the credential scope
/// (<c>sagemaker</c>, <c>sts</c>, <c>s3</c>…).</param>
/// <param name="IsS3">S3 rules: no path normalisation, single encoding, <c>X-Amz-Content-SHA256</c>
/// honoured (unsigned and streaming payloads), presigned URLs use <c>UNSIGNED-PAYLOAD</c>.</param>
public sealed record SigV4Request(
    string Method,
    string RawTarget,
    SigV4Headers Headers,
    SigV4Payload Payload,
    string Service,
    bool IsS3 = false)
{
    /// <summary>
    /// Whether dot segments and empty segments are removed from the path before signing
    /// (botocore <c>normalize_url_path</c>). Every service but S3 does; tests of the AWS suite's
    /// "unnormalized" cases turn it off.
    /// </summary>
    public bool NormalizePath { get; init; } = !IsS3;
}
