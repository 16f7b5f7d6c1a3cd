using System.Net;
using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>PutImageScanningConfiguration, scan on push, StartImageScan, FAILED scans and DescribeImageScanFindings paging.</summary>
public sealed partial class EcrApiTests
{
    [Fact]
    public async Task PutImageScanningConfiguration_TogglesScanOnPush_AndPushesAreScannedOrNotAccordingly()
    {
        var repository = RegistryServerFixture.Unique("ecr/scanconf");
        await fixture.CreateRepositoryAsync(repository);
        using var client = fixture.RegistryClient(await fixture.LoginPasswordAsync());

        var off = RawImages.Image("off", RawImages.UniqueLayer("off"));
        (await RawImages.PushAsync(client, repository, off, "off")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await DetailAsync(repository, "off")).TryGetProperty("imageScanStatus", out _).ShouldBeFalse();
        AssertError(await fixture.Aws("ecr", "describe-image-scan-findings", "--repository-name", repository, "--image-id", "imageTag=off"), "ScanNotFoundException");

        var on = await fixture.Aws("ecr", "put-image-scanning-configuration", "--repository-name", repository, "--image-scanning-configuration", "scanOnPush=true");
        on.ExitCode.ShouldBe(0, on.StdErr);
        var answer = RegistryServerFixture.Json(on.StdOut);
        answer.GetProperty("registryId").GetString().ShouldBe(RegistryServerFixture.AccountId);
        answer.GetProperty("repositoryName").GetString().ShouldBe(repository);
        answer.GetProperty("imageScanningConfiguration").GetProperty("scanOnPush").GetBoolean().ShouldBeTrue();
        RegistryServerFixture.Json((await fixture.Aws("ecr", "describe-repositories", "--repository-names", repository)).StdOut)
            .GetProperty("repositories")[0].GetProperty("imageScanningConfiguration").GetProperty("scanOnPush").GetBoolean().ShouldBeTrue();

        var scanned = RawImages.Image("on", RawImages.UniqueLayer("on"));
        (await RawImages.PushAsync(client, repository, scanned, "on")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await DetailAsync(repository, "on")).GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBeOneOf("IN_PROGRESS", "COMPLETE");
        var done = await WaitForScanAsync(repository, "on");
        done.GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBe("COMPLETE");
        done.GetProperty("imageScanFindings").GetProperty("findings").GetArrayLength().ShouldBe(0);
        (await DetailAsync(repository, "on")).GetProperty("imageScanFindingsSummary").GetProperty("findingSeverityCounts").EnumerateObject().Count().ShouldBe(0);
        (await DetailAsync(repository, "off")).TryGetProperty("imageScanStatus", out _).ShouldBeFalse();

        var offAgain = await fixture.Aws("ecr", "put-image-scanning-configuration", "--repository-name", repository, "--image-scanning-configuration", "scanOnPush=false");
        offAgain.ExitCode.ShouldBe(0, offAgain.StdErr);
        RegistryServerFixture.Json(offAgain.StdOut).GetProperty("imageScanningConfiguration").GetProperty("scanOnPush").GetBoolean().ShouldBeFalse();
        var later = RawImages.Image("later", RawImages.UniqueLayer("later"));
        (await RawImages.PushAsync(client, repository, later, "later")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await DetailAsync(repository, "later")).TryGetProperty("imageScanStatus", out _).ShouldBeFalse();

        AssertError(await fixture.Aws("ecr", "put-image-scanning-configuration", "--repository-name", repository + "-none", "--image-scanning-configuration", "scanOnPush=true"), "RepositoryNotFoundException");
    }

    [Fact]
    public async Task StartImageScan_CompletesWithFindingsPagedOnce_AndFailsForALayerThatIsNotATar()
    {
        var repository = RegistryServerFixture.Unique("ecr/scan");
        await fixture.CreateRepositoryAsync(repository);
        var password = await fixture.LoginPasswordAsync();
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir,
            $"docker-archive:{await ScanImages.AlpineTarAsync(fixture.WorkDir)}", $"docker://{fixture.Host}/{repository}:3.11");
        push.ExitCode.ShouldBe(0, push.StdErr);

        var start = await fixture.Aws("ecr", "start-image-scan", "--repository-name", repository, "--image-id", "imageTag=3.11");
        start.ExitCode.ShouldBe(0, start.StdErr);
        var started = RegistryServerFixture.Json(start.StdOut);
        started.GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBe("IN_PROGRESS");
        started.GetProperty("imageId").GetProperty("imageTag").GetString().ShouldBe("3.11");
        started.GetProperty("registryId").GetString().ShouldBe(RegistryServerFixture.AccountId);
        var complete = await WaitForScanAsync(repository, "3.11");
        complete.GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBe("COMPLETE");

