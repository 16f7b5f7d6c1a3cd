using System.Globalization;
using CsCheck;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4;

/// <summary>The direct reading of X-Amz-Date agrees with TryParseExact on every input.</summary>
public sealed class AmzDateParsingTests
{
    [Theory]
    [InlineData("20260101T000000Z")]
    [InlineData("20240229T235959Z")]
    [InlineData("20230229T000000Z")]
    [InlineData("00000101T000000Z")]
    [InlineData("00010101T000000Z")]
    [InlineData("99991231T235959Z")]
    [InlineData("20261301T000000Z")]
    [InlineData("20260100T000000Z")]
    [InlineData("20260431T000000Z")]
    [InlineData("20260101T240000Z")]
    [InlineData("20260101T236000Z")]
    [InlineData("20260101T235960Z")]
    [InlineData("20260101t000000Z")]
    [InlineData("20260101T000000z")]
    [InlineData("2026-01-01T00:00:00Z")]
    [InlineData(" 20260101T000000Z")]
    [InlineData("20260101T000000Z ")]
    [InlineData("２0260101T000000Z")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseAmzDate_EdgeCases_AgreeWithTryParseExact(string? value) => AssertAgrees(value);

    [Fact]
    public void TryParseAmzDate_RandomDateShapedText_AgreesWithTryParseExact() =>
        Gen.Char["0123456789TZ t+-:"].Array[14, 18].Select(a => new string(a)).Sample(AssertAgrees, iter: 20000, threads: 1);

    [Fact]
    public void TryParseAmzDate_RandomValidTimes_AgreeWithTryParseExact() =>
        Gen.DateTime.Sample(
            t => AssertAgrees(t.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)),
            iter: 20000,
            threads: 1);

    private static void AssertAgrees(string? value)
    {
        var expectedOk = DateTimeOffset.TryParseExact(
            value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expected);

        var ok = SigV4Verifier.TryParseAmzDate(value, out var actual);

        ok.ShouldBe(expectedOk, value);
        actual.ShouldBe(expected, value);
        actual.Offset.ShouldBe(expected.Offset, value);
    }
}
