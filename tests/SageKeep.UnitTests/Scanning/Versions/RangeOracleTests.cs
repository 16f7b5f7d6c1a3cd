using SageKeep.Scanning.Versions.Pep440;
using SageKeep.Scanning.Versions.SemVer;

namespace SageKeep.UnitTests.Scanning.Versions;

/// <summary>Range and specifier matching against the ecosystems' own tools (vectors in TestData/Scanning/Versions).</summary>
public sealed class RangeOracleTests
{
    [Fact]
    public void Pep440Specifiers_AgreeWithPackagingSpecifierSetContains() =>
        VersionVectors.AssertAll(VersionVectors.Rows("pep440-specifiers.tsv"), r =>
        {
            var expected = r[2] == "1";
            var set = Pep440SpecifierSet.Parse(r[0]);
            if (set is null)
            {
                return $"[{r[0]}]: refused, packaging accepts it";
            }

            var actual = set.Contains(r[1]);
            return actual == expected ? null : $"[{r[0]}] contains [{r[1]}]: got {actual}, packaging says {expected}";
        }, 2000);

    [Fact]
    public void NpmRanges_AgreeWithNodeSemverSatisfies() =>
        VersionVectors.AssertAll(VersionVectors.Rows("npm-ranges.tsv"), r =>
        {
            var expected = r[2] == "1";
            var range = NpmRange.Parse(r[0]);
            if (range is null)
            {
                return $"[{r[0]}]: refused, node-semver accepts it";
            }

            // node-semver answers false for a version it cannot parse; we answer null (unknown).
            var actual = range.Satisfies(r[1]) ?? false;
            return actual == expected ? null : $"[{r[0]}] satisfied by [{r[1]}]: got {actual}, node-semver says {expected}";
        }, 2000);

    [Fact]
    public void NpmRanges_AcceptExactlyWhatNodeSemverAccepts() =>
        VersionVectors.AssertAll(VersionVectors.Rows("npm-ranges-validity.tsv"), r =>
        {
            var expected = r[1] == "1";
            var actual = NpmRange.Parse(r[0]) is not null;
            return actual == expected ? null : $"[{r[0]}]: parsed {actual}, node-semver says {expected}";
        }, 1000);

    [Theory]
    [InlineData("^1.2.3", "1.9.9", true)]
    [InlineData("^1.2.3", "2.0.0", false)]
    [InlineData("^1.2.3", "2.0.0-alpha", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1", "1.9.0", true)]
    [InlineData("1.x", "1.4.2", true)]
    [InlineData("1.2.*", "1.3.0", false)]
    [InlineData("*", "1.0.0-beta", false)]
    [InlineData("1.2.3 - 2.3.4", "2.3.4", true)]
    [InlineData("1.2 - 2.3", "2.3.9", true)]
    [InlineData("1.2 - 2.3", "2.4.0", false)]
    [InlineData(">1.2.3-alpha.3", "1.2.3-alpha.7", true)]
    [InlineData(">1.2.3-alpha.3", "3.4.5-alpha.9", false)]
    [InlineData(">=1.0.0 <1.1.0 || >=2.0.0", "2.5.0", true)]
    [InlineData("<2.0.0", "2.0.0-rc.1", false)]
    public void NpmRanges_HandCheckedCases(string range, string version, bool expected) =>
        NpmRange.Parse(range)!.Satisfies(version).ShouldBe(expected);

    [Theory]
    [InlineData(">=1.0,<2.0", "1.5", true)]
    [InlineData(">=1.0,<2.0", "2.0", false)]
    [InlineData(">=1.0,<2.0", "2.0a1", false)]
    [InlineData(">=1.0,<2.0", "1.5a1", false)]
    [InlineData(">=1.0a1,<2.0", "1.5a1", true)]
    [InlineData("~=1.4.5", "1.4.9", true)]
    [InlineData("~=1.4.5", "1.5.0", false)]
    [InlineData("~=1.4", "1.9", true)]
    [InlineData("==1.*", "1.99.3", true)]
    [InlineData("==1.*", "2.0", false)]
    [InlineData("!=1.5.*", "1.5.2", false)]
    [InlineData("==1.0", "1.0+local", true)]
    [InlineData("==1.0+local", "1.0", false)]
    [InlineData(">1.0", "1.0.post1", false)]
    [InlineData(">1.0.post1", "1.0.post2", true)]
    [InlineData("<2.0", "2.0.dev1", false)]
    [InlineData("===1.0", "1.0", true)]
    [InlineData("", "1.0", true)]
    [InlineData("", "1.0rc1", false)]
    public void Pep440Specifiers_HandCheckedCases(string spec, string version, bool expected) =>
        Pep440SpecifierSet.Parse(spec)!.Contains(version).ShouldBe(expected);

    [Theory]
    [InlineData(">=")]
    [InlineData("=>1.0")]
    [InlineData("~=1")]
    [InlineData(">=1.0+local")]
    [InlineData("==1.0.*.*")]
    [InlineData(">=1.*")]
    [InlineData(">= 1. 0")]
    public void Pep440Specifiers_Malformed_AreRefused(string spec) =>
        Pep440SpecifierSet.Parse(spec).ShouldBeNull();

    [Fact]
    public void Pep440Specifiers_WithInvalidCandidate_AnswerUnknown() =>
        Pep440SpecifierSet.Parse(">=1.0")!.Contains("not a version").ShouldBeNull();
}
