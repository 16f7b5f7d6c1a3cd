using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;
using SageKeep.Server.Auth;
using SageKeep.Server.Protocols;
using SageKeep.UnitTests.Infrastructure;

namespace SageKeep.UnitTests.SigV4;

/// <summary>
/// Fuzz targets for the Authorization header and presigned query parsing. The key store holds a
/// different secret than the one the seeds were signed with, so no input may ever succeed: every
/// input must come back as a failure value, never an exception, and that failure must map to a
/// client (4xx) AWS error in every protocol.
/// </summary>
public sealed class SigV4FuzzTests
{
    private const string ValidHeader =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    private const string ValidQuery =
        "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d";

    private const string Alphabet = "AWS4-HMAC-SHA256ECDSAP Credential=/,;SignedHeaders=Signature=%&?+ \t\r\n0123456789abcdefxX-Amz-Date\u00e9\u0000\uffff";

    [Fact]
    public void Verify_MutatedAuthorizationHeaders_AlwaysFailWithoutThrowing()
    {
        var verifier = CreateVerifier();
        Gen.Select(Gen.Int[0, 2], Gen.Select(Gen.Int[0, 400], Gen.Char[Alphabet]).Array[1, 8]).Sample(
            (kind, edits) =>
            {
                var headers = new SigV4Headers()
                    .Add("Host", "example.amazonaws.com")
                    .Add("X-Amz-Date", "20150830T123600Z")
                    .Add("Authorization", StringMutator.Mutate(ValidHeader, kind, edits));
                AssertFails(verifier, new SigV4Request("GET", "/", headers, SigV4Payload.Empty, "service"));
            },
            iter: 5000,
            threads: 1);
    }

    [Fact]
    public void Verify_MutatedPresignedQueries_AlwaysFailWithoutThrowing()
    {
        var verifier = CreateVerifier();
        Gen.Select(Gen.Int[0, 2], Gen.Select(Gen.Int[0, 400], Gen.Char[Alphabet]).Array[1, 8], Gen.Bool).Sample(
            (kind, edits, s3) =>
            {
                var headers = new SigV4Headers().Add("Host", "example.amazonaws.com");
                AssertFails(verifier, new SigV4Request("GET", StringMutator.Mutate(ValidQuery, kind, edits), headers, SigV4Payload.Empty, s3 ? "s3" : "service", s3));
            },
            iter: 5000,
            threads: 1);
    }

    [Fact]
    public void Verify_RandomAuthorizationHeadersAndTargets_AlwaysFailWithoutThrowing()
    {
        var verifier = CreateVerifier();
        var text = Gen.Char[Alphabet].Array[0, 300].Select(a => new string(a));
        Gen.Select(text, text, Gen.Bool).Sample(
            (authorization, target, withHeader) =>
            {
                var headers = new SigV4Headers().Add("Host", "example.amazonaws.com").Add("X-Amz-Date", "20150830T123600Z");
                if (withHeader)
                {
                    headers.Add("Authorization", authorization);
                }

                AssertFails(verifier, new SigV4Request("GET", "/" + target, headers, SigV4Payload.Empty, "service"));
            },
            iter: 5000,
            threads: 1);
    }

    [Fact]
    public void Verify_HeavilyMutatedHeadersAndQueriesTogether_AlwaysFailWithoutThrowing()
    {
        // Many edits at once, both mechanisms in one request, and S3 or not: reaches the ambiguity,
        // scope, time, payload and canonicalisation steps with broken input.
        var verifier = CreateVerifier();
        var edits = Gen.Select(Gen.Int[0, 600], Gen.Char[Alphabet]).Array[1, 64];
        Gen.Select(Gen.Int[0, 2], edits, Gen.Int[0, 2], edits, Gen.Int[0, 3], Gen.Bool).Sample(
            (headerKind, headerEdits, queryKind, queryEdits, shape, s3) =>
            {
                var headers = new SigV4Headers().Add("Host", "example.amazonaws.com").Add("X-Amz-Date", "20150830T123600Z");
                var target = shape is 0 or 2 ? StringMutator.Mutate(ValidQuery, queryKind, queryEdits) : "/";
                if (shape is 1 or 2)
                {
                    headers.Add("Authorization", StringMutator.Mutate(ValidHeader, headerKind, headerEdits));
                }

                if (shape == 3)
                {
                    // Two Authorization headers.
                    headers.Add("Authorization", ValidHeader).Add("Authorization", StringMutator.Mutate(ValidHeader, headerKind, headerEdits));
                }

                if (s3)
                {
                    headers.Add("X-Amz-Content-SHA256", StringMutator.Mutate("UNSIGNED-PAYLOAD", queryKind, queryEdits[..Math.Min(2, queryEdits.Length)]));
                }

                AssertFails(verifier, new SigV4Request("PUT", target, headers, s3 ? SigV4Payload.Deferred : SigV4Payload.Empty, s3 ? "s3" : "service", s3));
            },
            iter: 5000,
            threads: 1);
    }

