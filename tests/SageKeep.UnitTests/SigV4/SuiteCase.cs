using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>One case of the AWS signing test suite (TestData/SigV4/aws-c-auth-v4).</summary>
public sealed class SuiteCase
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "SigV4", "aws-c-auth-v4");

    private SuiteCase(string name)
    {
        Name = name;
        Directory = Path.Combine(Root, name);
        using var context = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "context.json")));
        var c = context.RootElement;
        var credentials = c.GetProperty("credentials");
        AccessKeyId = credentials.GetProperty("access_key_id").GetString()!;
        Secret = credentials.GetProperty("secret_access_key").GetString()!;
        Token = credentials.TryGetProperty("token", out var token) ? token.GetString() : null;
        Region = c.GetProperty("region").GetString()!;
        Service = c.GetProperty("service").GetString()!;
        Normalize = c.GetProperty("normalize").GetBoolean();
        OmitSessionToken = c.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean();
        Timestamp = DateTimeOffset.Parse(c.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Name { get; }

    public string Directory { get; }

    public string AccessKeyId { get; }

    public string Secret { get; }

    public string? Token { get; }

    public string Region { get; }

    public string Service { get; }

    public bool Normalize { get; }

    /// <summary>The signer added the session token after signing (it is not part of the signature).</summary>
    public bool OmitSessionToken { get; }

    public DateTimeOffset Timestamp { get; }

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static TheoryData<string, string> NamesAndVariants()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Names())
        {
            data.Add(name, "header");
            data.Add(name, "query");
        }

        return data;
    }

    public static SuiteCase Load(string name) => new(name);

    public string Read(string file) => File.ReadAllText(Path.Combine(Directory, file));

    public RawHttpRequest SignedRequest(string variant) =>
        RawHttpRequest.Parse(File.ReadAllBytes(Path.Combine(Directory, $"{variant}-signed-request.txt")));

    public SigV4Request ToSigV4(RawHttpRequest raw) => raw.ToSigV4(Service, normalize: Normalize);

    /// <summary>A verifier at the case's timestamp knowing the case's key (or <paramref name="secretOverride"/>).</summary>
    public SigV4Verifier Verifier(string? secretOverride = null)
    {
        var store = new InMemoryCredentialSource();
        var principal = new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/suite", "AIDASUITE", PrincipalType.User, AccessKeyId);
        if (Token is null)
        {
            store.Add(AccessKeyId, secretOverride ?? Secret, principal);
        }
        else
        {
            store.AddTemporary(AccessKeyId, secretOverride ?? Secret, Token, principal, Timestamp.AddMinutes(-5), Timestamp.AddHours(1));
        }

        return new SigV4Verifier(new SigV4Options { Region = Region }, store, store, new FakeTimeProvider(Timestamp));
    }

    public override string ToString() => Name;
}
