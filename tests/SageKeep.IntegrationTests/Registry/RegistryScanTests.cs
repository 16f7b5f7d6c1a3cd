using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// Registry scans end to end: images pushed with skopeo, scanned by the server against its database (the Alpine 3.11
/// secdb), read back with the aws CLI in ECR's basic-scan shape, and the marketplace gate deciding algorithms.
/// </summary>
public sealed class RegistryScanTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    [Fact]
    public async Task Alpine311_ScannedOnDemand_FindingsAreExactlyWhatTheScannerLibraryReports()
    {
        var repo = RegistryServerFixture.Unique("scan/alpine");
        await fixture.CreateRepositoryAsync(repo);
        await PushAsync($"docker-archive:{await ScanImages.AlpineTarAsync(fixture.WorkDir)}", repo, "3.11");

        var start = await fixture.Aws("ecr", "start-image-scan", "--repository-name", repo, "--image-id", "imageTag=3.11");
        start.ExitCode.ShouldBe(0, start.StdErr);
        await WaitForScanAsync(repo, "3.11");

        // Every page, two findings at a time, following nextToken by hand.
        var pairs = new List<string>();
        var attributesById = new Dictionary<string, Dictionary<string, string>>();
        var severities = new List<string>();
        string? token = null;
        JsonElement first = default;
        var pages = 0;
        do
        {
            string[] args = ["ecr", "describe-image-scan-findings", "--repository-name", repo, "--image-id", "imageTag=3.11", "--max-results", "2", "--no-paginate"];
            var page = await fixture.Aws(token is null ? args : [.. args, "--next-token", token]);
            page.ExitCode.ShouldBe(0, page.StdErr);
            var root = RegistryServerFixture.Json(page.StdOut);
            first = pages == 0 ? root : first;
            pages++;
            var findings = root.GetProperty("imageScanFindings").GetProperty("findings").EnumerateArray().ToList();
            findings.Count.ShouldBeLessThanOrEqualTo(2);
            foreach (var finding in findings)
            {
                var attributes = finding.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value").GetString()!);
                pairs.Add($"{attributes["package_name"]} {attributes["package_version"]} {finding.GetProperty("name").GetString()}");
                severities.Add(finding.GetProperty("severity").GetString()!);
                attributesById[$"{attributes["package_name"]} {finding.GetProperty("name").GetString()}"] = attributes;
                finding.GetProperty("uri").GetString().ShouldStartWith("https://");
            }

            token = root.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        var expected = await LibraryFindingsAsync();
        expected.Count.ShouldBeGreaterThan(20);
        pages.ShouldBe((expected.Count + 1) / 2);
        pairs.Order(StringComparer.Ordinal).ShouldBe(expected.Select(f => $"{f.PackageName} {f.PackageVersion} {f.VulnerabilityId}").Order(StringComparer.Ordinal));
        severities.ShouldContain(s => s == "CRITICAL" || s == "HIGH");
        severities.ShouldAllBe(s => s == "CRITICAL" || s == "HIGH" || s == "MEDIUM" || s == "LOW" || s == "INFORMATIONAL" || s == "UNDEFINED");

        // NVD's ratings arrive as ECR's CVSS attributes; the secdb's fix as the fixed version.
        var zlib = attributesById["zlib CVE-2022-37434"];
        zlib["CVSS3_SCORE"].ShouldBe("9.8");
        zlib["CVSS3_VECTOR"].ShouldBe("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        zlib["fixed_version"].ShouldBe("1.2.11-r4");
        var openssl = attributesById["libssl1.1 CVE-2021-3711"];
        openssl["CVSS2_SCORE"].ShouldBe("7.5");
        openssl["CVSS2_VECTOR"].ShouldBe("AV:N/AC:L/Au:N/C:P/I:P/A:P");

        var counts = first.GetProperty("imageScanFindings").GetProperty("findingSeverityCounts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        counts.Values.Sum().ShouldBe(expected.Count);
        foreach (var (name, count) in counts)
        {
            severities.Count(s => s == name).ShouldBe(count);
        }

        // DescribeImages shows the status and the same counts.
        var described = await fixture.Aws("ecr", "describe-images", "--repository-name", repo);
        described.ExitCode.ShouldBe(0, described.StdErr);
        var detail = RegistryServerFixture.Json(described.StdOut).GetProperty("imageDetails")[0];
        detail.GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBe("COMPLETE");
        detail.GetProperty("imageScanFindingsSummary").GetProperty("findingSeverityCounts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()).ShouldBe(counts);
    }

    [Fact]
    public async Task CreateAlgorithm_WithBusyboxImage_Completes_AndCertifiedForMarketplacePasses()
    {
        var repo = RegistryServerFixture.Unique("scan/busybox");
        await fixture.CreateRepositoryAsync(repo);
        await PushAsync($"oci:{await ScanImages.BusyboxLayoutAsync(fixture.WorkDir)}:v1", repo, "v1");

        var plain = await CreateAlgorithmAsync($"{fixture.Host}/{repo}:v1", certify: false);
        var certified = await CreateAlgorithmAsync($"{fixture.Host}/{repo}:v1", certify: true);

        foreach (var name in new[] { plain, certified })
        {
            var algorithm = await WaitForAlgorithmAsync(name);
            algorithm.GetProperty("AlgorithmStatus").GetString().ShouldBe("Completed", algorithm.ToString());
            algorithm.GetProperty("AlgorithmStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("Status").GetString().ShouldBe("Completed");
        }
    }

    [Fact]
    public async Task CreateAlgorithm_WithAlpine311Image_FailsNamingItsBlockingCves_AlsoWhenCertifiedForMarketplace()
    {
        var repo = RegistryServerFixture.Unique("scan/alpine-algo");
        await fixture.CreateRepositoryAsync(repo);
        await PushAsync($"docker-archive:{await ScanImages.AlpineTarAsync(fixture.WorkDir)}", repo, "3.11");
        var blocking = (await LibraryFindingsAsync())
            .Where(f => f.Severity >= Severity.High && f.FixState == FindingFixState.Fixed)
            .Take(25)
            .Select(f => f.VulnerabilityId)
            .ToList();
        blocking.ShouldNotBeEmpty();

        foreach (var certify in new[] { false, true })
        {
            var algorithm = await WaitForAlgorithmAsync(await CreateAlgorithmAsync($"{fixture.Host}/{repo}:3.11", certify));
            algorithm.GetProperty("AlgorithmStatus").GetString().ShouldBe("Failed", algorithm.ToString());
            var reason = algorithm.GetProperty("AlgorithmStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("FailureReason").GetString()!;
            reason.ShouldContain("scanGate=high");
            foreach (var cve in blocking)
            {
                reason.ShouldContain(cve);
            }
        }
    }

    /// <summary>The findings the scanner library reports for the Alpine 3.11 archive against the same secdb.</summary>
    private static async Task<IReadOnlyList<Finding>> LibraryFindingsAsync()
    {
        var directory = ServerProcess.CreateTempDirectory();
        try
        {
            var (database, error) = await VulnDatabase.OpenAsync(Path.Combine(directory, "vulndb.sqlite"), TimeProvider.System, CancellationToken.None);
            error.ShouldBeNull();
            await using (database!)
            {
                (await database!.ImportAsync(RegistryServerFixture.Feeds, null, null, CancellationToken.None)).Error.ShouldBeNull();
                var result = await new VulnerabilityScanner(database, TimeProvider.System)
                    .ScanAsync(new ImageSource(ScanImages.AlpineArchive), new ScanOptions { TempRoot = directory }, CancellationToken.None);
                return result.Findings;
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task PushAsync(string source, string repo, string tag)
    {
        var password = await fixture.LoginPasswordAsync();
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir, source, $"docker://{fixture.Host}/{repo}:{tag}");
        push.ExitCode.ShouldBe(0, push.StdErr);
    }

    private async Task WaitForScanAsync(string repo, string tag)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var (code, stdout, stderr) = await fixture.Aws("ecr", "describe-image-scan-findings", "--repository-name", repo, "--image-id", "imageTag=" + tag, "--max-results", "1", "--no-paginate");
            code.ShouldBe(0, stderr);
            var status = RegistryServerFixture.Json(stdout).GetProperty("imageScanStatus");
            status.GetProperty("status").GetString().ShouldNotBe("FAILED", status.ToString());
            if (status.GetProperty("status").GetString() == "COMPLETE")
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("the scan did not finish in two minutes");
    }

    private async Task<string> CreateAlgorithmAsync(string image, bool certify)
    {
        var name = RegistryServerFixture.Unique("algo");
        var spec = $$"""{"TrainingImage":"{{image}}","SupportedTrainingInstanceTypes":["ml.m5.large"],"TrainingChannels":[{"Name":"train","SupportedContentTypes":["text/csv"],"SupportedInputModes":["File"]}]}""";
        var (code, _, stderr) = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", name, "--training-specification", spec, certify ? "--certify-for-marketplace" : "--no-certify-for-marketplace");
        code.ShouldBe(0, stderr);
        return name;
    }

    private async Task<JsonElement> WaitForAlgorithmAsync(string name)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var (code, stdout, stderr) = await fixture.Aws("sagemaker", "describe-algorithm", "--algorithm-name", name);
            code.ShouldBe(0, stderr);
            var algorithm = RegistryServerFixture.Json(stdout);
            if (algorithm.GetProperty("AlgorithmStatus").GetString() is "Completed" or "Failed")
            {
                return algorithm;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"algorithm {name} was not validated in two minutes");
    }
}