        // Pages of 7 by hand: every finding exactly once, the counts consistent with them.
        var findings = new List<JsonElement>();
        JsonElement counts = default;
        string? token = null;
        var pages = 0;
        do
        {
            string[] args = ["ecr", "describe-image-scan-findings", "--repository-name", repository, "--image-id", "imageTag=3.11", "--max-results", "7", "--no-paginate"];
            var page = await fixture.Aws(token is null ? args : [.. args, "--next-token", token]);
            page.ExitCode.ShouldBe(0, page.StdErr);
            var root = RegistryServerFixture.Json(page.StdOut);
            var scan = root.GetProperty("imageScanFindings");
            counts = scan.GetProperty("findingSeverityCounts");
            scan.GetProperty("imageScanCompletedAt").ValueKind.ShouldBe(JsonValueKind.Number);
            var onPage = scan.GetProperty("findings").EnumerateArray().ToList();
            onPage.Count.ShouldBeLessThanOrEqualTo(7);
            findings.AddRange(onPage);
            token = root.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 100);

        static string Key(JsonElement f) => f.GetProperty("name").GetString() + " " + f.GetProperty("attributes").EnumerateArray()
            .Single(a => a.GetProperty("key").GetString() == "package_name").GetProperty("value").GetString();
        findings.Count.ShouldBeGreaterThan(20);
        findings.Select(Key).Distinct().Count().ShouldBe(findings.Count);
        pages.ShouldBe((findings.Count + 6) / 7);
        var bySeverity = counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        bySeverity.Values.Sum().ShouldBe(findings.Count);
        foreach (var (severity, count) in bySeverity)
        {
            findings.Count(f => f.GetProperty("severity").GetString() == severity).ShouldBe(count);
        }

        foreach (var finding in findings)
        {
            finding.GetProperty("uri").GetString().ShouldStartWith("https://");
            var keys = finding.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("key").GetString()).ToList();
            keys.ShouldContain("package_name");
            keys.ShouldContain("package_version");
        }

        // The CLI's own paging gathers the same findings; DescribeImages shows the same counts.
        var all = await fixture.Aws("ecr", "describe-image-scan-findings", "--repository-name", repository, "--image-id", "imageTag=3.11", "--page-size", "9");
        all.ExitCode.ShouldBe(0, all.StdErr);
        RegistryServerFixture.Json(all.StdOut).GetProperty("imageScanFindings").GetProperty("findings").EnumerateArray().Select(Key).ShouldBe(findings.Select(Key), ignoreOrder: true);
        var detail = await DetailAsync(repository, "3.11");
        detail.GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBe("COMPLETE");
        detail.GetProperty("imageScanFindingsSummary").GetProperty("findingSeverityCounts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()).ShouldBe(bySeverity);

        // An image whose layer is not a tar: the scan FAILS with a reason, no findings.
        using var client = fixture.RegistryClient(password);
        var broken = RawImages.Unreadable();
        (await RawImages.PushAsync(client, repository, broken, "broken")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await fixture.Aws("ecr", "start-image-scan", "--repository-name", repository, "--image-id", "imageTag=broken")).ExitCode.ShouldBe(0);
        var failed = await WaitForScanAsync(repository, "broken");
        failed.GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBe("FAILED");
        failed.GetProperty("imageScanStatus").GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
        failed.TryGetProperty("imageScanFindings", out _).ShouldBeFalse();
        var failedDetail = await DetailAsync(repository, "broken");
        failedDetail.GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBe("FAILED");
        failedDetail.TryGetProperty("imageScanFindingsSummary", out _).ShouldBeFalse();

        AssertError(await fixture.Aws("ecr", "start-image-scan", "--repository-name", repository, "--image-id", "imageTag=nope"), "ImageNotFoundException");
        AssertError(await fixture.Aws("ecr", "describe-image-scan-findings", "--repository-name", repository, "--image-id", "imageTag=nope"), "ImageNotFoundException");
        AssertError(await fixture.Aws("ecr", "start-image-scan", "--repository-name", repository + "-none", "--image-id", "imageTag=3.11"), "RepositoryNotFoundException");
    }

    private async Task<JsonElement> DetailAsync(string repository, string tag)
    {
        var (code, stdout, stderr) = await fixture.Aws("ecr", "describe-images", "--repository-name", repository, "--image-ids", "imageTag=" + tag);
        code.ShouldBe(0, stderr);
        return RegistryServerFixture.Json(stdout).GetProperty("imageDetails")[0];
    }

    /// <summary>DescribeImageScanFindings (first page) once the scan is no longer IN_PROGRESS.</summary>
    private async Task<JsonElement> WaitForScanAsync(string repository, string tag)
    {
        JsonElement root = default;
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var (code, stdout, stderr) = await fixture.Aws("ecr", "describe-image-scan-findings", "--repository-name", repository, "--image-id", "imageTag=" + tag, "--no-paginate");
            code.ShouldBe(0, stderr);
            root = RegistryServerFixture.Json(stdout);
            if (root.GetProperty("imageScanStatus").GetProperty("status").GetString() != "IN_PROGRESS")
            {
                return root;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"the scan of {repository}:{tag} did not finish in two minutes: {root}");
    }
}
