namespace SageKeep.Security.SigV4.Chunked;

/// <summary>A trailing <c>x-amz-checksum-*</c> value.</summary>
/// <param name="HeaderName">e.g. <c>x-amz-checksum-crc32</c>.</param>
/// <param name="Algorithm">e.g. <c>crc32</c>.</param>
/// <param name="Value">Base64 of the big-endian checksum, as sent.</param>
/// <param name="Verified">The decoder computed this algorithm over the data and it matched; false
/// for algorithms it does not know (the S3 service must then check it).</param>
public sealed record AwsTrailingChecksum(string HeaderName, string Algorithm, string Value, bool Verified);
