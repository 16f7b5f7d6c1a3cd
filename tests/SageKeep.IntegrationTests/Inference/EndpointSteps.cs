using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// Steps the endpoint robustness tests share, all through the aws CLI against the fixture's server: model data in
/// S3, model + config + endpoint, bounded waits on DescribeEndpoint, invocations, and what the server has on the host
/// under its serving prefix (containers, namespaces, cgroups, instance workspaces).
/// </summary>
internal sealed class EndpointSteps(InferenceServerFixture fixture)
{
    /// <summary>The serving prefix the server derives from its data directory (EndpointService), the same way here.</summary>
    public string Prefix => "se" + Tag + "-";

    public string CgroupParent => "/sagekeep-serve-" + Tag;

    private string Tag => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(fixture.DataDir))))[..6];

    /// <summary>A model (model.tar.gz answering <paramref name="answer"/>) ready for endpoint configurations.</summary>
    public async Task CreateModelAsync(string model, string answer, bool isolated, string? environment = null)
    {
        var container = $"Image={fixture.Image},ModelDataUrl={await PutModelDataAsync(answer)}" + (environment is null ? string.Empty : $",Environment={{{environment}}}");
        var create = await fixture.Aws("sagemaker", "create-model", "--model-name", model, "--primary-container", container, isolated ? "--enable-network-isolation" : "--no-enable-network-isolation");
        create.ExitCode.ShouldBe(0, create.StdErr);
    }

    /// <summary>A model.tar.gz answering <paramref name="answer"/> in a new bucket; its s3:// URI.</summary>
    public async Task<string> PutModelDataAsync(string answer)
    {
        var bucket = RegistryServerFixture.Unique("models");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        var archive = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("model") + ".tar.gz");
        await File.WriteAllBytesAsync(archive, ServingImage.ModelArchive(answer));
        var put = await fixture.Aws("s3", "cp", archive, $"s3://{bucket}/model/model.tar.gz");
        put.ExitCode.ShouldBe(0, put.StdErr);
        return $"s3://{bucket}/model/model.tar.gz";
    }

    public async Task CreateConfigAsync(string config, string model, int instances = 1)
    {
        var create = await fixture.Aws("sagemaker", "create-endpoint-config", "--endpoint-config-name", config, "--production-variants", $"VariantName=AllTraffic,ModelName={model},InitialInstanceCount={instances},InstanceType=ml.m5.large");
        create.ExitCode.ShouldBe(0, create.StdErr);
    }

    public async Task CreateEndpointAsync(string endpoint, string config)
    {
        var create = await fixture.Aws("sagemaker", "create-endpoint", "--endpoint-name", endpoint, "--endpoint-config-name", config);
        create.ExitCode.ShouldBe(0, create.StdErr);
    }

    public async Task<JsonElement> DescribeAsync(string endpoint)
    {
        var describe = await fixture.Aws("sagemaker", "describe-endpoint", "--endpoint-name", endpoint);
        describe.ExitCode.ShouldBe(0, describe.StdErr);
        return RegistryServerFixture.Json(describe.StdOut);
    }

    /// <summary>Polls DescribeEndpoint (bounded: 2 minutes) until the endpoint is InService or Failed.</summary>
    public async Task<JsonElement> WaitSettledAsync(string endpoint)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var described = await DescribeAsync(endpoint);
            if (described.GetProperty("EndpointStatus").GetString() is "InService" or "Failed")
            {
                return described;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"endpoint {endpoint} stayed {described.GetProperty("EndpointStatus")}; server output:\n{fixture.Server.Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The CLI's endpoint-in-service waiter (answers at its first poll for an endpoint already in service).</summary>
    public async Task<int> WaitInServiceWithCliAsync(string endpoint) =>
        (await fixture.Aws("sagemaker", "wait", "endpoint-in-service", "--endpoint-name", endpoint)).ExitCode;

    /// <summary>Polls (bounded: 2 minutes) until DescribeEndpoint says the endpoint does not exist.</summary>
    public async Task WaitGoneAsync(string endpoint)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await fixture.Aws("sagemaker", "describe-endpoint", "--endpoint-name", endpoint)).ExitCode == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"endpoint {endpoint} was not deleted; server output:\n{fixture.Server.Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>invoke-endpoint with the aws CLI: the exit code, the answer body and stderr.</summary>
    public async Task<(int ExitCode, string Answer, string StdErr)> InvokeAsync(string endpoint, string body)
    {
        var input = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("in"));
        var output = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("out"));
        await File.WriteAllTextAsync(input, body);
        var result = await fixture.Aws("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", endpoint, "--content-type", "text/plain", "--body", "fileb://" + input, output);
        return (result.ExitCode, File.Exists(output) ? await File.ReadAllTextAsync(output) : string.Empty, result.StdErr);
    }

    /// <summary>Run ids of this server's serving containers that runc knows.</summary>
    public async Task<IReadOnlySet<string>> ContainerRunIdsAsync() =>
        (await new RuncClient().ListAsync(Prefix, CancellationToken.None)).Select(c => c.Id[Prefix.Length..]).ToHashSet();

    /// <summary>Everything on the host under the serving prefix, by kind: runc containers, network namespaces (whose veths go with them), nftables tables, cgroups, instance workspaces.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> HostStateAsync()
    {
        var netns = await HostCommand.RunAsync("ip", ["netns", "list"], CancellationToken.None);
        var tables = await HostCommand.RunAsync("nft", ["list", "tables"], CancellationToken.None);
        var tablePrefix = Prefix.Replace('-', '_');
        var workspaces = Path.Combine(fixture.DataDir, "inference", "instances");
        return new Dictionary<string, IReadOnlySet<string>>
        {
            ["runc"] = await ContainerRunIdsAsync(),
            ["netns"] = netns.Stdout.Split('\n').Select(l => l.Split(' ')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).ToHashSet(),
            ["nft"] = tables.Stdout.Split('\n').Select(l => l.Split(' ')).Where(p => p is ["table", "inet", var t] && t.StartsWith(tablePrefix, StringComparison.Ordinal)).Select(p => p[2][tablePrefix.Length..]).ToHashSet(),
            ["cgroup"] = new CgroupV1().Children(CgroupParent).Where(c => c.StartsWith(Prefix, StringComparison.Ordinal)).Select(c => c[Prefix.Length..]).ToHashSet(),
            ["workspace"] = (Directory.Exists(workspaces) ? Directory.EnumerateDirectories(workspaces).Select(Path.GetFileName).OfType<string>().Where(n => n != "models") : []).ToHashSet(),
        };
    }

    /// <summary>Filters the endpoint's log group with the aws CLI; the messages found.</summary>
    public async Task<IReadOnlyList<string>> LogEventsAsync(string endpoint, string pattern)
    {
        var logs = await fixture.Aws("logs", "filter-log-events", "--log-group-name", "/aws/sagemaker/Endpoints/" + endpoint, "--filter-pattern", pattern);
        logs.ExitCode.ShouldBe(0, logs.StdErr);
        return [.. RegistryServerFixture.Json(logs.StdOut).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString() ?? string.Empty)];
    }

    /// <summary>boto3 clients invoking the endpoint without pause (<see cref="EndpointUpdateTests.LoadScript"/>) until <see cref="Load.StopAsync"/>.</summary>
    public async Task<Load> StartLoadAsync(string endpoint)
    {
        var script = Path.Combine(fixture.WorkDir, "load.py");
        await File.WriteAllTextAsync(script, EndpointUpdateTests.LoadScript);
        var stop = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("stop"));
        var results = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("results") + ".json");
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true };
        foreach (var argument in new[] { script, fixture.Server.BaseUrl, fixture.Server.CaCertPath, RegistryServerFixture.AccessKeyId, RegistryServerFixture.SecretAccessKey, endpoint, stop, results })
        {
            start.ArgumentList.Add(argument);
        }

        return new Load(Process.Start(start)!, stop, results);
    }

    internal sealed class Load(Process process, string stopFile, string resultsFile) : IDisposable
    {
        private readonly Task<string> _errors = process.StandardError.ReadToEndAsync();

        /// <summary>Stops the clients (bounded) and returns their counts: ok, failed, answers, errors.</summary>
        public async Task<JsonElement> StopAsync()
        {
            await File.WriteAllTextAsync(stopFile, "stop");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.ShouldBe(0, await _errors);
            return JsonDocument.Parse(await File.ReadAllTextAsync(resultsFile)).RootElement.Clone();
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
        }
    }
}
