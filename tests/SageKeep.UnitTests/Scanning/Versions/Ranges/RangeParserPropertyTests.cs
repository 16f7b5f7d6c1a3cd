using CsCheck;
using SageKeep.Scanning.Versions.Pep440;
using SageKeep.Scanning.Versions.SemVer;

namespace SageKeep.UnitTests.Scanning.Versions.Ranges;

/// <summary>Range parsers are bounded and total: any input gives a range or null, never an exception.</summary>
public sealed class RangeParserPropertyTests
{
    private static readonly Gen<string> NpmLike = Gen.OneOf(
        Gen.String[Gen.Char["0123456789.-xX*^~<>=| v+abr"], 0, 40],
        Gen.String);

    private static readonly Gen<string> PepLike = Gen.OneOf(
        Gen.String[Gen.Char["0123456789.-_*~<>=!, v+abcdeoprst"], 0, 40],
        Gen.String);

    [Fact]
    public void NpmRange_OnArbitraryText_NeverThrows() =>
        Gen.Select(NpmLike, Gen.String[Gen.Char["0123456789.-abr"], 0, 12]).Sample((range, version) =>
        {
            var parsed = NpmRange.Parse(range);
            _ = parsed?.Satisfies(version);
        }, iter: 5000);

    [Fact]
    public void Pep440SpecifierSet_OnArbitraryText_NeverThrows() =>
        Gen.Select(PepLike, Gen.String[Gen.Char["0123456789.-abcdeoprst+!"], 0, 12]).Sample((spec, version) =>
        {
            var parsed = Pep440SpecifierSet.Parse(spec);
            _ = parsed?.Contains(version);
        }, iter: 5000);

    [Theory]
    [InlineData("^99999999999999999999.0.0")]
    [InlineData(">9007199254740991.x")]
    [InlineData("~9007199254740991")]
    public void NpmRange_WithNumbersPastTwoToThe53_IsRefusedNotThrown(string range) =>
        NpmRange.Parse(range).ShouldBeNull();

    [Fact]
    public void NpmRange_WithOverlongText_IsRefused() =>
        NpmRange.Parse(new string('1', 5000)).ShouldBeNull();

    [Fact]
    public void Pep440SpecifierSet_WithOverlongText_IsRefused() =>
        Pep440SpecifierSet.Parse(">=" + new string('1', 5000)).ShouldBeNull();
}
