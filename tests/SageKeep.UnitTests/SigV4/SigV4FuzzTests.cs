using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;
using SageKeep.UnitTests.Infrastructure;

namespace SageKeep.UnitTests.SigV4;

/// <summary>
/// Fuzz targets for the Authorization header and presigned query parsing. The key store holds a
/// different secret than the one the seeds were signed with, so no input may ever succeed: every
/// input must come back as a failure value, never an exception.
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
    }

    private static SigV4Verifier CreateVerifier()
    {
        var store = new InMemoryCredentialSource();
        store.Add("AKIDEXAMPLE", "a-different-secret", new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/f", "AIDAF", PrincipalType.User, "AKIDEXAMPLE"));
        return new SigV4Verifier(new SigV4Options { Region = "us-east-1" }, store, store, new FakeTimeProvider(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero)));
    }
}
