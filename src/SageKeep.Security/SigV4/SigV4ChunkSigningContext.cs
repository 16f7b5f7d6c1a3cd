namespace SageKeep.Security.SigV4;

/// <summary>
/// What <see cref="Chunked.AwsChunkedDecoder"/> needs to verify chunk signatures of a streaming
/// upload: the derived signing key (secret material: never log or print it), the request's
/// signature (the seed of the chain), the request time and the credential scope.
/// </summary>
public sealed class SigV4ChunkSigningContext
{
    public SigV4ChunkSigningContext(byte[] signingKey, string seedSignature, string amzDate, string scope)
    {
        SigningKey = signingKey;
        SeedSignature = seedSignature;
        AmzDate = amzDate;
        Scope = scope;
    }

    /// <summary>HMAC key derived from the secret (kSigning); never exposed in text.</summary>
    public ReadOnlyMemory<byte> SigningKey { get; }

    public string SeedSignature { get; }

    public string AmzDate { get; }

    public string Scope { get; }

    public override string ToString() => $"SigV4ChunkSigningContext {{ Scope = {Scope}, AmzDate = {AmzDate}, SigningKey = *** }}";
}
