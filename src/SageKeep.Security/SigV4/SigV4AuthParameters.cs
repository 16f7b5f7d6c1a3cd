namespace SageKeep.Security.SigV4;

/// <summary>
/// The signature parameters from either the Authorization header or the presigned query. The
/// text fields are slices of the header or query values (no copies on the verification path).
/// </summary>
internal readonly record struct SigV4AuthParameters(
    bool Presigned,
    ReadOnlyMemory<char> Credential,
    ReadOnlyMemory<char> SignedHeaders,
    ReadOnlyMemory<char> Signature,
    string? QueryDate,
    int ExpiresSeconds);
