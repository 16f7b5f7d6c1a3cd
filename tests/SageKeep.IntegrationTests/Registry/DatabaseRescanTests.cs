using System.Text.Json;
using System.Text.Json.Nodes;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// A server whose database starts with the Alpine 3.11 secdb without its zlib and openssl entries. An Alpine 3.11
/// image scanned against it lacks those findings; <c>sagekeep db import</c> of the whole secdb into the database
/// file while the server runs re-scans it in the background, and nothing is re-scanned while the database stays as it is.
/// </summary>
public sealed class PartialDatabaseServerFixture : RegistryServerFixture
{
    public static readonly string[] Withheld = ["zlib", "openssl"];

    protected override async Task<IReadOnlyList<string>> InitialFeedsAsync()
    {
        var secdb = JsonNode.Parse(await File.ReadAllTextAsync(Feeds[0]))!.AsObject();
        var packages = secdb["packages"]!.AsArray();
        foreach (var package in packages.Where(p => Withheld.Contains(p!["pkg"]!["name"]!.GetValue<string>())).ToList())
        {
            packages.Remove(package);
        }

        var directory = Path.Combine(WorkDir, "partial-feeds");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "main.json");
        await File.WriteAllTextAsync(path, secdb.ToJsonString());
        return [path];
    }
}

public sealed class DatabaseRescanTests(PartialDatabaseServerFixture fixture) : IClassFixture<PartialDatabaseServerFixture>
{
    private const string ZlibCve = "CVE-2022-37434";

    [Fact]
    public async Task DatabaseImport_WhileTheServerRuns_RescansStoredImages_OnceAndOnlyWhenTheDatabaseChanged()
    {
        var repository = RegistryServerFixture.Unique("rescan/alpine");
        await fixture.CreateRepositoryAsync(repository, "--image-scanning-configuration", "scanOnPush=true");
        var password = await fixture.LoginPasswordAsync();
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir,
            $"docker-archive:{await ScanImages.AlpineTarAsync(fixture.WorkDir)}", $"docker://{fixture.Host}/{repository}:3.11");
        push.ExitCode.ShouldBe(0, push.StdErr);

        // Scanned on push against the partial database: no zlib or openssl findings.
        var before = await WaitAsync(repository, scan => scan.Status == "COMPLETE");
        before.Findings.ShouldNotBeEmpty();
        before.Findings.ShouldNotContain(f => f.Package == "zlib" || f.Package.StartsWith("libssl", StringComparison.Ordinal) || f.Package.StartsWith("libcrypto", StringComparison.Ordinal));

        // The database file is left alone (each scan opens it, which touches the file): no re-scan after several polls.
        await Task.Delay(TimeSpan.FromSeconds(12));
        (await ReadAsync(repository)).CompletedAt.ShouldBe(before.CompletedAt);
        fixture.Server.Output.ShouldNotContain("re-evaluating");

        // The whole secdb and NVD's ratings imported into the server's database file, with the CLI, while it runs.
        var import = await ServerProcess.RunCliAsync(["db", "import", "--db", fixture.VulnDbPath, .. RegistryServerFixture.Feeds]);
        import.ExitCode.ShouldBe(0, import.StdErr);

        var after = await WaitAsync(repository, scan => scan.Status == "COMPLETE" && scan.Findings.Any(f => f.Name == ZlibCve));
        after.CompletedAt.ShouldBeGreaterThan(before.CompletedAt);
        after.Findings.Count.ShouldBeGreaterThan(before.Findings.Count);
        after.Findings.Select(f => f.Name + " " + f.Package).Distinct().Count().ShouldBe(after.Findings.Count);
        after.Findings.ShouldContain(f => f.Package.StartsWith("libssl", StringComparison.Ordinal));
        after.Counts.Values.Sum().ShouldBe(after.Findings.Count);
        var zlib = after.Findings.Single(f => f.Name == ZlibCve);
        zlib.Severity.ShouldBe("CRITICAL");

        // DescribeImages shows the new summary.
        var described = await fixture.Aws("ecr", "describe-images", "--repository-name", repository, "--image-ids", "imageTag=3.11");
        described.ExitCode.ShouldBe(0, described.StdErr);
        var detail = RegistryServerFixture.Json(described.StdOut).GetProperty("imageDetails")[0];
        detail.GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBe("COMPLETE");
        detail.GetProperty("imageScanFindingsSummary").GetProperty("findingSeverityCounts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()).ShouldBe(after.Counts);

        // One re-evaluation for the one import, and none after it while the database stays the same.
        await Task.Delay(TimeSpan.FromSeconds(12));
        (await ReadAsync(repository)).CompletedAt.ShouldBe(after.CompletedAt);
        fixture.Server.Output.Split('\n').Count(l => l.Contains("re-evaluating", StringComparison.Ordinal)).ShouldBe(1);
    }

    private sealed record Finding(string Name, string Package, string Severity);

    private sealed record Scan(string Status, double CompletedAt, List<Finding> Findings, Dictionary<string, int> Counts);

    /// <summary>Every page of DescribeImageScanFindings (the CLI pages), as one scan.</summary>
    private async Task<Scan> ReadAsync(string repository)
    {
        var (code, stdout, stderr) = await fixture.Aws("ecr", "describe-image-scan-findings", "--repository-name", repository, "--image-id", "imageTag=3.11", "--page-size", "50");
        code.ShouldBe(0, stderr);
        var root = RegistryServerFixture.Json(stdout);
        var status = root.GetProperty("imageScanStatus").GetProperty("status").GetString()!;
        // While a scan is IN_PROGRESS the response has no imageScanFindings; the CLI's paginator then prints it as null.
        if (!root.TryGetProperty("imageScanFindings", out var scan) || scan.ValueKind == JsonValueKind.Null)
        {
            return new Scan(status, 0, [], []);
        }

        var findings = scan.GetProperty("findings").EnumerateArray().Select(f => new Finding(
            f.GetProperty("name").GetString()!,
            f.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "package_name").GetProperty("value").GetString()!,
            f.GetProperty("severity").GetString()!)).ToList();
        return new Scan(
            status,
            scan.GetProperty("imageScanCompletedAt").GetDouble(),
            findings,
            scan.GetProperty("findingSeverityCounts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
    }

    private async Task<Scan> WaitAsync(string repository, Func<Scan, bool> done)
    {
        Scan? scan = null;
        for (var attempt = 0; attempt < 240; attempt++)
        {
            scan = await ReadAsync(repository);
            scan.Status.ShouldNotBe("FAILED");
            if (done(scan))
            {
                return scan;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"the scan of {repository}:3.11 did not reach the expected state in two minutes: {JsonSerializer.Serialize(scan)}");
    }
}
