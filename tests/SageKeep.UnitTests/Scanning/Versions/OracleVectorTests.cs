using SageKeep.Scanning.Versions.Dpkg;
using SageKeep.Scanning.Versions.Go;
using SageKeep.Scanning.Versions.Maven;
using SageKeep.Scanning.Versions.Pep440;
using SageKeep.Scanning.Versions.Rpm;
using SageKeep.Scanning.Versions.SemVer;

namespace SageKeep.UnitTests.Scanning.Versions;

/// <summary>
/// Every comparer against thousands of pairs answered by the ecosystem's real tool
/// (vectors and generators in TestData/Scanning/Versions).
/// </summary>
public sealed class OracleVectorTests
{
    [Fact]
    public void Dpkg_AgreesWithDpkgCompareVersions_OnEveryPair() =>
        VersionVectors.AssertComparer(DpkgVersionComparer.Instance, "dpkg.tsv", 2000);

    [Fact]
    public void Dpkg_AcceptsExactlyWhatDpkgAccepts() =>
        VersionVectors.AssertValidity(DpkgVersionComparer.Instance, "dpkg-validity.tsv", 2000);

    [Fact]
    public void Rpm_AgreesWithRpmVercmp_OnEveryPair() =>
        VersionVectors.AssertComparer(RpmVersionComparer.Instance, "rpm.tsv", 2000);

    [Fact]
    public void Pep440_AgreesWithPackagingVersion_OnEveryPair() =>
        VersionVectors.AssertComparer(Pep440VersionComparer.Instance, "pep440.tsv", 2000);

    [Fact]
    public void Pep440_AcceptsExactlyWhatPackagingAccepts() =>
        VersionVectors.AssertValidity(Pep440VersionComparer.Instance, "pep440-validity.tsv", 2000);

    [Fact]
    public void SemVer_AgreesWithNpmSemverCompare_OnEveryPair() =>
        VersionVectors.AssertComparer(SemVerComparer.Instance, "semver.tsv", 2000);

    [Fact]
    public void SemVer_AcceptsExactlyWhatNpmSemverAccepts() =>
        VersionVectors.AssertValidity(SemVerComparer.Instance, "semver-validity.tsv", 2000);

    [Fact]
    public void Maven_AgreesWithComparableVersion_OnEveryPair() =>
        VersionVectors.AssertComparer(MavenVersionComparer.Instance, "maven.tsv", 2000);

    [Fact]
    public void Go_AgreesWithXModSemverCompare_OnEveryPair() =>
        VersionVectors.AssertComparer(GoVersionComparer.Instance, "go.tsv", 2000);

    [Fact]
    public void Go_AcceptsExactlyWhatXModSemverAccepts() =>
        VersionVectors.AssertValidity(GoVersionComparer.Instance, "go-validity.tsv", 2000);
}
