using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// UpdateEndpoint under a steady load: boto3 clients invoke the endpoint without pause while it moves to a
/// configuration with another model; every request is counted and none may fail. Weights and instance counts are
/// changed with UpdateEndpointWeightsAndCapacities; an update whose containers fail rolls back.
/// </summary>
public sealed class EndpointUpdateTests(InferenceServerFixture fixture) : IClassFixture<InferenceServerFixture>
{
    internal const string LoadScript = """
        import json, os, sys, threading, time, boto3, botocore
        url, ca, key, secret, name, stop, out = sys.argv[1:8]
        results = {"ok": 0, "failed": 0, "answers": {}, "errors": []}
        lock = threading.Lock()
        def run():
            client = boto3.client("sagemaker-runtime", endpoint_url=url, region_name="us-east-1", verify=ca,
                aws_access_key_id=key, aws_secret_access_key=secret,
                config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
            while not os.path.exists(stop):
                try:
                    answer = client.invoke_endpoint(EndpointName=name, Body=b"load", ContentType="text/plain")["Body"].read().decode()
                    with lock:
                        results["ok"] += 1
                        results["answers"][answer] = results["answers"].get(answer, 0) + 1
                except Exception as e:
                    with lock:
                        results["failed"] += 1
                        results["errors"].append(str(e)[:300])
        threads = [threading.Thread(target=run) for _ in range(3)]
        for t in threads: t.start()
        for t in threads: t.join()
        with open(out, "w") as f: json.dump(results, f)
        """;

    [RuncFact]
    public async Task UpdateEndpoint_UnderSteadyLoad_LosesNoRequest_AndSwitchesToTheNewModel()
    {
        var bucket = RegistryServerFixture.Unique("models");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        foreach (var (key, answer) in new[] { ("v1", "first"), ("v2", "second") })
        {
            var archive = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique(key) + ".tar.gz");
            await File.WriteAllBytesAsync(archive, ServingImage.ModelArchive(answer));
            (await fixture.Aws("s3", "cp", archive, $"s3://{bucket}/{key}/model.tar.gz")).ExitCode.ShouldBe(0);
        }

        var name = RegistryServerFixture.Unique("ep-update");
        foreach (var version in new[] { "v1", "v2" })
        {
            var model = await fixture.Aws("sagemaker", "create-model", "--model-name", $"{name}-{version}", "--primary-container", $"Image={fixture.Image},ModelDataUrl=s3://{bucket}/{version}/model.tar.gz", "--enable-network-isolation");
            model.ExitCode.ShouldBe(0, model.StdErr);
            var config = await fixture.Aws("sagemaker", "create-endpoint-config", "--endpoint-config-name", $"{name}-{version}", "--production-variants", $"VariantName=AllTraffic,ModelName={name}-{version},InitialInstanceCount=1,InstanceType=ml.m5.large");
            config.ExitCode.ShouldBe(0, config.StdErr);
        }

        (await fixture.Aws("sagemaker", "create-endpoint", "--endpoint-name", name, "--endpoint-config-name", name + "-v1")).ExitCode.ShouldBe(0);
        (await WaitAsync(name, d => d.GetProperty("EndpointStatus").GetString() is "InService" or "Failed")).GetProperty("EndpointStatus").GetString().ShouldBe("InService");

