using SageKeep.Scanning.Versions;
using SageKeep.Scanning.Versions.Pep440;
using SageKeep.Scanning.Versions.Ranges;
using SageKeep.Scanning.Versions.SemVer;

namespace SageKeep.UnitTests.Scanning.Versions.Ranges;

public sealed class VersionRangeTests
{
    [Theory]
    [InlineData("1.2.3-1", "Affected")]
    [InlineData("1.2.3-2", "NotAffected")]
    [InlineData("1.2.3-1~deb12u1", "Affected")]
    [InlineData("1.2.3-2~bpo11+1", "Affected")]
    [InlineData("1:0.9-1", "NotAffected")]
    [InlineData("1.0~rc1-1", "NotAffected")]
    [InlineData("1.0-1", "Affected")]
    [InlineData("1.0 1", "Unknown")]
    public void Evaluate_DebianIntroducedFixed_UsesDpkgOrder(string version, string expected) =>
        VersionRange.For("Debian:12", new VersionInterval("1.0-1", "1.2.3-2"))!.Evaluate(version).ShouldBe(Enum.Parse<RangeVerdict>(expected));

    [Theory]
    [InlineData("0.1.0", "Affected")]
    [InlineData("2.4.1", "Affected")]
    [InlineData("2.4.2", "NotAffected")]
    [InlineData("3.0.0-rc.1", "Affected")]
    [InlineData("3.0.5", "Affected")]
    [InlineData("3.1.0", "NotAffected")]
    public void Evaluate_SeveralIntervals_AffectedWhenInAny(string version, string expected) =>
        VersionRange.For("npm", new VersionInterval("0", "2.4.2"), new VersionInterval("3.0.0-rc.1", LastAffected: "3.0.5"))!
            .Evaluate(version).ShouldBe(Enum.Parse<RangeVerdict>(expected));

    [Fact]
    public void Evaluate_WithOnlyIntroduced_AffectsEverythingAfter()
    {
        var range = VersionRange.For("pypi", new VersionInterval("2.0"))!;
        range.Evaluate("1.9").ShouldBe(RangeVerdict.NotAffected);
        range.Evaluate("2.0").ShouldBe(RangeVerdict.Affected);
        range.Evaluate("99!1.0").ShouldBe(RangeVerdict.Affected);
    }

    [Fact]
    public void Evaluate_WithUnparsableBound_IsUnknownUnlessAnotherIntervalMatches()
    {
        var range = VersionRange.For("npm", new VersionInterval("not-a-version", "2.0.0"), new VersionInterval("5.0.0", "6.0.0"))!;
        range.Evaluate("1.0.0").ShouldBe(RangeVerdict.Unknown);
        range.Evaluate("5.1.0").ShouldBe(RangeVerdict.Affected);
    }

    [Fact]
    public void Evaluate_WithUnparsableVersion_IsUnknown() =>
        VersionRange.For("golang", new VersionInterval("0", "v1.2.3"))!.Evaluate("1.0.0").ShouldBe(RangeVerdict.Unknown);

    [Fact]
    public void Evaluate_GoPseudoVersion_SortsByTimestampBelowTheRelease()
    {
        var range = VersionRange.For("golang", new VersionInterval("0", "v0.0.0-20220101000000-abcdefabcdef"))!;
        range.Evaluate("v0.0.0-20211109021931-daa7c04131f5").ShouldBe(RangeVerdict.Affected);
        range.Evaluate("v0.0.0-20221109021931-daa7c04131f5").ShouldBe(RangeVerdict.NotAffected);
        range.Evaluate("v0.1.0").ShouldBe(RangeVerdict.NotAffected);
    }

    [Theory]
    [InlineData("1.0.0", "NotAffected")]
    [InlineData("1.2.0", "Affected")]
    [InlineData("1.4.9", "Affected")]
    [InlineData("1.5.0", "NotAffected")]
    [InlineData("2.0.0", "Affected")]
    [InlineData("2.1.3", "Affected")]
    [InlineData("2.1.4", "NotAffected")]
    [InlineData("3.0.0", "Affected")]
    public void FromOsvEvents_UnsortedEvents_PairIntoIntervals(string version, string expected)
    {
        OsvEvent[] events =
        [
            new(OsvEventKind.Introduced, "3.0.0"),
            new(OsvEventKind.Fixed, "1.5.0"),
            new(OsvEventKind.Introduced, "1.2.0"),
            new(OsvEventKind.LastAffected, "2.1.3"),
            new(OsvEventKind.Introduced, "2.0.0"),
        ];
        var range = VersionRange.FromOsvEvents(VersionSchemes.For("npm")!, events);
        range.Intervals.Count.ShouldBe(3);
        range.Evaluate(version).ShouldBe(Enum.Parse<RangeVerdict>(expected));
    }

    [Fact]
    public void FromOsvEvents_IntroducedZero_SortsFirst()
    {
        OsvEvent[] events = [new(OsvEventKind.Fixed, "1:2.0-1"), new(OsvEventKind.Introduced, "0")];
        var range = VersionRange.FromOsvEvents(VersionSchemes.For("Debian")!, events);
        range.Evaluate("1:1.9-3").ShouldBe(RangeVerdict.Affected);
        range.Evaluate("2.5-1").ShouldBe(RangeVerdict.Affected);
        range.Evaluate("1:2.0-1").ShouldBe(RangeVerdict.NotAffected);
    }

    [Fact]
    public void For_UnknownEcosystem_IsNull() =>
        VersionRange.For("hex", new VersionInterval("0")).ShouldBeNull();

    [Theory]
    [InlineData("pypi", "1.5", "Affected")]
    [InlineData("pypi", "2.0", "NotAffected")]
    [InlineData("pypi", "one", "Unknown")]
    [InlineData("npm", "1.5.0", "Affected")]
    [InlineData("npm", "2.0.0", "NotAffected")]
    [InlineData("npm", "1.5", "Unknown")]
    public void NativeConstraints_ReportUnknownForUnparsableVersions(string ecosystem, string version, string expected)
    {
        var constraints = new Dictionary<string, IVersionConstraint>
        {
            ["pypi"] = Pep440SpecifierSet.Parse(">=1.0,<2")!,
            ["npm"] = NpmRange.Parse("^1.0.0")!,
        };
        constraints[ecosystem].Evaluate(version).ShouldBe(Enum.Parse<RangeVerdict>(expected));
    }

    [Fact]
    public void Evaluate_AgreesWithComparerOnOracleVectors()
    {
        // For each oracle pair with a < b, the interval [a, b) must contain a and exclude b.
        var comparer = VersionSchemes.For("deb")!;
        foreach (var (a, b, expected) in VersionVectors.Pairs("dpkg.tsv").Where(p => p.Expected < 0).Take(500))
        {
            var range = new VersionRange(comparer, [new VersionInterval(a, b)]);
            range.Evaluate(a).ShouldBe(RangeVerdict.Affected, $"{a} in [{a}, {b})");
            range.Evaluate(b).ShouldBe(RangeVerdict.NotAffected, $"{b} in [{a}, {b})");
        }
    }
}
