using SageKeep.Scanning.Versions;

namespace SageKeep.UnitTests.Scanning.Versions;

/// <summary>
/// The orderings each ecosystem documents (deb-version(7), rpm's tilde/caret rules, PEP 440's suffix order,
/// semver.org §11's example chain, Maven's qualifier order, Go pseudo-versions), as readable examples.
/// Every expected value here was confirmed with the same tools that produced the vectors
/// (dpkg, rpm, packaging, npm semver, maven-artifact, x/mod); the vectors are the exhaustive check.
/// </summary>
public sealed class WellKnownOrderTests
{
    private static readonly (string Scheme, string A, string B, int Expected)[] Cases =
    [
        ("deb", "1.0~~", "1.0~", -1),
        ("deb", "1.0~rc1", "1.0", -1),
        ("deb", "1.0", "1.0+b1", -1),
        ("deb", "1.0", "1.0-0", 0),
        ("deb", "2.0", "1:0.9", -1),
        ("deb", "1.0a", "1.0+", -1),
        ("deb", "1.0", "1.0a", -1),
        ("deb", "1.0", "1.0.0", -1),
        ("deb", "1.01", "1.1", 0),
        ("deb", "2.30-1", "2.30-1ubuntu1", -1),
        ("deb", "1.2.3-1~deb12u1", "1.2.3-1", -1),
        ("rpm", "1.0~rc1", "1.0", -1),
        ("rpm", "1.0", "1.0^git1", -1),
        ("rpm", "1.0^git1", "1.0.1", -1),
        ("rpm", "1.0^git1", "1.0.0", -1),
        ("rpm", "1.0", "1.0a", -1),
        ("rpm", "1:2.0-1", "2:1.0-1", -1),
        ("rpm", "1.0-1", "1.0-1.el9", -1),
        ("rpm", "1.0_1", "1.0.1", 0),
        ("rpm", "1.010", "1.10", 0),
        ("rpm", "1.a", "1.1", -1),
        ("rpm", "1.0", "1.0-1", -1),
        ("pypi", "1.0.dev0", "1.0a1", -1),
        ("pypi", "1.0a1", "1.0b1", -1),
        ("pypi", "1.0b1", "1.0rc1", -1),
        ("pypi", "1.0rc1", "1.0", -1),
        ("pypi", "1.0", "1.0.post1", -1),
        ("pypi", "1.0", "1.0.0", 0),
        ("pypi", "1.0a1", "1.0alpha1", 0),
        ("pypi", "1.0c1", "1.0rc1", 0),
        ("pypi", "1.0-1", "1.0.post1", 0),
        ("pypi", "1.0", "1.0+local", -1),
        ("pypi", "2.0", "1!0.1", -1),
        ("pypi", "1.0.post1.dev1", "1.0.post1", -1),
        ("pypi", "1.0+abc", "1.0+1", -1),
        ("npm", "1.0.0-alpha", "1.0.0-alpha.1", -1),
        ("npm", "1.0.0-alpha.1", "1.0.0-alpha.beta", -1),
        ("npm", "1.0.0-alpha.beta", "1.0.0-beta", -1),
        ("npm", "1.0.0-beta", "1.0.0-beta.2", -1),
        ("npm", "1.0.0-beta.2", "1.0.0-beta.11", -1),
        ("npm", "1.0.0-beta.11", "1.0.0-rc.1", -1),
        ("npm", "1.0.0-rc.1", "1.0.0", -1),
        ("npm", "1.0.0+build", "1.0.0", 0),
        ("npm", "v1.2.3", "1.2.3", 0),
        ("maven", "1-alpha", "1-beta", -1),
        ("maven", "1-beta", "1-milestone", -1),
        ("maven", "1-milestone", "1-rc", -1),
        ("maven", "1-rc", "1-snapshot", -1),
        ("maven", "1-snapshot", "1", -1),
        ("maven", "1", "1-sp", -1),
        ("maven", "1.0", "1", 0),
        ("maven", "1-ga", "1", 0),
        ("maven", "1-final", "1", 0),
        ("maven", "1-cr1", "1-rc1", 0),
        ("maven", "1a1", "1-alpha-1", 0),
        ("maven", "1-sp", "1-foo", -1),
        ("maven", "1-foo", "1.0.1", -1),
        ("maven", "1-1", "1.1", -1),
        ("maven", "1.0.0.0.0", "1", 0),
        ("golang", "v1", "v1.0.0", 0),
        ("golang", "v1.2", "v1.2.0", 0),
        ("golang", "v2.0.0+incompatible", "v2.0.0", 0),
        ("golang", "v0.0.0-20191109021931-daa7c04131f5", "v0.0.1", -1),
        ("golang", "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-000000000000", -1),
        ("golang", "v1.2.3-pre", "v1.2.3", -1),
        ("golang", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", -1),
    ];

    [Fact]
    public void Compare_MatchesDocumentedOrderings()
    {
        var wrong = Cases
            .Select(c => (c, Actual: VersionSchemes.For(c.Scheme)!.TryCompare(c.A, c.B, out var r) ? r : 99))
            .Where(x => x.Actual != x.c.Expected)
            .Select(x => $"{x.c.Scheme}: [{x.c.A}] vs [{x.c.B}] got {x.Actual}, expected {x.c.Expected}")
            .ToList();
        wrong.ShouldBeEmpty();
    }
}
