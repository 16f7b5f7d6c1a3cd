using SageKeep.Scanning.Versions.Pep440;

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
