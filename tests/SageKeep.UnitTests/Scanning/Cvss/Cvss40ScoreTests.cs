using SageKeep.Scanning.Cvss;

namespace SageKeep.UnitTests.Scanning.Cvss;

/// <summary>
/// CVSS v4.0 base scores: the scores the FIRST v4.0 calculator (first.org/cvss/calculator/4.0) gives for
/// common vectors, as GitHub and vendor advisories publish them.
/// </summary>
public sealed class Cvss40ScoreTests
{
    [Theory]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, CvssSeverity.Critical)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0, CvssSeverity.Critical)]
    [InlineData("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5, CvssSeverity.High)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 6.9, CvssSeverity.Medium)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.1, CvssSeverity.Medium)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7, CvssSeverity.High)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, CvssSeverity.None)]
    public void Compute_V40Vector_GivesCalculatorScore(string vector, double expected, CvssSeverity severity)
    {
        var (score, error) = CvssCalculator.Compute(vector);

        error.ShouldBeNull();
        score!.BaseScore.ShouldBe(expected, vector);
        score.Severity.ShouldBe(severity, vector);
    }
}
