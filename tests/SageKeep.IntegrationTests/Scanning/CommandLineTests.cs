using System.Text.Json.Nodes;
using SageKeep.Cli;
using static SageKeep.IntegrationTests.Scanning.ScanTestData;

namespace SageKeep.IntegrationTests.Scanning;

/// <summary>The scan and sbom commands end to end through the real command line parser.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("cyclonedx", "components")]
    [InlineData("spdx", "packages")]
    [InlineData("json", "packages")]
    public void Sbom_OfAlpineArchive_WritesTheDocumentWithAll14Packages(string format, string list)
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "sbom.json");

        var exit = Program.Main(["sbom", Image("alpine-311.docker-archive.tar.gz"), "--format", format, "--output", output]);

        exit.ShouldBe(0);
        var document = JsonNode.Parse(File.ReadAllText(output))!;

        // SPDX lists the image itself as a package too.
        document[list]!.AsArray().Count.ShouldBe(format == "spdx" ? 15 : 14);
    }

    [Fact]
    public void Scan_OfBrokenLayout_ExitsWithOne()
    {
        Program.Main(["scan", Image("trivy-oci/test_bad_index_json.oci")]).ShouldBe(1);
    }

    [Fact]
    public void Scan_WithMalformedPlatform_ExitsWithTwo()
    {
        Program.Main(["scan", Image("trivy-oci/test.oci"), "--platform", "linux"]).ShouldBe(2);
    }
}
