using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Training;

/// <summary>Through the API: EnableNetworkIsolation, the memory limit, and ManifestFile channels.</summary>
public sealed partial class TrainingJobApiTests
{
    [RuncFact]
    public async Task EnableNetworkIsolation_ContainerHasOnlyLoopback_AndCannotReachAListenerOnTheHost()
    {
        var setup = await SetUpAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var job = RegistryServerFixture.Unique("train-net");
        await CreateJobAsync(Create(setup, job, "net", extraEnvironment: "PORT=" + port.ToString(System.Globalization.CultureInfo.InvariantCulture)), job);

        var described = await Steps.WaitForEndAsync(job);
        described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", described.ToString());
        described.GetProperty("EnableNetworkIsolation").GetBoolean().ShouldBeTrue();
        listener.Pending().ShouldBeFalse();
        var files = await Steps.DownloadModelAsync(described);
        var interfaces = files["netdev.txt"].Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim()).ToList();
        interfaces.ShouldBe(["lo"]);
        files["self.txt"].Trim().ShouldBe("self-loopback");
        files.ShouldNotContainKey("reached.txt");
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task JobExceedingItsMemoryLimit_FailsWithAnOutOfMemoryReason()
    {
        var setup = await SetUpAsync();
        var job = RegistryServerFixture.Unique("train-oom");
        await CreateJobAsync(Create(setup, job, "oom"), job);

        var described = await Steps.WaitForEndAsync(job);
        described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Failed", described.ToString());
        described.GetProperty("FailureReason").GetString().ShouldStartWith("OutOfMemoryError:");
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task ManifestFileChannel_CopiesExactlyTheListedKeys_AndABadManifestFailsTheJob()
    {
        var setup = await SetUpAsync();
        var source = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("manifest"));
        Directory.CreateDirectory(source);
        foreach (var (key, content) in new[] { ("a.txt", "alpha\n"), ("b/c.txt", "gamma\n"), ("unlisted.txt", "not listed\n") })
        {
            var file = Path.Combine(source, key.Replace('/', '-'));
            await File.WriteAllTextAsync(file, content);
            (await fixture.Aws("s3", "cp", file, $"s3://{setup.Bucket}/manifest-data/{key}")).ExitCode.ShouldBe(0);
        }

        var manifest = Path.Combine(source, "train.manifest");
        await File.WriteAllTextAsync(manifest, $$"""[{"prefix": "s3://{{setup.Bucket}}/manifest-data/"}, "a.txt", "b/c.txt"]""");
        (await fixture.Aws("s3", "cp", manifest, $"s3://{setup.Bucket}/manifests/train.manifest")).ExitCode.ShouldBe(0);
        var escaping = Path.Combine(source, "escape.manifest");
        await File.WriteAllTextAsync(escaping, $$"""[{"prefix": "s3://{{setup.Bucket}}/manifest-data/"}, "../../etc/passwd"]""");
        (await fixture.Aws("s3", "cp", escaping, $"s3://{setup.Bucket}/manifests/escape.manifest")).ExitCode.ShouldBe(0);

        string Channel(string key) => JsonSerializer.Serialize(new[] { new { ChannelName = "train", DataSource = new { S3DataSource = new { S3DataType = "ManifestFile", S3Uri = $"s3://{setup.Bucket}/manifests/{key}" } } } });
        var job = RegistryServerFixture.Unique("train-manifest");
        await CreateJobAsync(Create(setup, job, "manifest", inputDataConfig: Channel("train.manifest")), job);
        var described = await Steps.WaitForEndAsync(job);
        described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", described.ToString());
        var files = await Steps.DownloadModelAsync(described);
        files["joined.txt"].ShouldBe("alpha\ngamma\n");
        files["listing.txt"].ShouldContain("a.txt");
        files["listing.txt"].ShouldContain("c.txt");
        files["listing.txt"].ShouldNotContain("unlisted");

        var bad = RegistryServerFixture.Unique("train-manifest-bad");
        await CreateJobAsync(Create(setup, bad, "manifest", inputDataConfig: Channel("escape.manifest")), bad);
        var failed = await Steps.WaitForEndAsync(bad);
        failed.GetProperty("TrainingJobStatus").GetString().ShouldBe("Failed");
        failed.GetProperty("FailureReason").GetString()!.ShouldContain("cannot be placed in the channel directory");

        var prefixOnly = await fixture.Aws(Create(setup, RegistryServerFixture.Unique("train-manifest-dir"), "manifest", inputDataConfig: Channel(string.Empty)));
        prefixOnly.ExitCode.ShouldNotBe(0);
        prefixOnly.StdErr.ShouldContain("must name the manifest object");
    }
}
