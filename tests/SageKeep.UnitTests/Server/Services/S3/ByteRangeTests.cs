using SageKeep.Server.Services.S3;

namespace SageKeep.UnitTests.Server.Services.S3;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 0, 10)]
    [InlineData("bytes=2-5", 2, 4)]
    [InlineData("bytes=5-", 5, 95)]
    [InlineData("bytes=-10", 90, 10)]
    [InlineData("bytes=-1000", 0, 100)]
    [InlineData("bytes=90-5000", 90, 10)]
    public void SatisfiableRanges_ResolveAgainstTheSize(string header, long start, long length)
    {
        var result = ByteRange.Parse(header, 100);

        result.Kind.ShouldBe(RangeKind.Partial);
        result.Range.ShouldBe(new ByteRange(start, length));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-5")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=a-b")]
    [InlineData("bytes=")]
    public void UnreadableHeaders_MeanTheWholeObject(string? header) =>
        ByteRange.Parse(header, 100).Kind.ShouldBe(RangeKind.Whole);

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=200-300", 100)]
    [InlineData("bytes=-0", 100)]
    [InlineData("bytes=0-0", 0)]
    public void RangesPastTheEnd_AreUnsatisfiable(string header, long size) =>
        ByteRange.Parse(header, size).Kind.ShouldBe(RangeKind.Unsatisfiable);
}