        var script = Path.Combine(fixture.WorkDir, "load.py");
        await File.WriteAllTextAsync(script, LoadScript);
        var stop = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("stop"));
        var results = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("results") + ".json");
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true };
        foreach (var argument in new[] { script, fixture.Server.BaseUrl, fixture.Server.CaCertPath, RegistryServerFixture.AccessKeyId, RegistryServerFixture.SecretAccessKey, name, stop, results })
        {
            start.ArgumentList.Add(argument);
        }

        using var load = Process.Start(start)!;
        var loadErrors = load.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var update = await fixture.Aws("sagemaker", "update-endpoint", "--endpoint-name", name, "--endpoint-config-name", name + "-v2");
        update.ExitCode.ShouldBe(0, update.StdErr);
        var updated = await WaitAsync(name, d => d.GetProperty("EndpointStatus").GetString() != "Updating");
        updated.GetProperty("EndpointStatus").GetString().ShouldBe("InService", updated.ToString());
        updated.GetProperty("EndpointConfigName").GetString().ShouldBe(name + "-v2");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await File.WriteAllTextAsync(stop, "stop");
        await load.WaitForExitAsync();
        load.ExitCode.ShouldBe(0, await loadErrors);

        var counted = JsonDocument.Parse(await File.ReadAllTextAsync(results)).RootElement;
        counted.GetProperty("failed").GetInt32().ShouldBe(0, counted.GetProperty("errors").ToString());
        var answers = counted.GetProperty("answers");
        answers.GetProperty("first:load").GetInt32().ShouldBeGreaterThan(0);
        answers.GetProperty("second:load").GetInt32().ShouldBeGreaterThan(0);
        counted.GetProperty("ok").GetInt32().ShouldBe(answers.GetProperty("first:load").GetInt32() + answers.GetProperty("second:load").GetInt32());

        // Weights: a variant at weight 0 gets no traffic unless targeted; the other variant name is refused.
        var weights = await fixture.Aws("sagemaker", "update-endpoint-weights-and-capacities", "--endpoint-name", name, "--desired-weights-and-capacities", "VariantName=Other,DesiredWeight=1");
        weights.StdErr.ShouldContain("is/are not present in the endpoint");
        (await fixture.Aws("sagemaker", "update-endpoint-weights-and-capacities", "--endpoint-name", name, "--desired-weights-and-capacities", "VariantName=AllTraffic,DesiredWeight=0")).ExitCode.ShouldBe(0);
        var described = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-endpoint", "--endpoint-name", name)).StdOut);
        described.GetProperty("ProductionVariants")[0].GetProperty("CurrentWeight").GetDouble().ShouldBe(0);
        var body = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("body"));
        await File.WriteAllTextAsync(body, "x");
        var unweighted = await fixture.Aws("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", name, "--body", "fileb://" + body, Path.Combine(fixture.WorkDir, "out-w0"));
        unweighted.StdErr.ShouldContain("(ValidationError)");
        var targeted = await fixture.Aws("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", name, "--target-variant", "AllTraffic", "--body", "fileb://" + body, Path.Combine(fixture.WorkDir, "out-t"));
        targeted.ExitCode.ShouldBe(0, targeted.StdErr);

        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        (await fixture.Aws("sagemaker", "wait", "endpoint-deleted", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(fixture.Server.DataDir))))[..6];
        (await new RuncClient().ListAsync($"se{tag}-", CancellationToken.None)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task UpdateEndpoint_ToContainersThatFail_RollsBack_ToTheOldConfigServing_WithTheFailureReason()
    {
        var steps = new EndpointSteps(fixture);
        var name = RegistryServerFixture.Unique("ep-rollback");
        await steps.CreateModelAsync(name + "-v1", "first", isolated: true);
        await steps.CreateModelAsync(name + "-v2", "second", isolated: true, environment: "SERVE_MODE=crash");
        await steps.CreateConfigAsync(name + "-v1", name + "-v1");
        await steps.CreateConfigAsync(name + "-v2", name + "-v2");
        await steps.CreateEndpointAsync(name, name + "-v1");
        (await steps.WaitSettledAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");
        var before = await steps.ContainerRunIdsAsync();

        var update = await fixture.Aws("sagemaker", "update-endpoint", "--endpoint-name", name, "--endpoint-config-name", name + "-v2");
        update.ExitCode.ShouldBe(0, update.StdErr);
        var settled = await WaitAsync(name, d => d.GetProperty("EndpointStatus").GetString() != "Updating");
        settled.GetProperty("EndpointStatus").GetString().ShouldBe("InService", settled.ToString());
        settled.GetProperty("EndpointConfigName").GetString().ShouldBe(name + "-v1");
        var reason = settled.GetProperty("FailureReason").GetString()!;
        reason.ShouldStartWith("The primary container for production variant AllTraffic did not pass the ping health check.");
        reason.ShouldContain("exited with code 4: cannot load the model");

        // The old containers kept serving: the same instance answers with the old model, and nothing of the new one is left.
        var (code, answer, stderr) = await steps.InvokeAsync(name, "x");
        code.ShouldBe(0, stderr);
        answer.ShouldBe("first:x");
        (await steps.ContainerRunIdsAsync()).ShouldBe(before, ignoreOrder: true);

        // A later successful change clears it.
        (await fixture.Aws("sagemaker", "update-endpoint-weights-and-capacities", "--endpoint-name", name, "--desired-weights-and-capacities", "VariantName=AllTraffic,DesiredWeight=2")).ExitCode.ShouldBe(0);
        var update2 = await fixture.Aws("sagemaker", "update-endpoint", "--endpoint-name", name, "--endpoint-config-name", name + "-v1");
        update2.ExitCode.ShouldBe(0, update2.StdErr);
        var updated = await WaitAsync(name, d => d.GetProperty("EndpointStatus").GetString() != "Updating");
        updated.GetProperty("EndpointStatus").GetString().ShouldBe("InService");
        updated.TryGetProperty("FailureReason", out _).ShouldBeFalse(updated.ToString());

        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        await steps.WaitGoneAsync(name);
    }

    [RuncFact]
    public async Task DesiredInstanceCount_StartsHealthyInstancesBeforeCountingThem_AndDrainsOnScaleIn_WithoutLosingRequests()
    {
        var steps = new EndpointSteps(fixture);
        var name = RegistryServerFixture.Unique("ep-scale");

        // Each instance takes 10 s to listen (within its 60 s startup health check timeout): the endpoint is visibly
        // Updating while new ones start, even on a loaded machine.
        await steps.CreateModelAsync(name, "scaled", isolated: true, environment: "SERVE_DELAY=10");
        var config = await fixture.Aws("sagemaker", "create-endpoint-config", "--endpoint-config-name", name, "--production-variants", $"VariantName=AllTraffic,ModelName={name},InitialInstanceCount=1,InstanceType=ml.m5.large,ContainerStartupHealthCheckTimeoutInSeconds=60");
        config.ExitCode.ShouldBe(0, config.StdErr);
        await steps.CreateEndpointAsync(name, name);
        (await steps.WaitSettledAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");
        var one = await steps.ContainerRunIdsAsync();
        one.Count.ShouldBe(1);

        (await fixture.Aws("sagemaker", "update-endpoint-weights-and-capacities", "--endpoint-name", name, "--desired-weights-and-capacities", "VariantName=AllTraffic,DesiredInstanceCount=2")).ExitCode.ShouldBe(0);
        var scaling = (await steps.DescribeAsync(name));
        scaling.GetProperty("EndpointStatus").GetString().ShouldBe("Updating");
        scaling.GetProperty("ProductionVariants")[0].GetProperty("DesiredInstanceCount").GetInt32().ShouldBe(2);
        scaling.GetProperty("ProductionVariants")[0].GetProperty("CurrentInstanceCount").GetInt32().ShouldBe(1);
        var refused = await fixture.Aws("sagemaker", "update-endpoint-weights-and-capacities", "--endpoint-name", name, "--desired-weights-and-capacities", "VariantName=AllTraffic,DesiredInstanceCount=1");
        refused.StdErr.ShouldContain("Cannot update in-progress endpoint");

        var scaledOut = await steps.WaitSettledAsync(name);
        scaledOut.GetProperty("EndpointStatus").GetString().ShouldBe("InService", scaledOut.ToString());
        scaledOut.GetProperty("ProductionVariants")[0].GetProperty("CurrentInstanceCount").GetInt32().ShouldBe(2);
        scaledOut.GetProperty("ProductionVariants")[0].GetProperty("DesiredInstanceCount").GetInt32().ShouldBe(2);
        var two = await steps.ContainerRunIdsAsync();
        two.Count.ShouldBe(2);
        two.ShouldContain(one.Single());

        // Scale in under a steady load: the leaving instance finishes what it holds; no request fails.
        using (var load = await steps.StartLoadAsync(name))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            (await fixture.Aws("sagemaker", "update-endpoint-weights-and-capacities", "--endpoint-name", name, "--desired-weights-and-capacities", "VariantName=AllTraffic,DesiredInstanceCount=1")).ExitCode.ShouldBe(0);
            var scaledIn = await steps.WaitSettledAsync(name);
            scaledIn.GetProperty("EndpointStatus").GetString().ShouldBe("InService");
            scaledIn.GetProperty("ProductionVariants")[0].GetProperty("CurrentInstanceCount").GetInt32().ShouldBe(1);
            scaledIn.GetProperty("ProductionVariants")[0].GetProperty("DesiredInstanceCount").GetInt32().ShouldBe(1);
            await Task.Delay(TimeSpan.FromSeconds(1));
            var counted = await load.StopAsync();
            counted.GetProperty("failed").GetInt32().ShouldBe(0, counted.GetProperty("errors").ToString());
            counted.GetProperty("answers").GetProperty("scaled:load").GetInt32().ShouldBeGreaterThan(0);
        }

        var left = await steps.ContainerRunIdsAsync();
        left.Count.ShouldBe(1);
        two.ShouldContain(left.Single());
        (await steps.LogEventsAsync(name, "\"scale in\"")).Count.ShouldBe(1);

        // The health checks keep the new count: nothing is started to replace the instance that left.
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await steps.ContainerRunIdsAsync()).ShouldBe(left, ignoreOrder: true);

        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        await steps.WaitGoneAsync(name);
    }

    private async Task<JsonElement> WaitAsync(string name, Func<JsonElement, bool> done)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var describe = await fixture.Aws("sagemaker", "describe-endpoint", "--endpoint-name", name);
            describe.ExitCode.ShouldBe(0, describe.StdErr);
            var json = RegistryServerFixture.Json(describe.StdOut);
            if (done(json))
            {
                return json;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"endpoint {name} did not reach the expected state; server output:\n{fixture.Server.Output}");
    }
}
