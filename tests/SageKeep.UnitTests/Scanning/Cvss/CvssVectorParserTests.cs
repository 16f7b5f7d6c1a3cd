using SageKeep.Scanning.Cvss;

namespace SageKeep.UnitTests.Scanning.Cvss;

public sealed class CvssVectorParserTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("CVSS:9.9/AV:N", "unknown CVSS version")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "base metric A is missing")]
    [InlineData("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value 'Q' for metric AV")]
    [InlineData("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "metric AV appears twice")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", "unknown metric 'ZZ'")]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P", "base metric A is missing")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "is not METRIC:VALUE")]
    public void Parse_InvalidVector_FailsWithReason(string vector, string reason)
    {
        var result = CvssVectorParser.Parse(vector);

        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldContain(reason);
    }

    [Fact]
    public void Parse_OverlongVector_IsRefused()
    {
        var result = CvssVectorParser.Parse("CVSS:3.1/" + new string('A', 10_000));

        result.Error!.ShouldContain("characters long");
    }

    [Fact]
    public void Parse_V40WithEveryMetric_KeepsVersionAndImpacts()
    {
        const string vector = "CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/E:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/MAT:X/MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X";

        var (score, error) = CvssCalculator.Compute(vector);

        error.ShouldBeNull();
        score!.Vector.Version.ShouldBe(CvssVersion.V40);
        score.BaseScore.ShouldBe(8.5);
        (score.Confidentiality, score.Integrity, score.Availability).ShouldBe((CvssImpact.High, CvssImpact.High, CvssImpact.None));
    }

    [Fact]
    public void Parse_V2InParentheses_IsAccepted()
    {
        var (score, _) = CvssCalculator.Compute("(AV:N/AC:L/Au:N/C:C/I:C/A:C)");

        score!.BaseScore.ShouldBe(10.0);
        score.Severity.ShouldBe(CvssSeverity.High);
    }

    [Theory]
    [InlineData(CvssVersion.V31, 0.0, CvssSeverity.None)]
    [InlineData(CvssVersion.V31, 0.1, CvssSeverity.Low)]
    [InlineData(CvssVersion.V31, 3.9, CvssSeverity.Low)]
    [InlineData(CvssVersion.V31, 4.0, CvssSeverity.Medium)]
    [InlineData(CvssVersion.V31, 6.9, CvssSeverity.Medium)]
    [InlineData(CvssVersion.V31, 7.0, CvssSeverity.High)]
    [InlineData(CvssVersion.V31, 8.9, CvssSeverity.High)]
    [InlineData(CvssVersion.V31, 9.0, CvssSeverity.Critical)]
    [InlineData(CvssVersion.V2, 0.0, CvssSeverity.Low)]
    [InlineData(CvssVersion.V2, 7.0, CvssSeverity.High)]
    [InlineData(CvssVersion.V2, 10.0, CvssSeverity.High)]
    public void FromScore_FollowsTheRatingTable(CvssVersion version, double score, CvssSeverity expected) =>
        CvssSeverityRating.FromScore(version, score).ShouldBe(expected);
}
