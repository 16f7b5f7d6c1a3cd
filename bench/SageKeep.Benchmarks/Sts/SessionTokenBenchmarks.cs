using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SageKeep.Security.Credentials;
using SageKeep.Security.Sts;

namespace SageKeep.Benchmarks.Sts;

/// <summary>
/// Checking a session token, done on every request signed with temporary credentials
/// (target: under 5 µs), and issuing one (GetSessionToken).
/// </summary>
[MemoryDiagnoser]
public class SessionTokenBenchmarks
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PrincipalInfo Principal = new("123456789012", "arn:aws:iam::123456789012:user/benchmark", "AIDABENCHMARKEXAMPLE1", PrincipalType.User, "AKIABENCHMARKEXAMPLE");
    private SessionTokenCodec _codec = null!;
    private IssuedSessionCredentials _issued = null!;

    [GlobalSetup]
    public void Setup()
    {
        _codec = new SessionTokenCodec(RandomNumberGenerator.GetBytes(32));
        _issued = _codec.Issue(Principal, IssuedAt, IssuedAt.AddHours(12), multiFactorAuthPresent: false);
        if (Decode_Valid().Status != SessionTokenStatus.Valid)
        {
            throw new InvalidOperationException("Benchmark token does not decode.");
        }
    }

    [Benchmark(Baseline = true)]
    public SessionTokenValidation Decode_Valid() => _codec.Decode(_issued.AccessKeyId, _issued.SessionToken, IssuedAt.AddMinutes(1));

    [Benchmark]
    public SessionTokenValidation Decode_WrongAccessKeyId() => _codec.Decode("ASIAAAAAAAAAAAAAAAAA", _issued.SessionToken, IssuedAt.AddMinutes(1));

    [Benchmark]
    public IssuedSessionCredentials Issue() => _codec.Issue(Principal, IssuedAt, IssuedAt.AddHours(12), multiFactorAuthPresent: false);
}
