using System.Text.Json.Nodes;
using SageKeep.Cli;
using SageKeep.IntegrationTests.Registry;
using static SageKeep.IntegrationTests.Scanning.ScanTestData;

namespace SageKeep.IntegrationTests.Scanning;

/// <summary>
/// <c>sagekeep sbom|scan registry://REPO:TAG</c>: an image pushed with skopeo to a real running server, read from the
/// server's data directory while it runs, gives the same inventory and the same findings as the archive it was pushed from.
/// </summary>
public sealed class RegistryImageScanTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>, IDisposable
{
    private readonly TempDirectory _temp = new();

    private static string AlpineArchive => Image("alpine-311.docker-archive.tar.gz");

    [Fact]
    public async Task SbomAndScan_OfAPushedImage_EqualThoseOfTheSourceArchive()
    {
        var repo = RegistryServerFixture.Unique("cli/alpine");
        await fixture.CreateRepositoryAsync(repo);
        var password = await fixture.LoginPasswordAsync();
        var push = await Skopeo.RunAsync(
            "--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir,
            $"docker-archive:{await ScanImages.AlpineTarAsync(_temp.Path)}", $"docker://{fixture.Host}/{repo}:3.11");
        push.ExitCode.ShouldBe(0, push.StdErr);
        var inspect = await Skopeo.RunAsync("inspect", "--raw", "--creds", "AWS:" + password, "--cert-dir", fixture.CertDir, $"docker://{fixture.Host}/{repo}:3.11");
        inspect.ExitCode.ShouldBe(0, inspect.StdErr);
        var pushedLayers = JsonNode.Parse(inspect.StdOut)!["layers"]!.AsArray().Select(l => (string)l!["digest"]!).ToList();

        // The inventory: every package with the same version, purl, path and source; layers are the pushed ones.
        var fromRegistry = Sbom($"registry://{repo}:3.11", "registry.json");
        var fromArchive = Sbom(AlpineArchive, "archive.json");
        ((string)fromRegistry["imageName"]!).ShouldStartWith($"registry://{repo}:3.11@sha256:");
        Packages(fromRegistry).Count.ShouldBe(14);
        Packages(fromRegistry).ShouldBe(Packages(fromArchive));
        fromRegistry["packages"]!.AsArray().Select(p => (string)p!["layerDigest"]!).ShouldAllBe(d => pushedLayers.Contains(d));
        ((string)fromRegistry["os"]!["versionId"]!).ShouldBe((string)fromArchive["os"]!["versionId"]!);

        // The SPDX and CycloneDX documents describe the same packages.
        foreach (var format in new[] { "spdx", "cyclonedx" })
        {
            Program.Main(["sbom", $"registry://{repo}:3.11", "--data-dir", fixture.Server.DataDir, "--format", format, "--output", Path.Combine(_temp.Path, format)]).ShouldBe(0);
            var list = JsonNode.Parse(File.ReadAllText(Path.Combine(_temp.Path, format)))![format == "spdx" ? "packages" : "components"]!.AsArray();
            list.Count.ShouldBe(format == "spdx" ? 15 : 14);
        }

        // The findings against the same database: identical.
        var db = Path.Combine(_temp.Path, "vulndb.sqlite");
        Program.Main(["db", "import", .. RegistryServerFixture.Feeds, "--db", db]).ShouldBe(0);
        var registryFindings = Findings($"registry://{repo}:3.11", db, "registry-report.json");
        var archiveFindings = Findings(AlpineArchive, db, "archive-report.json");
        registryFindings.Count.ShouldBeGreaterThan(20);
        registryFindings.ShouldBe(archiveFindings);

        // By digest too, and the digest must match the tag when both are given.
        var digest = ((string)fromRegistry["imageName"]!)[((string)fromRegistry["imageName"]!).IndexOf('@', StringComparison.Ordinal)..];
        Findings($"registry://{repo}{digest}", db, "by-digest.json").ShouldBe(archiveFindings);
        Program.Main(["scan", $"registry://{repo}:other{digest}", "--data-dir", fixture.Server.DataDir, "--db", db]).ShouldBe(1);

        // Every exported layout was deleted after its scan (the repositories here do not scan on push, so the server made none).
        Exports().ShouldBeEmpty();
    }

    [Fact]
    public void Scan_OfAnImageTheRegistryDoesNotHave_ExitsOne_WithoutWritingAReport()
    {
        var output = Path.Combine(_temp.Path, "report.json");

        Program.Main(["sbom", "registry://nothing-here:1.0", "--data-dir", fixture.Server.DataDir, "--output", output]).ShouldBe(1);
        Program.Main(["sbom", "registry://Not A Name", "--data-dir", fixture.Server.DataDir, "--output", output]).ShouldBe(1);
        Program.Main(["sbom", "registry://alpine:3.11", "--data-dir", _temp.Path, "--output", output]).ShouldBe(1);

        File.Exists(output).ShouldBeFalse();
        Exports().ShouldBeEmpty();
    }

    public void Dispose() => _temp.Dispose();

    private List<string> Exports()
    {
        var scratch = Path.Combine(fixture.Server.DataDir, "registry", "tmp");
        return Directory.Exists(scratch) ? [.. Directory.GetFileSystemEntries(scratch, "export-*")] : [];
    }

    private static List<string> Packages(JsonNode inventory) =>
        inventory["packages"]!.AsArray()
            .Select(p => $"{p!["type"]} {p["name"]} {p["version"]} {p["purl"]} {p["path"]} {p["sourceName"]} {p["catalogerId"]}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private JsonNode Sbom(string image, string name)
    {
        var output = Path.Combine(_temp.Path, name);
        Program.Main(["sbom", image, "--data-dir", fixture.Server.DataDir, "--format", "json", "--output", output]).ShouldBe(0);
        return JsonNode.Parse(File.ReadAllText(output))!;
    }

    private List<string> Findings(string image, string db, string name)
    {
        var output = Path.Combine(_temp.Path, name);
        Program.Main(["scan", image, "--data-dir", fixture.Server.DataDir, "--db", db, "--db-max-age", "0", "--format", "json", "--output", output]).ShouldBe(0);
        return JsonNode.Parse(File.ReadAllText(output))!["findings"]!.AsArray()
            .Select(f => $"{f!["package"]!["name"]} {f["package"]!["version"]} {f["package"]!["path"]} {f["id"]} {f["severity"]} {f["fix"]?["fixedVersion"]} {f["cvss"]?["score"]}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
