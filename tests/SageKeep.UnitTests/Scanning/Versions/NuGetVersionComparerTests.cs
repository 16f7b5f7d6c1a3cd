using CsCheck;
using SageKeep.Scanning.Versions.NuGet;
using NuGetReference = NuGet.Versioning;

namespace SageKeep.UnitTests.Scanning.Versions;

/// <summary>
/// NuGet versions: hand-checked cases from the "NuGet package version reference" rules, and a
/// differential check against NuGet's own NuGet.Versioning package (the real oracle, at test time).
/// </summary>
public sealed class NuGetVersionComparerTests
{
    private static readonly (string A, string B, int Expected, string Rule)[] Cases =
    [
        ("1.0", "1.0.0", 0, "missing parts are zero"),
        ("1", "1.0.0.0", 0, "missing parts are zero, four parts"),
        ("1.0.0.1", "1.0.0", 1, "fourth part counts"),
        ("01.002.0003", "1.2.3", 0, "leading zeros are normalised"),
        ("1.2.3", "1.2.10", -1, "numbers numerically"),
        ("1.10.0", "1.9.9", 1, "numbers numerically"),
        ("2.0.0", "10.0.0", -1, "numbers numerically"),
        ("1.0.0-alpha", "1.0.0", -1, "pre-release below release"),
        ("1.0.0-alpha", "1.0.0-ALPHA", 0, "labels case-insensitive"),
        ("1.0.0-Beta", "1.0.0-alpha", 1, "labels ordinal ignoring case"),
        ("1.0.0-alpha", "1.0.0-alpha.1", -1, "more labels newer"),
        ("1.0.0-alpha.1", "1.0.0-alpha.beta", -1, "numeric label before text label"),
        ("1.0.0-alpha.2", "1.0.0-alpha.10", -1, "numeric labels numerically"),
        ("1.0.0-beta.11", "1.0.0-rc.1", -1, "first label decides"),
        ("1.0.0-rc.1", "1.0.0", -1, "pre-release below release"),
        ("1.0.0+build.5", "1.0.0+build.9", 0, "metadata ignored"),
        ("1.0.0-rc.1+abc", "1.0.0-rc.1", 0, "metadata ignored with pre-release"),
        ("1.0.0-1", "1.0.0-a", -1, "numeric label before text"),
        ("1.0.0-beta2", "1.0.0-beta10", 1, "legacy labels compare as text"),
        ("1.0.0-a-b", "1.0.0-a", 1, "hyphen inside a label"),
        ("4.6.0-preview.2.21154.6", "4.6.0-preview.3.21201.4", -1, "real .NET preview versions"),
        ("6.0.0-rc.2.21480.5", "6.0.0", -1, "real .NET rc"),
        ("13.0.1", "13.0.3", -1, "real Newtonsoft.Json versions"),
        ("1.0.0.0", "1.0.0.0-alpha", 1, "four parts with pre-release"),
        (" 1.0 ", "1.0", 0, "surrounding white space trimmed"),
    ];

    [Fact]
    public void Compare_MatchesHandCheckedCases()
    {
        var comparer = NuGetVersionComparer.Instance;
        var wrong = Cases
            .Select(c => (c, Actual: comparer.TryCompare(c.A, c.B, out var r) ? r : 99))
            .Where(x => x.Actual != x.c.Expected)
            .Select(x => $"[{x.c.A}] vs [{x.c.B}]: got {x.Actual}, expected {x.c.Expected} ({x.c.Rule})")
            .ToList();
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void HandCheckedCases_AgreeWithNuGetVersioning()
    {
        // The hand-written expectations themselves are checked against NuGet's own implementation.
        foreach (var (a, b, expected, rule) in Cases)
        {
            var actual = Math.Sign(NuGetReference.NuGetVersion.Parse(a).CompareTo(NuGetReference.NuGetVersion.Parse(b)));
            actual.ShouldBe(expected, $"{a} vs {b}: {rule}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.0-")]
    [InlineData("1.0+")]
    [InlineData("1.0-a..b")]
    [InlineData("1.0-a_b")]
    [InlineData("1..0")]
    [InlineData("-1.0")]
    [InlineData("99999999999.0")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0-alpha.007")]
    public void IsValid_WithMalformedVersion_IsFalseLikeNuGet(string version)
    {
        NuGetReference.NuGetVersion.TryParse(version, out _).ShouldBeFalse();
        NuGetVersionComparer.Instance.IsValid(version).ShouldBeFalse();
    }

    [Fact]
    public void Compare_OnGeneratedVersions_AgreesWithNuGetVersioning()
    {
        var number = Gen.OneOf(Gen.Int[0, 3], Gen.Int[0, 20], Gen.Const(2147483647)).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var padded = Gen.Select(number, Gen.Int[0, 5], (n, z) => z == 0 ? "0" + n : n);
        var label = Gen.OneOf(Gen.Const("alpha"), Gen.Const("Alpha"), Gen.Const("beta"), Gen.Const("rc"), Gen.Const("1"),
            Gen.Const("2"), Gen.Const("10"), Gen.Const("01"), Gen.Const("a-b"), Gen.Const("9999999999"), Gen.Const("x"));
        var version = Gen.Select(padded.Array[1, 4], label.Array[0, 3], Gen.Bool, (parts, labels, meta) =>
            string.Join('.', parts) + (labels.Length > 0 ? "-" + string.Join('.', labels) : string.Empty) + (meta ? "+build.7" : string.Empty));

        Gen.Select(version, version).Sample((a, b) =>
        {
            var expectedValid = NuGetReference.NuGetVersion.TryParse(a, out var na) & NuGetReference.NuGetVersion.TryParse(b, out var nb);
            var ours = NuGetVersionComparer.Instance.TryCompare(a, b, out var actual);
            ours.ShouldBe(expectedValid, $"validity of {a} / {b}");
            if (expectedValid)
            {
                actual.ShouldBe(Math.Sign(na!.CompareTo(nb)), $"{a} vs {b}");
            }
        }, iter: 5000);
    }
}
