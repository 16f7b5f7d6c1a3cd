using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SageKeep.Security.Credentials;
using SageKeep.Security.Sts;

namespace SageKeep.Benchmarks.Sts;

/// <summary>
/// Checking a session token, done on every request signed with temporary credentials
/// (target: under 5 µs), and issuing one (GetSessionToken). Baseline: opening a payload of the same
/// size with AES-256-GCM alone, the cryptographic floor of a check.
/// </summary>
[MemoryDiagnoser]
public class SessionTokenBenchmarks : IDisposable
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PrincipalInfo Principal = new("123456789012", "arn:aws:iam::123456789012:user/benchmark", "AIDABENCHMARKEXAMPLE1", PrincipalType.User, "AKIABENCHMARKEXAMPLE");
    private SessionTokenCodec _codec = null!;
    private IssuedSessionCredentials _issued = null!;
    private AesGcm _aes = null!;
    private byte[] _nonce = null!;
    private byte[] _ciphertext = null!;
    private byte[] _tag = null!;
    private byte[] _plaintext = null!;

    [GlobalSetup]
    public void Setup()
    {
        _codec = new SessionTokenCodec(RandomNumberGenerator.GetBytes(32));
        _issued = _codec.Issue(Principal, IssuedAt, IssuedAt.AddHours(12), multiFactorAuthPresent: false);
        _aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _nonce = RandomNumberGenerator.GetBytes(12);
        _plaintext = new byte[_issued.SessionToken.Length * 3 / 4 - 32];
        _ciphertext = new byte[_plaintext.Length];
        _tag = new byte[16];
        _aes.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        if (Decode_Valid().Status != SessionTokenStatus.Valid)
        {
            throw new InvalidOperationException("Benchmark token does not decode.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _codec?.Dispose();
        _aes?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public byte[] AesGcmOpenOnly()
    {
        _aes.Decrypt(_nonce, _ciphertext, _tag, _plaintext);
        return _plaintext;
    }

    [Benchmark]
    public SessionTokenValidation Decode_Valid() => _codec.Decode(_issued.AccessKeyId, _issued.SessionToken, IssuedAt.AddMinutes(1));

    [Benchmark]
    public SessionTokenValidation Decode_WrongAccessKeyId() => _codec.Decode("ASIAAAAAAAAAAAAAAAAA", _issued.SessionToken, IssuedAt.AddMinutes(1));

    [Benchmark]
    public IssuedSessionCredentials Issue() => _codec.Issue(Principal, IssuedAt, IssuedAt.AddHours(12), multiFactorAuthPresent: false);
}
