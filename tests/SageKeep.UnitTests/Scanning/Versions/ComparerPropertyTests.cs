using CsCheck;
using SageKeep.Scanning.Versions;

namespace SageKeep.UnitTests.Scanning.Versions;

/// <summary>
/// Order laws every comparer must obey on arbitrary input, valid or not: Compare never throws, is
/// reflexive, antisymmetric and transitive (the invalid-last rule keeps it a total order).
/// </summary>
public sealed class ComparerPropertyTests
{
    // Alphabets biased to each scheme's grammar, so that many generated strings are valid versions.
    private static readonly Dictionary<string, string> Alphabets = new()
    {
        ["deb"] = "0123456789.-+~:abz",
        ["apk"] = "0123456789._-r~abcp",
        ["rpm"] = "0123456789.-_~^:abz",
        ["pypi"] = "0123456789.-_!+abcdeoprstv",
        ["npm"] = "0123456789.-+abvx",
        ["maven"] = "0123456789.-abcfgilmnprst",
        ["golang"] = "0123456789.-+vabcin",
        ["nuget"] = "0123456789.-+ab",
    };

    public static TheoryData<string> Schemes => new(Alphabets.Keys);


    private static Gen<string> VersionLike(string scheme) =>
        Gen.OneOf(
            Gen.String[Gen.Char[Alphabets[scheme]], 1, 14],
            Gen.String[Gen.Char[Alphabets[scheme]], 1, 6].Select(s => "1." + s),
            Gen.String,
            Gen.Const(string.Empty));

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Compare_OnArbitraryStrings_NeverThrowsAndIsAntisymmetric(string scheme)
    {
        var comparer = VersionSchemes.For(scheme)!;
        Gen.Select(VersionLike(scheme), VersionLike(scheme)).Sample((a, b) =>
        {
            var ab = comparer.Compare(a, b);
            var ba = comparer.Compare(b, a);
            ab.ShouldBeInRange(-1, 1);
            ab.ShouldBe(-ba, $"[{a}] vs [{b}]");
            comparer.Compare(a, a).ShouldBe(0);
        }, iter: 3000);
    }

    /// <summary>
    /// Maven's ComparableVersion is itself not transitive on odd strings (it pads with "nothing", which
    /// compares differently against numbers, qualifiers and lists); this triple is answered so by the
    /// maven-artifact 3.8.7 jar (x &lt; "" &lt; y but x &gt; y), and we must reproduce it, not repair it.
    /// </summary>
    [Fact]
    public void Maven_ReproducesComparableVersionsOwnIntransitivity()
    {
        var comparer = VersionSchemes.For("maven")!;
        const string x = "0A3WQ17Sk6!";
        const string y = @"a~Y_?(8~la>=?k#;S'WWdV@v?~ds\w1uB|RS@.C+pkl]6f/ IH.11Us)#a";
        comparer.Compare(x, string.Empty).ShouldBe(-1);
        comparer.Compare(string.Empty, y).ShouldBe(-1);
        comparer.Compare(x, y).ShouldBe(1);
    }

    public static TheoryData<string> TransitiveSchemes => new(Alphabets.Keys.Where(k => k != "maven"));

    [Fact]
    public void Maven_OnWellFormedVersions_IsTransitive()
    {
        var qualifier = Gen.OneOf(Gen.Const("alpha"), Gen.Const("beta"), Gen.Const("rc"), Gen.Const("SNAPSHOT"),
            Gen.Const("final"), Gen.Const("sp"), Gen.Const("foo"), Gen.Const("a"), Gen.Const("ga"));
        var number = Gen.Int[0, 12].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var version = Gen.Select(number.Array[1, 4], qualifier.Array[0, 2], number.Array[0, 2], (n, q, t) =>
            string.Join('.', n) + string.Concat(q.Select(x => "-" + x)) + string.Concat(t.Select(x => "." + x)));
        AssertTransitive(VersionSchemes.For("maven")!, version);
    }

    [Theory]
    [MemberData(nameof(TransitiveSchemes))]
    public void Compare_OnArbitraryTriples_IsTransitive(string scheme) =>
        AssertTransitive(VersionSchemes.For(scheme)!, VersionLike(scheme));

    private static void AssertTransitive(IVersionComparer comparer, Gen<string> gen) =>
        Gen.Select(gen, gen, gen).Sample((a, b, c) =>
        {
            // Sort the three and check every pair agrees with the sorted order.
            var sorted = new[] { a, b, c };
            Array.Sort(sorted, comparer);
            comparer.Compare(sorted[0], sorted[1]).ShouldBeLessThanOrEqualTo(0, $"{sorted[0]} / {sorted[1]}");
            comparer.Compare(sorted[1], sorted[2]).ShouldBeLessThanOrEqualTo(0, $"{sorted[1]} / {sorted[2]}");
            comparer.Compare(sorted[0], sorted[2]).ShouldBeLessThanOrEqualTo(0, $"{sorted[0]} / {sorted[2]}");
        }, iter: 3000);

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Compare_WithInvalidVersion_SortsItAfterEveryValidOne(string scheme)
    {
        var comparer = VersionSchemes.For(scheme)!;
        Gen.Select(VersionLike(scheme), VersionLike(scheme)).Sample((a, b) =>
        {
            if (comparer.IsValid(a) && !comparer.IsValid(b))
            {
                comparer.Compare(a, b).ShouldBe(-1);
                comparer.TryCompare(a, b, out _).ShouldBeFalse();
            }
        }, iter: 2000);
        comparer.Compare(null, null).ShouldBe(0);
        comparer.IsValid(null).ShouldBeFalse();
        comparer.IsValid(new string('1', 300)).ShouldBeFalse();
    }
}
