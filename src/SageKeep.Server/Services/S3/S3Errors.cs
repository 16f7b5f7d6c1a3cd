using System.Globalization;
using SageKeep.Core.Errors;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// S3's errors as the S3 API reference's "Error responses" list spells them: code, HTTP status and message.
/// The protocol layer adds the Resource and RequestId elements and the x-amz-request-id header.
/// </summary>
internal static class S3Errors
{
    public static AwsError NoSuchBucket { get; } = AwsError.Sender("NoSuchBucket", "The specified bucket does not exist", 404);

    public static AwsError NoSuchKey { get; } = AwsError.Sender("NoSuchKey", "The specified key does not exist.", 404);

    public static AwsError NoSuchUpload { get; } = AwsError.Sender("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404);

    public static AwsError NoSuchBucketPolicy { get; } = AwsError.Sender("NoSuchBucketPolicy", "The bucket policy does not exist", 404);

    public static AwsError NoSuchTagSet { get; } = AwsError.Sender("NoSuchTagSet", "The TagSet does not exist", 404);

    public static AwsError BucketAlreadyOwnedByYou { get; } = AwsError.Sender("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409);

    public static AwsError BucketNotEmpty { get; } = AwsError.Sender("BucketNotEmpty", "The bucket you tried to delete is not empty", 409);

    public static AwsError InvalidBucketName { get; } = AwsError.Sender("InvalidBucketName", "The specified bucket is not valid.", 400);

    public static AwsError KeyTooLong { get; } = AwsError.Sender("KeyTooLongError", "Your key is too long", 400);

    public static AwsError EntityTooSmall { get; } = AwsError.Sender("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400);

    public static AwsError InvalidPart { get; } = AwsError.Sender("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400);

    public static AwsError InvalidPartOrder { get; } = AwsError.Sender("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", 400);

    public static AwsError PreconditionFailed { get; } = AwsError.Sender("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412);

    public static AwsError InvalidRange { get; } = AwsError.Sender("InvalidRange", "The requested range is not satisfiable", 416);

    public static AwsError BadDigest { get; } = AwsError.Sender("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);

    public static AwsError InvalidDigest { get; } = AwsError.Sender("InvalidDigest", "The Content-MD5 you specified is not valid.", 400);

    public static AwsError ContentSha256Mismatch { get; } = AwsError.Sender("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);

    public static AwsError MalformedXml { get; } = AwsError.Sender("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400);

    public static AwsError MissingContentLength { get; } = AwsError.Sender("MissingContentLength", "You must provide the Content-Length HTTP header.", 411);

    public static AwsError IncompleteBody { get; } = AwsError.Sender("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.", 400);

    public static AwsError MetadataTooLarge { get; } = AwsError.Sender("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.", 400);

    /// <summary>AWS's answer to Signature Version 2 (header or presigned URL) in regions that accept only SigV4.</summary>
    public static AwsError SigV2NotSupported { get; } = AwsError.Sender("InvalidRequest", "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.", 400);

    public static AwsError CopyToItself { get; } = AwsError.Sender(
        "InvalidRequest",
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        400);

    public static AwsError EntityTooLarge(long limit) =>
        AwsError.Sender("EntityTooLarge", string.Create(CultureInfo.InvariantCulture, $"Your proposed upload exceeds the maximum allowed size of {limit} bytes."), 400);

    public static AwsError ChecksumMismatch(string algorithm) =>
        AwsError.Sender("BadDigest", $"The {algorithm.ToUpperInvariant()} you specified did not match the calculated checksum.", 400);

    public static AwsError InvalidArgument(string message) => AwsError.Sender("InvalidArgument", message, 400);

    public static AwsError InvalidRequest(string message) => AwsError.Sender("InvalidRequest", message, 400);

    public static AwsError MalformedPolicy(string message) => AwsError.Sender("MalformedPolicy", message, 400);

    public static AwsError InvalidTag(string message) => AwsError.Sender("InvalidTag", message, 400);

    public static AwsError IllegalLocationConstraint(string location) =>
        AwsError.Sender("IllegalLocationConstraintException", $"The {location} location constraint is incompatible for the region specific endpoint this request was sent to.", 400);
}
