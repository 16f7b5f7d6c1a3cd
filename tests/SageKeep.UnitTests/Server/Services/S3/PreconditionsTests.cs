using SageKeep.Server.Services.S3;

namespace SageKeep.UnitTests.Server.Services.S3;

public sealed class PreconditionsTests
{
    private const string ETag = "\"abc\"";
    private static readonly DateTimeOffset Modified = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("\"abc\"", null, null, null, "Proceed")]
    [InlineData("abc", null, null, null, "Proceed")]
    [InlineData("*", null, null, null, "Proceed")]
    [InlineData("\"other\"", null, null, null, "PreconditionFailed")]
    [InlineData(null, "\"abc\"", null, null, "NotModified")]
    [InlineData(null, "\"x\", \"abc\"", null, null, "NotModified")]
    [InlineData(null, "\"other\"", null, null, "Proceed")]
    [InlineData(null, null, "Fri, 01 May 2026 12:00:00 GMT", null, "NotModified")]
    [InlineData(null, null, "Fri, 01 May 2026 11:59:59 GMT", null, "Proceed")]
    [InlineData(null, null, null, "Fri, 01 May 2026 11:59:59 GMT", "PreconditionFailed")]
    [InlineData(null, null, null, "Fri, 01 May 2026 12:00:00 GMT", "Proceed")]
    [InlineData(null, null, "not a date", null, "Proceed")]
    public void Evaluate_FollowsTheHttpRules(string? ifMatch, string? ifNoneMatch, string? ifModifiedSince, string? ifUnmodifiedSince, string expected) =>
        Preconditions.Evaluate(ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, ETag, Modified).ToString().ShouldBe(expected);

    [Fact]
    public void IfMatch_WinsOverAFailingIfUnmodifiedSince() =>
        Preconditions.Evaluate(ETag, null, null, "Fri, 01 May 2026 11:00:00 GMT", ETag, Modified).ShouldBe(PreconditionOutcome.Proceed);

    [Fact]
    public void IfNoneMatch_WinsOverIfModifiedSince() =>
        Preconditions.Evaluate(null, "\"other\"", "Fri, 01 May 2026 13:00:00 GMT", null, ETag, Modified).ShouldBe(PreconditionOutcome.Proceed);
}
