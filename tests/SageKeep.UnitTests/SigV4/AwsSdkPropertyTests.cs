using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>Random requests signed by AWSSDK.Core verify; any change to a signed part is refused.</summary>
public sealed class AwsSdkPropertyTests
{
    // AWSSDK.Core leaves the sub-delimiters :'()!*[]$ unencoded in paths and in its canonical URI,
    // while the SigV4 specification, botocore and aws-c-auth encode them: the random paths use only
    // characters every signer treats alike (the botocore tests cover the sub-delimiters).
    private const string PathChars = "abcXYZ019-_.~ %é✓";
    private const string QueryChars = "abcXYZ019-_.~ !*'()%é✓+/$&=;,?@";

    // AWSSDK.Core writes query keys into the URL unencoded (the SDK only ever uses fixed names).
    private const string QueryKeyChars = "abcXYZ019-_.~";
    private const string HeaderChars = "abcXYZ019-_.~!*'()%+/=;,\"";

    private static readonly Gen<string> Segment =
        Gen.Char[PathChars].Array[1, 8].Select(a => new string(a)).Where(s => s.Trim('.').Length > 0);

    private static readonly Gen<SdkCase> Cases =
        from method in Gen.OneOf("GET", "PUT", "POST", "DELETE", "HEAD")
        from segments in Segment.Array[0, 3]
        from query in Gen.Select(Gen.Char[QueryKeyChars].Array[1, 6], Gen.Char[QueryChars].Array[0, 10]).Array[0, 4]
        from headers in Gen.Char[HeaderChars + "   "].Array[1, 12].Array[0, 3]
        from body in Gen.Byte.Array[0, 64]
        from presigned in Gen.Bool
        from token in Gen.Bool
        from s3 in Gen.Bool
        select new SdkCase(
            method,
            segments,
            query.Select(p => (new string(p.Item1), new string(p.Item2))).DistinctBy(p => p.Item1).ToArray(),
            headers.Select((v, i) => ($"X-Test-{i}", "v" + new string(v))).ToArray(),
            presigned || method is "GET" or "HEAD" or "DELETE" ? [] : body,
            presigned,
            token,
            s3);

    [Fact]
    public void Verify_RandomRequestSignedByAwsSdk_IsAccepted()
    {
        var verifier = CreateVerifier();
        Cases.Sample(
            c =>
            {
                var wire = AwsSdkSigner.Sign(c);
                var result = verifier.VerifyAsync(wire.ToSigV4(c.Service, c.S3), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                result.Failure.ShouldBeNull($"{wire.Target} :: {result.Message}");
                result.Authenticated!.IsTemporary.ShouldBe(c.WithToken);
            },
            iter: 600,
            threads: 1);
    }

    [Fact]
    public void Verify_AwsSdkRequestWithOneSignedPartChanged_IsRefused()
    {
        var verifier = CreateVerifier();
        var mutated = Gen.Select(Cases, Gen.Int[0, 6]);
        var checkedMutations = 0;
        mutated.Sample(
            (c, which) =>
            {
                var wire = AwsSdkSigner.Sign(c);
                var (changed, expected) = Mutate(c, wire, which);
                if (changed is null)
                {
                    return;
                }

                Interlocked.Increment(ref checkedMutations);
                var result = verifier.VerifyAsync(changed.ToSigV4(c.Service, c.S3), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                result.Failure.ShouldBe(expected, $"mutation {which} of {changed.Target}: {result.Message}");
            },
            iter: 600,
            threads: 1);
        checkedMutations.ShouldBeGreaterThan(300);
    }

    private static (SignedWireRequest? Request, SigV4Failure Expected) Mutate(SdkCase c, SignedWireRequest wire, int which)
    {
        var question = wire.Target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? wire.Target : wire.Target[..question];
        var query = question < 0 ? string.Empty : wire.Target[question..];
        switch (which)
        {
            case 0:
                return (wire with { Target = path + "x" + query }, SigV4Failure.SignatureDoesNotMatch);
            case 1:
                return (wire with { Method = wire.Method == "PATCH" ? "GET" : "PATCH" }, SigV4Failure.SignatureDoesNotMatch);
            case 2 when c.Headers.Length > 0:
                return (wire with { Headers = Replace(wire.Headers, "X-Test-0", v => v + "x") }, SigV4Failure.SignatureDoesNotMatch);
            case 3 when c.Query.Length > 0:
                // Change the value of the caller's first parameter.
                var pairs = query[1..].Split('&');
                var index = Array.FindIndex(pairs, p => p.StartsWith(c.Query[0].Key + "=", StringComparison.Ordinal));
                pairs[index] += "x";
                return (wire with { Target = path + "?" + string.Join('&', pairs) }, SigV4Failure.SignatureDoesNotMatch);
            case 4 when !(c.S3 && c.Presigned):
                // Non-S3 signs the body hash; S3 compares the body with the signed X-Amz-Content-SHA256.
                return (wire with { Body = [.. wire.Body, 0x2a] }, c.S3 ? SigV4Failure.PayloadHashMismatch : SigV4Failure.SignatureDoesNotMatch);
            case 5 when c.Presigned:
                return (wire with { Target = wire.Target[..^1] + (wire.Target[^1] == '0' ? '1' : '0') }, SigV4Failure.SignatureDoesNotMatch);
            case 5:
                return (wire with { Headers = Replace(wire.Headers, "Authorization", v => v[..^1] + (v[^1] == '0' ? '1' : '0')) }, SigV4Failure.SignatureDoesNotMatch);
            case 6:
                return (wire with { Headers = Replace(wire.Headers, "host", _ => "other.example.com") }, SigV4Failure.SignatureDoesNotMatch);
            default:
                return (null, SigV4Failure.SignatureDoesNotMatch);
        }
    }

    private static List<KeyValuePair<string, string>> Replace(List<KeyValuePair<string, string>> headers, string name, Func<string, string> change) =>
        headers.Select(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase) ? new KeyValuePair<string, string>(h.Key, change(h.Value)) : h).ToList();

    private static SigV4Verifier CreateVerifier()
    {
        var store = new InMemoryCredentialSource();
        var signedAt = new DateTimeOffset(AwsSdkSigner.SignedAt);
        store.Add(AwsSdkSigner.AccessKeyId, AwsSdkSigner.Secret, new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/sdk", "AIDASDK", PrincipalType.User, AwsSdkSigner.AccessKeyId));
        store.AddTemporary(
            AwsSdkSigner.TemporaryAccessKeyId,
            AwsSdkSigner.Secret,
            AwsSdkSigner.Token,
            new PrincipalInfo("111122223333", "arn:aws:sts::111122223333:assumed-role/r/s", "AROASDK:s", PrincipalType.AssumedRole, AwsSdkSigner.TemporaryAccessKeyId),
            signedAt.AddMinutes(-1),
            signedAt.AddHours(1));
        return new SigV4Verifier(new SigV4Options { Region = AwsSdkSigner.Region }, store, store, new FakeTimeProvider(signedAt.AddSeconds(30)));
    }
}
