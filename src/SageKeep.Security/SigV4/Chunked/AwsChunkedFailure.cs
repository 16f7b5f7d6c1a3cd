namespace SageKeep.Security.SigV4.Chunked;

/// <summary>Why an aws-chunked body was refused.</summary>
public enum AwsChunkedFailure
{
    /// <summary>A chunk header, line ending or trailer line is not in the aws-chunked format.</summary>
    MalformedChunk,

    /// <summary>A chunk header or trailer line exceeds the line bound.</summary>
    LineTooLong,

    /// <summary>A chunk is larger than the chunk bound.</summary>
    ChunkTooLarge,

    /// <summary>The body ended before the final chunk and trailers.</summary>
    IncompleteBody,

    /// <summary>Bytes follow the end of the aws-chunked body.</summary>
    TrailingData,

    /// <summary>The decoded length differs from <c>x-amz-decoded-content-length</c>.</summary>
    DecodedLengthMismatch,

    /// <summary>A signed-payload chunk has no <c>chunk-signature</c>.</summary>
    ChunkSignatureMissing,

    /// <summary>A chunk signature does not chain from the previous signature and the chunk's data.</summary>
    ChunkSignatureDoesNotMatch,

    /// <summary>Trailers of a signed-trailer body without <c>x-amz-trailer-signature</c>.</summary>
    TrailerSignatureMissing,

    /// <summary>The trailer signature does not match the trailers.</summary>
    TrailerSignatureDoesNotMatch,

    /// <summary>A trailer not announced in <c>x-amz-trailer</c>, a repeated one, or too many.</summary>
    UnexpectedTrailer,

    /// <summary>An announced trailer never came.</summary>
    MissingTrailer,

    /// <summary>The trailing checksum differs from the checksum of the decoded data.</summary>
    ChecksumMismatch,
}
