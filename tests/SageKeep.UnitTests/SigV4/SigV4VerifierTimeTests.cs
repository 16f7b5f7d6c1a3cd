using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>Clock skew and presigned URL lifetime, with the messages AWS sends.</summary>
public sealed class SigV4VerifierTimeTests
{
    private static BotocoreVector Vector(string name) => BotocoreVector.Committed().Single(v => v.Name == name);

    [Fact]
    public async Task Verify_JsonServiceRequestTenMinutesOld_IsRefusedAsSignatureExpired()
    {
        var vector = Vector("sagemaker-json");
        var result = await vector.Verifier(now: vector.Time.AddMinutes(10)).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.RequestTimeSkewed);
        result.Message.ShouldBe("Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)");
    }

    [Fact]
    public async Task Verify_JsonServiceRequestFourMinutesOld_IsAccepted()
    {
        var vector = Vector("sagemaker-json");
        var result = await vector.Verifier(now: vector.Time.AddMinutes(4)).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBeNull(result.Message);
    }

    [Fact]
    public async Task Verify_RequestFromTheFuture_IsRefusedAsNotYetCurrent()
    {
        var vector = Vector("sagemaker-json");
        var result = await vector.Verifier(now: vector.Time.AddMinutes(-10)).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.RequestTimeSkewed);
        result.Message.ShouldBe("Signature not yet current: 20260101T000000Z is still later than 20251231T235500Z (20251231T235000Z + 5 min.)");
    }

    [Theory]
    [InlineData("s3-put-signed-body", 14, true)]
    [InlineData("s3-put-signed-body", 16, false)]
    [InlineData("sts-query", 14, true)]
    [InlineData("sts-query", 16, false)]
    public async Task Verify_S3AndStsAllowFifteenMinutesOfSkew(string name, int minutes, bool accepted)
    {
        var vector = Vector(name);
        var result = await vector.Verifier(now: vector.Time.AddMinutes(minutes)).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Succeeded.ShouldBe(accepted, result.Message);
        if (!accepted)
        {
            result.Failure.ShouldBe(SigV4Failure.RequestTimeSkewed);
        }
    }

    [Theory]
    [InlineData(899, true)]
    [InlineData(900, true)]
    [InlineData(901, false)]
    public async Task Verify_PresignedUrl_IsValidForXAmzExpiresSeconds(int secondsLater, bool accepted)
    {
        var vector = Vector("presigned-s3-get");
        var result = await vector.Verifier(now: vector.Time.AddSeconds(secondsLater)).VerifyAsync(vector.ToRequest(), CancellationToken.None);

        result.Succeeded.ShouldBe(accepted, result.Message);
        if (!accepted)
        {
            result.Failure.ShouldBe(SigV4Failure.PresignedUrlExpired);
        }
    }

    [Theory]
    [InlineData("604801", "X-Amz-Expires must be less than a week (in seconds) that is 604800")]
    [InlineData("0", "X-Amz-Expires must be a positive number of seconds.")]
    [InlineData("-5", "X-Amz-Expires must be a positive number of seconds.")]
    [InlineData("ten", "X-Amz-Expires must be a positive number of seconds.")]
    public async Task Verify_PresignedUrlWithExpiresOutOfRange_IsRefusedAsMalformed(string expires, string message)
    {
        var vector = Vector("presigned-s3-get");
        var target = vector.Target.Replace("X-Amz-Expires=900", "X-Amz-Expires=" + expires, StringComparison.Ordinal);
        var result = await vector.Verifier().VerifyAsync(vector.ToRequest(target), CancellationToken.None);

        result.Failure.ShouldBe(SigV4Failure.MalformedPresignedQuery);
        result.Message.ShouldBe(message);
    }
}
