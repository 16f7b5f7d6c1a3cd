using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// The marketplace scan policy from settings: an ignore file (entries with expiry and reason) and OpenVEX documents
/// next to the default gate (Critical or High with a fix fails), read at every scan and recorded with the verdict by
/// name and SHA-256. The Alpine 3.11 image fails by default, completes once its blocking CVEs are ignored until a
/// future date, fails again when those entries have expired, and completes under VEX not_affected statements.
/// </summary>
public sealed class ScanGatePolicyTests(ScanGatePolicyTests.PolicyFilesFixture fixture) : IClassFixture<ScanGatePolicyTests.PolicyFilesFixture>
{
    [Fact]
    public async Task AlpineAlgorithm_FailsByDefault_PassesWithIgnoredOrVexedCves_AndFailsWhenTheEntriesExpire()
    {
        var repo = RegistryServerFixture.Unique("gate/alpine");
        await fixture.CreateRepositoryAsync(repo);
        await MarketplaceSteps.PushAsync(fixture, $"docker-archive:{await ScanImages.AlpineTarAsync(fixture.WorkDir)}", repo, "3.11");
        var image = $"{fixture.Host}/{repo}:3.11";

        // Default: the placeholder policy files suppress nothing; the gate fails and the reason names the policy used.
        var byDefault = await ValidateAsync(image);
        byDefault.Status.ShouldBe("Failed");
        byDefault.Reason.ShouldContain("scanGate=high: fails on High or higher findings that have a fix");
        byDefault.Reason.ShouldContain($"ignore file gate.ignore sha256:{PolicyFilesFixture.Sha256(fixture.IgnorePath)} (1 entries)");
        byDefault.Reason.ShouldContain($"VEX gate.vex.json sha256:{PolicyFilesFixture.Sha256(fixture.VexPath)} (1 statements)");
        byDefault.Reason.ShouldContain("CVE-2022-37434");

        // Every Critical or High CVE of the image, as ECR reports them.
        var findings = (await MarketplaceSteps.WaitForScanAsync(fixture, repo, "3.11")).GetProperty("imageScanFindings").GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() is "CRITICAL" or "HIGH")
            .Select(f => f.GetProperty("name").GetString()!)
            .Distinct()
            .ToList();
        findings.ShouldContain("CVE-2022-37434");

        // Ignored until a future date, with a reason: Completed, the suppression is recorded.
        var future = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllLinesAsync(fixture.IgnorePath, findings.Select(id => $"{id} expires={future} reason=accepted by the security review"));
        var ignored = await ValidateAsync(image);
        ignored.Status.ShouldBe("Completed", ignored.Reason);
        var scan = await MarketplaceSteps.WaitForScanAsync(fixture, repo, "3.11");
        var recorded = scan.GetProperty("imageScanStatus").GetProperty("description").GetString()!;
        recorded.ShouldContain($"ignore file gate.ignore sha256:{PolicyFilesFixture.Sha256(fixture.IgnorePath)} ({findings.Count} entries)");
        recorded.ShouldContain("The image passed the scan gate");
        recorded.ShouldContain("Suppressed by the ignore file: ");
        recorded.ShouldContain("CVE-2022-37434");

        // The same entries, expired: Failed again, and the reason says they expired.
        await File.WriteAllLinesAsync(fixture.IgnorePath, findings.Select(id => $"{id} expires=2020-01-31 reason=accepted until the upgrade"));
        var expired = await ValidateAsync(image);
        expired.Status.ShouldBe("Failed");
        expired.Reason.ShouldContain("CVE-2022-37434");
        expired.Reason.ShouldContain("expired on 2020-01-31");
        expired.Reason.ShouldContain($"ignore file gate.ignore sha256:{PolicyFilesFixture.Sha256(fixture.IgnorePath)}");

        // No ignore entries, but VEX not_affected statements for the image: Completed.
        await File.WriteAllTextAsync(fixture.IgnorePath, "# nothing ignored\n");
        await File.WriteAllTextAsync(fixture.VexPath, PolicyFilesFixture.Vex(findings));
        var vexed = await ValidateAsync(image);
        vexed.Status.ShouldBe("Completed", vexed.Reason);
        var vexScan = (await MarketplaceSteps.WaitForScanAsync(fixture, repo, "3.11")).GetProperty("imageScanStatus").GetProperty("description").GetString()!;
        vexScan.ShouldContain($"VEX gate.vex.json sha256:{PolicyFilesFixture.Sha256(fixture.VexPath)} ({findings.Count} statements)");
        vexScan.ShouldContain("Suppressed by VEX statements: ");

        // A broken VEX document fails closed: the scan cannot be judged.
        await File.WriteAllTextAsync(fixture.VexPath, "{ not json");
        var broken = await ValidateAsync(image);
        broken.Status.ShouldBe("Failed");
        broken.Reason.ShouldContain("The scan gate policy cannot be loaded: gate.vex.json: not valid JSON");
    }

    /// <summary>Creates an algorithm on the image (which re-scans it under the policy files as they are now) and waits for its verdict.</summary>
    private async Task<(string Status, string Reason)> ValidateAsync(string image)
    {
        var name = await MarketplaceSteps.CreateAlgorithmAsync(fixture, image, certify: false);
        var algorithm = await MarketplaceSteps.WaitForAlgorithmAsync(fixture, name);
        var status = algorithm.GetProperty("AlgorithmStatus").GetString()!;
        var item = algorithm.GetProperty("AlgorithmStatusDetails").GetProperty("ImageScanStatuses")[0];
        return (status, item.TryGetProperty("FailureReason", out var reason) ? reason.GetString()! : algorithm.ToString());
    }

    /// <summary>The registry fixture with <c>--scan-gate-ignore-file</c> and <c>--scan-gate-vex</c> naming files in its work directory.</summary>
    public sealed class PolicyFilesFixture : RegistryServerFixture
    {
        public string IgnorePath => Path.Combine(WorkDir, "gate.ignore");

        public string VexPath => Path.Combine(WorkDir, "gate.vex.json");

        protected override IReadOnlyList<string> ExtraArguments => ["--scan-gate-ignore-file", IgnorePath, "--scan-gate-vex", VexPath];

        public static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

        public static string Vex(IEnumerable<string> cves) => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@context"] = "https://openvex.dev/ns/v0.2.0",
            ["@id"] = "https://example.com/vex/gate-test",
            ["author"] = "test",
            ["timestamp"] = "2026-01-01T00:00:00Z",
            ["version"] = 1,
            ["statements"] = cves.Select(id => new Dictionary<string, object>
            {
                ["vulnerability"] = new Dictionary<string, string> { ["name"] = id },
                ["products"] = new[] { new Dictionary<string, string> { ["@id"] = "pkg:oci/alpine" } },
                ["status"] = "not_affected",
                ["justification"] = "vulnerable_code_not_in_execute_path",
            }).ToList(),
        });

        protected override async Task BeforeStartAsync()
        {
            await File.WriteAllTextAsync(IgnorePath, "CVE-1999-0001 reason=placeholder entry\n");
            await File.WriteAllTextAsync(VexPath, Vex(["CVE-1999-0001"]));
        }
    }
}