    [Fact]
    public void Verify_ValidSignatureWithMutatedSignedParts_AlwaysFailWithoutThrowing()
    {
        // The signature is well formed and the scope right, so every input reaches canonicalisation
        // and the mismatch report: mutate the date, the signed header values, the method and the path.
        var verifier = CreateVerifier();
        var edits = Gen.Select(Gen.Int[0, 60], Gen.Char[Alphabet + "./%"]).Array[1, 6];
        Gen.Select(Gen.Int[0, 2], edits, Gen.Int[0, 3], Gen.Bool).Sample(
            (kind, mutation, part, security) =>
            {
                var date = part == 0 ? StringMutator.Mutate("20150830T123600Z", kind, mutation) : "20150830T123600Z";
                var host = part == 1 ? StringMutator.Mutate("example.amazonaws.com", kind, mutation) : "example.amazonaws.com";
                var method = part == 2 ? StringMutator.Mutate("GET", kind, mutation) : "GET";
                var target = part == 3 ? StringMutator.Mutate("/path/to/object?a=b&c=%20d", kind, mutation) : "/";
                var headers = new SigV4Headers().Add("Host", host).Add("X-Amz-Date", date).Add("Authorization", ValidHeader);
                if (security)
                {
                    headers.Add("X-Amz-Security-Token", StringMutator.Mutate("token", kind, mutation));
                }

                AssertFails(verifier, new SigV4Request(method, target, headers, SigV4Payload.Empty, "service"));
            },
            iter: 5000,
            threads: 1);
    }

    [Fact]
    public async Task Verify_QueryWithTooManyParameters_IsRefusedAsMalformed()
    {
        var target = "/?" + string.Join('&', Enumerable.Range(0, SigV4Query.MaxParameters + 1).Select(i => $"p{i}=v"));
        var result = await CreateVerifier().VerifyAsync(new SigV4Request("GET", target, new SigV4Headers(), SigV4Payload.Empty, "service"), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.MalformedPresignedQuery);
    }

    [Fact]
    public async Task Verify_HugeAuthorizationHeader_IsRefusedAsMalformed()
    {
        var headers = new SigV4Headers().Add("Host", "h").Add("Authorization", "AWS4-HMAC-SHA256 " + new string('a', 20000));
        var result = await CreateVerifier().VerifyAsync(new SigV4Request("GET", "/", headers, SigV4Payload.Empty, "service"), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.MalformedAuthorization);
    }

    private static void AssertFails(SigV4Verifier verifier, SigV4Request request)
    {
        var result = verifier.VerifyAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldNotBeNull();
        result.Message.ShouldNotBeNullOrEmpty();
        foreach (var protocol in Enum.GetValues<ProtocolKind>())
        {
            var error = SigV4ErrorCatalog.ToError(protocol, result);
            error.Code.ShouldNotBeNullOrWhiteSpace();
            error.Message.ShouldNotBeNullOrWhiteSpace();
            error.HttpStatus.ShouldBeInRange(400, 499);
        }
    }

    private static SigV4Verifier CreateVerifier()
    {
        var store = new InMemoryCredentialSource();
        store.Add("AKIDEXAMPLE", "a-different-secret", new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/f", "AIDAF", PrincipalType.User, "AKIDEXAMPLE"));
        return new SigV4Verifier(new SigV4Options { Region = "us-east-1" }, store, store, new FakeTimeProvider(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero)));
    }
}
