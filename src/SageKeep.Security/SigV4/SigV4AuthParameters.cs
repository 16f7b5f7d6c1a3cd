namespace SageKeep.Security.SigV4;

/// <summary>The signature parameters from either the Authorization header or the presigned query.</summary>
internal sealed record SigV4AuthParameters(
    bool Presigned,
    string Credential,
    string SignedHeaders,
    string Signature,
    string? QueryDate,
    int ExpiresSeconds);
