using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;

namespace SageKeep.IntegrationTests.Training;

/// <summary>
/// Steps the training-job tests share, through the aws CLI of whichever server the test runs: a bounded wait for
/// a job to end, and the files of its model.tar.gz.
/// </summary>
/// <param name="aws">Runs the aws CLI against the test's server.</param>
/// <param name="workDir">Where downloaded artifacts go.</param>
/// <param name="serverOutput">The server's output, for the message of a wait that runs out.</param>
internal sealed class TrainingSteps(Func<string[], Task<(int ExitCode, string StdOut, string StdErr)>> aws, string workDir, Func<string> serverOutput)
{
    /// <summary>Polls DescribeTrainingJob (bounded: 600 polls) until the job is Completed, Failed or Stopped.</summary>
    public async Task<JsonElement> WaitForEndAsync(string job)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var describe = await aws(["sagemaker", "describe-training-job", "--training-job-name", job]);
            describe.ExitCode.ShouldBe(0, describe.StdErr);
            var json = RegistryServerFixture.Json(describe.StdOut);
            if (json.GetProperty("TrainingJobStatus").GetString() is "Completed" or "Failed" or "Stopped")
            {
                return json;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"training job {job} did not end; server output:\n{serverOutput()}");
    }

    /// <summary>The files (name to text) of the model artifact a described job names.</summary>
    public Task<Dictionary<string, string>> DownloadModelAsync(JsonElement described) =>
        DownloadModelAsync(described.GetProperty("ModelArtifacts").GetProperty("S3ModelArtifacts").GetString()!);

    /// <summary>The files (name to text) of a model.tar.gz in S3.</summary>
    public async Task<Dictionary<string, string>> DownloadModelAsync(string artifact)
    {
        var local = Path.Combine(workDir, RegistryServerFixture.Unique("model") + ".tar.gz");
        var copy = await aws(["s3", "cp", artifact, local]);
        copy.ExitCode.ShouldBe(0, copy.StdErr);
        return await ReadArchiveAsync(local);
    }

    /// <summary>The files (name to text) of a local .tar.gz.</summary>
    public static async Task<Dictionary<string, string>> ReadArchiveAsync(string path)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            if (entry.DataStream is { } data)
            {
                using var reader = new StreamReader(data);
                files[entry.Name.TrimStart('.', '/')] = await reader.ReadToEndAsync();
            }
        }

        return files;
    }
}
