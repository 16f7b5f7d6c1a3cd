using SageKeep.Scanning.Cvss;

namespace SageKeep.UnitTests.Scanning.Cvss;

/// <summary>
/// Worked examples from FIRST's "Common Vulnerability Scoring System v3.1: Examples" document
/// (first.org/cvss/v3.1/examples): each vulnerability with the base vector and score the document gives.
/// </summary>
public sealed class Cvss31SpecificationExampleTests
{
    [Theory]
    [InlineData("CVE-2013-1937 phpMyAdmin reflected XSS", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, CvssSeverity.Medium)]
    [InlineData("CVE-2013-0375 MySQL stored SQL injection", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4, CvssSeverity.Medium)]
    [InlineData("CVE-2014-3566 SSLv3 POODLE", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, CvssSeverity.Low)]
    [InlineData("CVE-2012-1516 VMware guest to host escape", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, CvssSeverity.Critical)]
    [InlineData("CVE-2009-0783 Apache Tomcat XML parser", "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2, CvssSeverity.Medium)]
    [InlineData("CVE-2012-0384 Cisco IOS command injection", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8, CvssSeverity.High)]
    [InlineData("CVE-2015-1098 Apple iWork denial of service", "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8, CvssSeverity.High)]
    [InlineData("CVE-2014-0160 OpenSSL Heartbleed", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, CvssSeverity.High)]
    [InlineData("CVE-2014-6271 GNU Bash Shellshock", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, CvssSeverity.Critical)]
    [InlineData("CVE-2008-1447 DNS Kaminsky bug", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8, CvssSeverity.Medium)]
    [InlineData("CVE-2014-2005 Sophos login screen bypass", "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8, CvssSeverity.Medium)]
    [InlineData("CVE-2010-0467 Joomla directory traversal", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8, CvssSeverity.Medium)]
    public void Compute_SpecificationExample_GivesTheDocumentedScore(string example, string vector, double expected, CvssSeverity severity)
    {
        var (score, error) = CvssCalculator.Compute(vector);

        error.ShouldBeNull(example);
        score!.BaseScore.ShouldBe(expected, example);
        score.Severity.ShouldBe(severity, example);
    }

    [Fact]
    public void Roundup_V31_IgnoresFloatingPointNoise_WhereV30CeilingDoesNot()
    {
        // v3.1 specification appendix A: Roundup(4.000000000000001) must be 4.0, which a plain ceiling gets wrong.
        const double noisy = 4.000000000000001;

        SageKeep.Scanning.Cvss.Cvss3Calculator.Roundup(noisy, CvssVersion.V31).ShouldBe(4.0);
        SageKeep.Scanning.Cvss.Cvss3Calculator.Roundup(noisy, CvssVersion.V30).ShouldBe(4.1);
        SageKeep.Scanning.Cvss.Cvss3Calculator.Roundup(4.02, CvssVersion.V31).ShouldBe(4.1);
    }

    [Fact]
    public void Compute_NoImpact_IsZeroAndRatedNone()
    {
        var (score, _) = CvssCalculator.Compute("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N");

        score!.BaseScore.ShouldBe(0);
        score.Severity.ShouldBe(CvssSeverity.None);
    }
}
