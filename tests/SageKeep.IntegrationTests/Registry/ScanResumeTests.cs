using System.Globalization;
using System.Net;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Scanning.VulnDb;
using SageKeep.Server.Storage;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// The scan queue lives in memory: a server killed with scans queued leaves them IN_PROGRESS in its state store, and
/// the next start on the same data directory takes them up again until each is COMPLETE.
/// </summary>
public sealed class ScanResumeTests : IAsyncLifetime
{
    private string _workDir = null!;
    private string _dataDir = null!;

    private string VulnDbPath => Path.Combine(_workDir, "vulndb.sqlite");

    public async Task InitializeAsync()
    {
        _workDir = ServerProcess.CreateTempDirectory();
        _dataDir = Path.Combine(_workDir, "data");
        var (database, error) = await VulnDatabase.OpenAsync(VulnDbPath, TimeProvider.System, CancellationToken.None);
        error.ShouldBeNull();
        await using (database!)
        {
            (await database!.ImportAsync(RegistryServerFixture.Feeds, null, null, CancellationToken.None)).Error.ShouldBeNull();
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_workDir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ScansLeftInProgressByAKilledServer_AreTakenUpAgainAtTheNextStart()
    {
        var repository = RegistryServerFixture.Unique("resume/app");
        var images = Enumerable.Range(0, 24).Select(i => RawImages.Image("resume" + i.ToString(CultureInfo.InvariantCulture), RawImages.UniqueLayer("resume"))).ToList();
        await using (var first = await StartAsync())
        {
            (await Aws(first, "ecr", "create-repository", "--repository-name", repository, "--image-scanning-configuration", "scanOnPush=true")).ExitCode.ShouldBe(0);
            using var client = await ClientAsync(first);
            foreach (var blob in images.SelectMany(image => image.Blobs))
            {
                await RawImages.PushBlobAsync(client, repository, blob);
            }

            // The manifests all at once: every one queues a scan (IN_PROGRESS is stored before the 201), the worker
            // takes them one at a time, and the server is killed right after.
            var pushed = await Task.WhenAll(images.Select((image, i) => RawImages.PutManifestAsync(client, repository, image, "v" + i.ToString(CultureInfo.InvariantCulture))));
            await first.KillAsync();
            pushed.ShouldAllBe(response => response.StatusCode == HttpStatusCode.Created);
        }

        // What the killed server left: the last pushes were still queued.
        var left = await CountInProgressAsync();
        left.ShouldBeGreaterThan(0);

        await using var second = await StartAsync();
        foreach (var (_, i) in images.Select((image, i) => (image, i)))
        {
            string? status = null;
            for (var attempt = 0; attempt < 240 && status != "COMPLETE"; attempt++)
            {
                var (code, stdout, stderr) = await Aws(second, "ecr", "describe-images", "--repository-name", repository, "--image-ids", "imageTag=v" + i.ToString(CultureInfo.InvariantCulture));
                code.ShouldBe(0, stderr);
                status = RegistryServerFixture.Json(stdout).GetProperty("imageDetails")[0].GetProperty("imageScanStatus").GetProperty("status").GetString();
                status.ShouldNotBe("FAILED");
                if (status != "COMPLETE")
                {
                    await Task.Delay(500);
                }
            }

            status.ShouldBe("COMPLETE");
        }

        (await CountInProgressAsync()).ShouldBe(0);
    }

    private Task<ServerProcess> StartAsync() => ServerProcess.StartAsync(
        ["--account-id", RegistryServerFixture.AccountId, "--vuln-db", VulnDbPath],
        new Dictionary<string, string>
        {
            ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = RegistryServerFixture.AccessKeyId,
            ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = RegistryServerFixture.SecretAccessKey,
        },
        _dataDir);

    private static Task<(int ExitCode, string StdOut, string StdErr)> Aws(ServerProcess server, params string[] arguments) =>
        AwsCli.RunAsync(server.BaseUrl, server.CaCertPath, RegistryServerFixture.AccessKeyId, RegistryServerFixture.SecretAccessKey, arguments);

    private static async Task<HttpClient> ClientAsync(ServerProcess server)
    {
        var (code, stdout, stderr) = await Aws(server, "ecr", "get-login-password");
        code.ShouldBe(0, stderr);
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("AWS:" + stdout.Trim())));
        return client;
    }

    private async Task<long> CountInProgressAsync()
    {
        using var store = new SqliteStateStore(Path.Combine(_dataDir, "state.db"));
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        await using var count = connection.CreateCommand("SELECT COUNT(*) FROM registry_scans WHERE status = 'IN_PROGRESS'", null);
        return Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
