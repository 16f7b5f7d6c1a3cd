using SageKeep.Scanning.Versions;

namespace SageKeep.UnitTests.Scanning.Versions;

public sealed class VersionSchemesTests
{
    [Theory]
    [InlineData("deb", "dpkg")]
    [InlineData("Debian", "dpkg")]
    [InlineData("Debian:12", "dpkg")]
    [InlineData("Ubuntu:22.04:LTS", "dpkg")]
    [InlineData("apk", "apk")]
    [InlineData("Alpine:v3.18", "apk")]
    [InlineData("rpm", "rpm")]
    [InlineData("Red Hat", "rpm")]
    [InlineData("pypi", "pep440")]
    [InlineData("PyPI", "pep440")]
    [InlineData("npm", "semver")]
    [InlineData("cargo", "semver")]
    [InlineData("crates.io", "semver")]
    [InlineData("maven", "maven")]
    [InlineData("golang", "go")]
    [InlineData("Go", "go")]
    [InlineData("nuget", "nuget")]
    [InlineData("NuGet", "nuget")]
    public void For_KnownEcosystem_ReturnsItsScheme(string ecosystem, string scheme) =>
        VersionSchemes.For(ecosystem)!.Scheme.ShouldBe(scheme);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("hex")]
    [InlineData("gem")]
    public void For_UnknownEcosystem_ReturnsNull(string? ecosystem) =>
        VersionSchemes.For(ecosystem).ShouldBeNull();
}
