using SageKeep.Scanning.Os;

namespace SageKeep.UnitTests.Scanning.Os;

public sealed class OsIdentifierTests
{
    private static OsInfo? Identify(Dictionary<string, string> files, bool statusDirectory = false) =>
        OsIdentifier.Identify(path => files.GetValueOrDefault(path), statusDirectory);

    [Fact]
    public void Identify_FromOsRelease_ReadsIdVersionAndCodename()
    {
        var os = Identify(new() { ["/etc/os-release"] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n" });

        os.ShouldBe(new OsInfo("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "/etc/os-release"));
        os!.DistroQualifier.ShouldBe("debian-12");
    }

    [Fact]
    public void Identify_WithoutEtcOsRelease_ReadsUsrLibOsRelease()
    {
        var os = Identify(new() { ["/usr/lib/os-release"] = "ID='alpine'\nVERSION_ID=3.11.5\n# comment\n" });

        (os!.Id, os.VersionId, os.SourcePath).ShouldBe(("alpine", "3.11.5", "/usr/lib/os-release"));
    }

    [Theory]
    [InlineData("/etc/alpine-release", "3.11.5\n", "alpine", "3.11.5", null)]
    [InlineData("/etc/debian_version", "12.5\n", "debian", "12", null)]
    [InlineData("/etc/debian_version", "trixie/sid\n", "debian", null, "trixie/sid")]
    [InlineData("/etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)\n", "centos", "7.9.2009", null)]
    [InlineData("/etc/redhat-release", "Red Hat Enterprise Linux release 8.6 (Ootpa)\n", "rhel", "8.6", null)]
    [InlineData("/etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\n", "ubuntu", "22.04", "jammy")]
    public void Identify_FromFallbackReleaseFile_ReadsIdAndVersion(string path, string content, string id, string? version, string? codename)
    {
        var os = Identify(new() { [path] = content });

        (os!.Id, os.VersionId, os.Codename, os.SourcePath).ShouldBe((id, version, codename, path));
    }

    [Fact]
    public void Identify_OfDistrolessDebianWithOnlyStatusDirectory_IsDebian() =>
        Identify([], statusDirectory: true)!.Id.ShouldBe("debian");

    [Fact]
    public void Identify_WithNothingKnown_IsNull() => Identify(new() { ["/etc/os-release"] = "NAME=nothing\n" }).ShouldBeNull();

    [Fact]
    public void Parse_OfDoubleQuotedValueWithEscapes_Unescapes() =>
        OsReleaseParser.Parse("NAME=\"say \\\"hi\\\" \\$x\"\n")["NAME"].ShouldBe("say \"hi\" $x");
}
