using BenchmarkDotNet.Attributes;
using SageKeep.Security.Crypto;
using SageKeep.Security.SigV4;

namespace SageKeep.Benchmarks.SigV4;

/// <summary>
/// Verifying one SageMaker JSON request. Baseline: the five-HMAC signing-key chain plus the
/// signature HMAC that a verification without a key cache must compute. <see cref="Sha256Of1KiBBody"/>
/// is the least work any verification of the 1 KiB request does (its body hash), measured in the
/// same run so the cached-key result can also be read as a ratio to it.
/// </summary>
[MemoryDiagnoser]
public class SigV4VerifierBenchmarks
{
    private SigV4Verifier _cached = null!;
    private SigV4Verifier _cold = null!;
    private SigV4Request _json1KiB = null!;
    private SigV4Request _json1MiB = null!;
    private SigV4Request _coldA = null!;
    private SigV4Request _coldB = null!;
    private string _stringToSign = null!;
    private byte[] _canonicalRequest = null!;
    private byte[] _stringToSignBytes = null!;
    private byte[] _signingKey = null!;
    private HmacSha256Key _preparedKey = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        (_json1KiB, _stringToSign) = SignedRequests.Json("AKIDBENCH", 1024);
        _canonicalRequest = new byte[SignedRequests.CanonicalRequestLength("AKIDBENCH", 1024)];
        _stringToSignBytes = System.Text.Encoding.UTF8.GetBytes(_stringToSign);
        _signingKey = SigV4Signing.DeriveSigningKey(SignedRequests.Secret, "20260101", "us-east-1", "sagemaker");
        _preparedKey = new HmacSha256Key(_signingKey);
        (_json1MiB, _) = SignedRequests.Json("AKIDBENCH", 1024 * 1024);
        (_coldA, _) = SignedRequests.Json("AKIDCOLDA", 1024);
        (_coldB, _) = SignedRequests.Json("AKIDCOLDB", 1024);
        _cached = SignedRequests.Verifier(SignedRequests.Store("AKIDBENCH"));

        // A one-entry cache and two keys used in turn: every verification derives its key.
        _cold = SignedRequests.Verifier(SignedRequests.Store("AKIDCOLDA", "AKIDCOLDB"), cacheCapacity: 1);
        Check(_cached.VerifyAsync(_json1KiB, CancellationToken.None).AsTask().GetAwaiter().GetResult());
        Check(_cached.VerifyAsync(_json1MiB, CancellationToken.None).AsTask().GetAwaiter().GetResult());
        Check(_cold.VerifyAsync(_coldA, CancellationToken.None).AsTask().GetAwaiter().GetResult());
    }

    [Benchmark(Baseline = true)]
    public byte[] SigningKeyChainAndSignature() =>
        SigV4Signing.Sign(SigV4Signing.DeriveSigningKey(SignedRequests.Secret, "20260101", "us-east-1", "sagemaker"), _stringToSign);

    [Benchmark]
    public byte[] Sha256Of1KiBBody() => System.Security.Cryptography.SHA256.HashData(_json1KiB.Payload.Body.Span);

    /// <summary>
    /// The cryptography a cached-key verification cannot avoid, nothing else: SHA-256 of the body,
    /// SHA-256 of a canonical request of the same size, one HMAC of the string to sign.
    /// </summary>
    [Benchmark]
    public byte[] CryptoFloor_Json1KiB()
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(_json1KiB.Payload.Body.Span, hash);
        System.Security.Cryptography.SHA256.HashData(_canonicalRequest, hash);
        return System.Security.Cryptography.HMACSHA256.HashData(_signingKey, _stringToSignBytes);
    }

    /// <summary>
    /// The same floor through the verifier's own primitives (<see cref="FastSha256"/>: libcrypto's
    /// SHA-256 without the EVP set-up per call, and an HMAC key prepared once as the key cache holds it).
    /// </summary>
    [Benchmark]
    public byte[] CryptoFloor_Json1KiB_FastSha256()
    {
        Span<byte> hash = stackalloc byte[32];
        FastSha256.HashData(_json1KiB.Payload.Body.Span, hash);
        FastSha256.HashData(_canonicalRequest, hash);
        var mac = new byte[32];
        _preparedKey.Compute(_stringToSignBytes, mac);
        return mac;
    }

    [Benchmark]
    public SigV4Result Verify_Json1KiB_CachedKey() =>
        _cached.VerifyAsync(WithFreshPayload(_json1KiB), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public SigV4Result Verify_Json1KiB_ColdKey()
    {
        _flip = !_flip;
        return _cold.VerifyAsync(WithFreshPayload(_flip ? _coldA : _coldB), CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public SigV4Result Verify_Json1MiB_CachedKey() =>
        _cached.VerifyAsync(WithFreshPayload(_json1MiB), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>The payload memoises its hash: give each call a new one so the body is hashed every time.</summary>
    private static SigV4Request WithFreshPayload(SigV4Request request) =>
        request with { Payload = SigV4Payload.FromBody(request.Payload.Body) };

    private static void Check(SigV4Result result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Benchmark request does not verify: " + result.Message);
        }
    }
}
