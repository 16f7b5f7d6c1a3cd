using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>Requests and presigned URLs signed by botocore, the signer of the aws CLI and boto3.</summary>
public sealed class BotocoreVectorTests
{
    public static TheoryData<string> Names() => new(BotocoreVector.Committed().Select(v => v.Name));

    private static BotocoreVector Vector(string name) => BotocoreVector.Committed().Single(v => v.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Verify_BotocoreSignedRequest_IsAccepted(string name)
    {
        var vector = Vector(name);
        var result = await vector.Verifier().VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBeNull(result.Message);
        result.Authenticated!.IsTemporary.ShouldBe(vector.SessionToken is not null);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Verify_WithWrongSecret_ShowsBotocoresCanonicalRequest(string name)
    {
        var vector = Vector(name);
        var result = await vector.Verifier(secretOverride: "wrong").VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.SignatureDoesNotMatch);
        result.CanonicalRequest.ShouldBe(vector.CanonicalRequest);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Verify_BotocoreRequestWithPathChanged_IsRefusedWithSignatureDoesNotMatch(string name)
    {
        var vector = Vector(name);
        var question = vector.Target.IndexOf('?', StringComparison.Ordinal);
        var target = question < 0 ? vector.Target + "x" : vector.Target.Insert(question, "x");

        var result = await vector.Verifier().VerifyAsync(vector.ToRequest(target), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.SignatureDoesNotMatch);
    }

    [Fact]
    public async Task Verify_SpaceSentAsPercent20InsteadOfPlus_IsAccepted()
    {
        var vector = Vector("space-in-query");
        vector.Target.ShouldContain("a+b");

        var result = await vector.Verifier().VerifyAsync(vector.ToRequest(vector.Target.Replace("a+b", "a%20b", StringComparison.Ordinal)), CancellationToken.None);

        result.Failure.ShouldBeNull(result.Message);
    }

    [Fact]
    public async Task Verify_LiteralPlusSentRaw_IsReadAsSpaceAndRefused()
    {
        // Signed as q=a%2Bb; a raw '+' on the wire means a space (form encoding, as botocore's own
        // presigner and S3 read it), so the canonical query becomes q=a%20b.
        var vector = Vector("plus-in-query");
        var result = await vector.Verifier().VerifyAsync(vector.ToRequest(vector.Target.Replace("a%2Bb", "a+b", StringComparison.Ordinal)), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.SignatureDoesNotMatch);
        result.CanonicalRequest!.ShouldContain("q=a%20b");
    }

    [Fact]
    public async Task Verify_NonS3PercentInPath_IsDoubleEncoded()
    {
        var vector = Vector("percent-in-path");
        var result = await vector.Verifier(secretOverride: "wrong").VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.CanonicalRequest!.Split('\n')[1].ShouldBe("/a%2520b/c%252Fd");
    }

    [Fact]
    public async Task Verify_S3SignedBodyChanged_IsRefusedWithPayloadHashMismatch()
    {
        var vector = Vector("s3-put-signed-body");
        var result = await vector.Verifier().VerifyAsync(vector.ToRequest(body: vector.Body + "!"), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.PayloadHashMismatch);
    }

    [Fact]
    public async Task Verify_S3UnsignedPayloadBodyChanged_IsAccepted()
    {
        var vector = Vector("s3-unsigned-payload");
        var result = await vector.Verifier().VerifyAsync(vector.ToRequest(body: "anything"), CancellationToken.None);

        result.Failure.ShouldBeNull(result.Message);
        result.Authenticated!.PayloadMode.ShouldBe(PayloadMode.UnsignedPayload);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Verify_RandomRequestsSignedByBotocoreNow_AreAccepted(int seed)
    {
        var vectors = BotocoreVector.SignRandomNow(120, seed);
        vectors.Count.ShouldBe(120);

        foreach (var vector in vectors)
        {
            var result = await vector.Verifier().VerifyAsync(vector.ToRequest(), CancellationToken.None);
            result.Failure.ShouldBeNull($"{vector.Name} {vector.Target}: {result.Message}");
        }
    }
}
