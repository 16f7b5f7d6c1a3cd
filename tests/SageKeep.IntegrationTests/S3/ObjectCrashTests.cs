using SageKeep.IntegrationTests.Aws;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// kill -9 of the server while a large upload replaces an object: after a restart the previous object is
/// intact, and neither the partial temp file nor any unreferenced blob is left on disk.
/// </summary>
public sealed class ObjectCrashTests : IDisposable
{
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();
    private readonly string _workDir = ServerProcess.CreateTempDirectory();

    public void Dispose()
    {
        Directory.Delete(_dataDir, recursive: true);
        Directory.Delete(_workDir, recursive: true);
    }

    [Fact]
    public async Task KillDuringLargeUpload_KeepsThePreviousObject_AndLeavesNoOrphan()
    {
        var bucket = S3ServerFixture.NewBucket("crash");
        var small = Path.Combine(_workDir, "v1.txt");
        var large = Path.Combine(_workDir, "v2.bin");
        await File.WriteAllTextAsync(small, "version one");
        await using (var file = File.Create(large))
        {
            file.SetLength(300L * 1024 * 1024);
        }

        var tmp = Path.Combine(_dataDir, "objects", "tmp");
        var blobs = Path.Combine(_dataDir, "objects", "blobs");
        var server = await S3ServerFixture.StartServerAsync(_dataDir);
        Task<(int, string, string)> upload;
        try
        {
            (await Cli(server, "s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
            (await Cli(server, "s3api", "put-object", "--bucket", bucket, "--key", "model.bin", "--body", small)).ExitCode.ShouldBe(0);

            // A single 300 MiB PUT replacing the object; kill the server once its temp file has grown.
            upload = Cli(server, "s3api", "put-object", "--bucket", bucket, "--key", "model.bin", "--body", large);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (!Directory.EnumerateFiles(tmp).Any(f => new FileInfo(f).Length > 16 * 1024 * 1024))
            {
                await Task.Delay(20, timeout.Token);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        (await upload).Item1.ShouldNotBe(0, "the upload was cut off");
        await using var restarted = await S3ServerFixture.StartServerAsync(_dataDir);
        var back = Path.Combine(_workDir, "back.txt");
        var get = await Cli(restarted, "s3api", "get-object", "--bucket", bucket, "--key", "model.bin", back);

        get.ExitCode.ShouldBe(0, get.StdErr);
        (await File.ReadAllTextAsync(back)).ShouldBe("version one");
        Directory.EnumerateFiles(tmp).ShouldBeEmpty("temp files of the interrupted upload are collected at start");
        Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Count().ShouldBe(1, "only the committed object's blob remains");
    }

    private static Task<(int ExitCode, string StdOut, string StdErr)> Cli(ServerProcess server, params string[] arguments) =>
        AwsCli.RunAsync(server.BaseUrl, server.CaCertPath, SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey, arguments);
}
