using CsCheck;
using SageKeep.Security.Iam.Model;

namespace SageKeep.UnitTests.Iam;

/// <summary>The compiled fast paths agree with the reference glob matcher.</summary>
public sealed class WildcardTests
{
    [Theory]
    [InlineData("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b", true)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("ab*ba", "abba", true)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b*", "xxbxxaxx", false)]
    [InlineData("a**b", "ab", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    public void IsMatch_AgreesWithIamGlobRules(string pattern, string value, bool expected) =>
        WildcardPattern.Glob(pattern, ignoreCase: false).IsMatch(value).ShouldBe(expected);

    [Fact]
    public void IsMatch_RandomPatterns_AgreeWithTheReferenceMatcher()
    {
        Gen.Select(Gen.Char["ab*?:"].Array[0, 8], Gen.Char["abAB:"].Array[0, 10], Gen.Bool).Sample(
            (pattern, value, ignoreCase) =>
            {
                var text = new string(pattern);
                var expected = Wildcard.Match(text, Wildcard.KindsOf(text), new string(value), ignoreCase);
                WildcardPattern.Glob(text, ignoreCase).IsMatch(new string(value)).ShouldBe(expected);
            },
            iter: 5000);
    }
}
