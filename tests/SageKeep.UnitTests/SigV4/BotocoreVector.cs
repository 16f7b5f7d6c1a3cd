using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>A request signed by botocore (TestData/SigV4/generate_botocore_vectors.py).</summary>
public sealed record BotocoreVector(
    string Name,
    string Service,
    bool IsS3,
    string Method,
    string Target,
    List<List<string>> Headers,
    string Body,
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken,
    string Region,
    string Timestamp,
    string? CanonicalRequest)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "SigV4");

    public static IReadOnlyList<BotocoreVector> Committed() =>
        JsonSerializer.Deserialize<List<BotocoreVector>>(File.ReadAllText(Path.Combine(DataDirectory, "botocore-vectors.json")), Json)!;

    /// <summary>Runs the generator with python3 and botocore now.</summary>
    public static IReadOnlyList<BotocoreVector> SignRandomNow(int count, int seed)
    {
        var start = new ProcessStartInfo(BotocorePython.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(DataDirectory, "generate_botocore_vectors.py"));
        start.ArgumentList.Add("--random");
        start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--seed");
        start.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, stderr.Result);
        return JsonSerializer.Deserialize<List<BotocoreVector>>(stdout, Json)!;
    }

    public DateTimeOffset Time => DateTimeOffset.Parse(Timestamp, CultureInfo.InvariantCulture);

    public SigV4Request ToRequest(string? target = null, string? body = null)
    {
        var headers = new SigV4Headers();
        foreach (var pair in Headers)
        {
            headers.Add(pair[0], pair[1]);
        }

        return new SigV4Request(Method, target ?? Target, headers, SigV4Payload.FromBody(Encoding.UTF8.GetBytes(body ?? Body)), Service, IsS3);
    }

    public SigV4Verifier Verifier(string? secretOverride = null, DateTimeOffset? now = null, string? region = null)
    {
        var store = Store(secretOverride);
        return new SigV4Verifier(new SigV4Options { Region = region ?? Region }, store, store, new FakeTimeProvider(now ?? Time));
    }

    public SigV4Verifier Verifier(InMemoryCredentialSource store, ISessionTokenValidator? tokens, DateTimeOffset? now = null) =>
        new(new SigV4Options { Region = Region }, store, tokens, new FakeTimeProvider(now ?? Time));

    public InMemoryCredentialSource Store(string? secretOverride = null)
    {
        var store = new InMemoryCredentialSource();
        var principal = new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/botocore", "AIDABOTOCORE", PrincipalType.User, AccessKeyId);
        if (SessionToken is null)
        {
            store.Add(AccessKeyId, secretOverride ?? SecretAccessKey, principal);
        }
        else
        {
            store.AddTemporary(AccessKeyId, secretOverride ?? SecretAccessKey, SessionToken, principal with { Type = PrincipalType.AssumedRole }, Time.AddMinutes(-1), Time.AddHours(1));
        }

        return store;
    }

    public PrincipalInfo Principal => new("111122223333", "arn:aws:iam::111122223333:user/botocore", "AIDABOTOCORE", PrincipalType.User, AccessKeyId);

    /// <summary>The request with one header's values replaced (or removed when no value is given).</summary>
    public SigV4Request WithHeader(string name, params string[] values) => ToRequest() with { Headers = ToRequest().Headers.With(name, values) };

    public override string ToString() => Name;
}
