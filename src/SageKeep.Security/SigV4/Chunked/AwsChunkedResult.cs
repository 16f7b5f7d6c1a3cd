namespace SageKeep.Security.SigV4.Chunked;

/// <summary>
/// Outcome of decoding an aws-chunked body. Fails closed: the decoded bytes written to the
/// destination may be kept only when <see cref="Succeeded"/>.
/// </summary>
public sealed record AwsChunkedResult
{
    private AwsChunkedResult(AwsChunkedFailure? failure, string message, long decodedLength, IReadOnlyDictionary<string, string> trailers, AwsTrailingChecksum? checksum)
    {
        Failure = failure;
        Message = message;
        DecodedLength = decodedLength;
        Trailers = trailers;
        Checksum = checksum;
    }

    public bool Succeeded => Failure is null;

    public AwsChunkedFailure? Failure { get; }

    public string Message { get; }

    /// <summary>Bytes of data decoded (also on failure: how far the decoder got).</summary>
    public long DecodedLength { get; }

    /// <summary>Trailing headers other than the trailer signature, names lower-cased.</summary>
    public IReadOnlyDictionary<string, string> Trailers { get; }

    /// <summary>The trailing checksum, when one was sent.</summary>
    public AwsTrailingChecksum? Checksum { get; }

    internal static AwsChunkedResult Success(long decodedLength, IReadOnlyDictionary<string, string> trailers, AwsTrailingChecksum? checksum) =>
        new(null, string.Empty, decodedLength, trailers, checksum);

    internal static AwsChunkedResult Fail(AwsChunkedFailure failure, string message, long decodedLength) =>
        new(failure, message, decodedLength, new Dictionary<string, string>(), null);
}
