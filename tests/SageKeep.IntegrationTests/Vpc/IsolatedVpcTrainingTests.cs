using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;
using SageKeep.Server.Services.Ec2.Network;
using SageKeep.IntegrationTests.Training;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>
/// Training jobs with EnableNetworkIsolation and VpcConfig on real namespaces, nftables, runc and the aws CLI: the
/// container has only <c>lo</c> while the platform's agent ENI in the job's subnet (with the job's group, listed as
/// a SageMaker requester-managed interface) fetches the channels (S3Prefix and ManifestFile) and uploads the model
/// through the VPC's S3 gateway endpoint, as the execution role: a bucket policy that admits reads only through the
/// gateway still lets the channels in, and the audit trail names the gateway endpoint and the agent's address for
/// the role's GetObject and PutObject calls. A gateway policy denying s3:GetObject fails the job with AccessDenied;
/// a VPC without a gateway endpoint fails it with a clear reason; a stopped job's model goes out the same way, and
/// so does the model of a job that ends after the server was killed and restarted. Nothing of the jobs is left:
/// ENIs, namespaces, bridge ports, nftables elements, containers.
/// </summary>
public sealed class IsolatedVpcTrainingTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    private TrainingSteps Steps => new(Aws, _workDir, () => _server.Output);

    /// <summary>The server the methods below talk to: the class's, or a test's own (restarted) one.</summary>
    private ServerProcess _server = fixture.Server;

    private string _workDir = fixture.WorkDir;

    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    /// <summary>Records the container's interfaces (/proc/net/dev) and channel files, then waits until the test drops <c>release</c> into its model directory.</summary>
    private const string Script = """
        #!/bin/sh
        out=/opt/ml/model
        trap 'echo "agent job stopped"; exit 0' TERM
        cat /proc/net/dev > $out/netdev.txt
        cp -r /opt/ml/input/data/train $out/train-copy
        cp -r /opt/ml/input/data/listed $out/listed-copy
        echo "agent job ready"
        i=0
        while [ ! -f $out/release ] && [ $i -lt 1500 ]; do sleep 0.2; i=$((i+1)); done
        rm -f $out/release
        echo "agent job done"
        """;

    [RuncFact]
    public async Task IsolatedJobInVpc_OnlyLoopback_ChannelsAndModelMoveThroughGatewayAsTheRole_NothingLeft()
    {
        var setup = await SetUpAsync(fixture);
        var tag = VpcNetwork.TagOf(_server.DataDir);
        string? vpcId = null, subnetId = null, group = null, vpceId = null;
        try
        {
            vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.91.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.91.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            group = (await Ok("ec2", "create-security-group", "--group-name", "job", "--description", "job", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            vpceId = (await Ok("ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.s3", "--route-table-ids", "rtb-0123456789abcdef0")).GetProperty("VpcEndpoint").GetProperty("VpcEndpointId").GetString()!;

            // The channel may be read only through the gateway: the host (even root) cannot, the job's agent can.
            var onlyThroughGateway = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + setup.Bucket + "/train/*\","
                + "\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"" + vpceId + "\"}}}]}";
            await Ok("s3api", "put-bucket-policy", "--bucket", setup.Bucket, "--policy", onlyThroughGateway);
            var fromHost = await Aws("s3api", "get-object", "--bucket", setup.Bucket, "--key", "train/data.txt", Path.Combine(_workDir, RegistryServerFixture.Unique("host-read")));
            fromHost.ExitCode.ShouldNotBe(0);
            fromHost.StdErr.ShouldContain("AccessDenied");

            var job = RegistryServerFixture.Unique("iso-vpc");
            await CreateJobAsync(setup, job, subnetId, group);
            await WaitForLogAsync(job, "agent job ready");

            // While the job runs: one SageMaker-managed ENI, the agent's, in the job's subnet with the job's group.
            var eni = (await Ok("ec2", "describe-network-interfaces", "--filters", $"Name=vpc-id,Values={vpcId}", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").EnumerateArray().ShouldHaveSingleItem();
            eni.GetProperty("Description").GetString().ShouldBe($"[DO NOT DELETE] ENI managed by SageMaker for training job {job} (data transfer)");
            eni.GetProperty("RequesterId").GetString().ShouldBe("sagemaker.amazonaws.com");
            eni.GetProperty("SubnetId").GetString().ShouldBe(subnetId);
            eni.GetProperty("Status").GetString().ShouldBe("in-use");
            eni.GetProperty("Groups").EnumerateArray().Select(g => g.GetProperty("GroupId").GetString()).ShouldBe([group]);
            var agentIp = eni.GetProperty("PrivateIpAddress").GetString()!;
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBe([$"ske{tag}-{eni.GetProperty("NetworkInterfaceId").GetString()}"]);
            (await VpcHostChecks.LinksInAsync($"ske{tag}-{eni.GetProperty("NetworkInterfaceId").GetString()}")).ShouldBe(["eth0"]);

            await ReleaseAsync(job);
            var described = await Steps.WaitForEndAsync(job);
            described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", described.ToString());
            described.GetProperty("EnableNetworkIsolation").GetBoolean().ShouldBeTrue();
            var artifact = described.GetProperty("ModelArtifacts").GetProperty("S3ModelArtifacts").GetString()!;
            artifact.ShouldBe($"s3://{setup.Bucket}/out/{job}/output/model.tar.gz");

            var files = await Steps.DownloadModelAsync(artifact);
            Interfaces(files["netdev.txt"]).ShouldBe(["lo"]);
            files["train-copy/data.txt"].ShouldBe("alpha\n");
            files["train-copy/nested/more.txt"].ShouldBe("beta\n");
            files["listed-copy/nested/more.txt"].ShouldBe("beta\n");
            files.ShouldNotContainKey("listed-copy/data.txt");

            // The audit trail: the role's session read each channel object and wrote the model through the gateway,
            // from the agent's address.
            var role = $"arn:aws:sts::{RegistryServerFixture.AccountId}:assumed-role/{setup.RoleName}/SageMaker";
            var records = await AuditAsync(role, r => Event(r) == "PutObject" && Resources(r).Any(x => x.EndsWith($"{job}/output/model.tar.gz", StringComparison.Ordinal)));
            foreach (var key in new[] { "train/data.txt", "train/nested/more.txt", "manifests/listed.manifest" })
            {
                var read = records.Where(r => Event(r) == "GetObject" && Resources(r).Contains($"arn:aws:s3:::{setup.Bucket}/{key}")).ToList();
                read.ShouldNotBeEmpty(key);
                read.ShouldAllBe(r => Text(r, "vpcEndpointId") == vpceId && Text(r, "sourceIPAddress") == agentIp && Text(r, "decision") == "Allowed", string.Join('\n', read));
            }

            var put = records.Single(r => Event(r) == "PutObject" && Resources(r).Contains($"arn:aws:s3:::{setup.Bucket}/out/{job}/output/model.tar.gz"));
            Text(put, "vpcEndpointId").ShouldBe(vpceId, put.ToString());
            Text(put, "sourceIPAddress").ShouldBe(agentIp, put.ToString());
            put.GetProperty("httpStatus").GetInt32().ShouldBe(200);

            await AssertNoJobNetworkAsync(setup, tag, vpcId, agentIp);
        }
        finally
        {
            await Aws("s3api", "delete-bucket-policy", "--bucket", setup.Bucket);
            await DeleteVpcAsync(vpcId, subnetId, group, vpceId);
        }

        (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).ShouldBeEmpty();
        (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task IsolatedJobInVpc_GatewayPolicyDenyOrNoGateway_Fails_StoppedJobUploadsThroughGateway_NothingLeft()
    {
        var setup = await SetUpAsync(fixture);
        var tag = VpcNetwork.TagOf(_server.DataDir);
        string? vpcId = null, subnetId = null, group = null, vpceId = null;
        try
        {
            vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.92.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.92.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            group = (await Ok("ec2", "create-security-group", "--group-name", "job", "--description", "job", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;

            // No gateway endpoint in the VPC: the job fails before any interface is made.
            var lonely = RegistryServerFixture.Unique("iso-nogw");
            await CreateJobAsync(setup, lonely, subnetId, group);
            var noGateway = await Steps.WaitForEndAsync(lonely);
            noGateway.GetProperty("TrainingJobStatus").GetString().ShouldBe("Failed", noGateway.ToString());
            noGateway.GetProperty("FailureReason").GetString().ShouldBe($"ClientError: EnableNetworkIsolation with VpcConfig: the job's data moves only through the VPC's S3 gateway endpoint, and there is no S3 gateway endpoint in {vpcId}");
            TrainingStates(noGateway).ShouldNotContain("Training");
            await AssertNoJobNetworkAsync(setup, tag, vpcId, null);

            // A gateway whose policy denies s3:GetObject on the bucket: AccessDenied, and no container ran.
            vpceId = (await Ok("ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.s3", "--route-table-ids", "rtb-0123456789abcdef0")).GetProperty("VpcEndpoint").GetProperty("VpcEndpointId").GetString()!;
            var denyGet = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + setup.Bucket + "/*\"}]}";
            await Ok("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", vpceId, "--policy-document", denyGet);
            var denied = RegistryServerFixture.Unique("iso-denied");
            await CreateJobAsync(setup, denied, subnetId, group);
            var failed = await Steps.WaitForEndAsync(denied);
            failed.GetProperty("TrainingJobStatus").GetString().ShouldBe("Failed", failed.ToString());
            var reason = failed.GetProperty("FailureReason").GetString()!;
            reason.ShouldStartWith("ClientError: GetObject s3://" + setup.Bucket + "/");
            reason.ShouldContain($"through the S3 gateway endpoint {vpceId} of {vpcId}: AccessDenied:");
            reason.ShouldContain("not authorized to perform: s3:GetObject");
            reason.ShouldContain("with an explicit deny in a VPC endpoint policy");
            TrainingStates(failed).ShouldNotContain("Training");
            await AssertNoJobNetworkAsync(setup, tag, vpcId, null);

            // The gateway allows again: a job stopped while it trains still has its model uploaded through the gateway.
            await Ok("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", vpceId, "--reset-policy");
            var stopped = RegistryServerFixture.Unique("iso-stop");
            await CreateJobAsync(setup, stopped, subnetId, group);
            await WaitForLogAsync(stopped, "agent job ready");
            await Ok("sagemaker", "stop-training-job", "--training-job-name", stopped);
            var ended = await Steps.WaitForEndAsync(stopped);
            ended.GetProperty("TrainingJobStatus").GetString().ShouldBe("Stopped", ended.ToString());
            var files = await Steps.DownloadModelAsync(ended.GetProperty("ModelArtifacts").GetProperty("S3ModelArtifacts").GetString()!);
            Interfaces(files["netdev.txt"]).ShouldBe(["lo"]);
            files["train-copy/data.txt"].ShouldBe("alpha\n");
            var role = $"arn:aws:sts::{RegistryServerFixture.AccountId}:assumed-role/{setup.RoleName}/SageMaker";
            var records = await AuditAsync(role, r => Event(r) == "PutObject" && Resources(r).Any(x => x.EndsWith($"{stopped}/output/model.tar.gz", StringComparison.Ordinal)));
            records.Single(r => Event(r) == "PutObject" && Resources(r).Any(x => x.EndsWith($"{stopped}/output/model.tar.gz", StringComparison.Ordinal)))
                .GetProperty("vpcEndpointId").GetString().ShouldBe(vpceId);
            await AssertNoJobNetworkAsync(setup, tag, vpcId, null);
        }
        finally
        {
            await DeleteVpcAsync(vpcId, subnetId, group, vpceId);
        }

        (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).ShouldBeEmpty();
        (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task IsolatedJobInVpc_ServerKilledAndRestartedWhileItTrains_ModelStillLeavesThroughGateway_AgentEniRemoved()
    {
        var own = new RegistryServerFixture();
        await own.InitializeAsync();
        _server = own.Server;
        _workDir = own.WorkDir;
        var dataDir = own.Server.DataDir;
        var tag = VpcNetwork.TagOf(dataDir);
        string? vpcId = null, subnetId = null, group = null, vpceId = null;
        try
        {
            var setup = await SetUpAsync(own);
            vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.89.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.89.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            group = (await Ok("ec2", "create-security-group", "--group-name", "job", "--description", "job", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            vpceId = (await Ok("ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.s3", "--route-table-ids", "rtb-0123456789abcdef0")).GetProperty("VpcEndpoint").GetProperty("VpcEndpointId").GetString()!;
            var job = RegistryServerFixture.Unique("iso-restart");
            await CreateJobAsync(setup, job, subnetId, group);
            await WaitForLogAsync(job, "agent job ready");
            var eniId = (await Ok("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").EnumerateArray().ShouldHaveSingleItem().GetProperty("NetworkInterfaceId").GetString();

            // Killed while the job trains: the restarted server re-attaches the job and keeps its agent ENI.
            await own.RestartAsync();
            _server = own.Server;
            (await Ok("sagemaker", "describe-training-job", "--training-job-name", job)).GetProperty("SecondaryStatus").GetString().ShouldBe("Training");
            (await Ok("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").EnumerateArray().ShouldHaveSingleItem().GetProperty("NetworkInterfaceId").GetString().ShouldBe(eniId);

            // The job ends under the new server: its model goes out through the same ENI and the gateway, then the ENI goes.
            await ReleaseAsync(job);
            var described = await Steps.WaitForEndAsync(job);
            described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", described.ToString());
            var files = await Steps.DownloadModelAsync(described.GetProperty("ModelArtifacts").GetProperty("S3ModelArtifacts").GetString()!);
            Interfaces(files["netdev.txt"]).ShouldBe(["lo"]);
            files["train-copy/data.txt"].ShouldBe("alpha\n");
            var role = $"arn:aws:sts::{RegistryServerFixture.AccountId}:assumed-role/{setup.RoleName}/SageMaker";
            var records = await AuditAsync(role, r => Event(r) == "PutObject" && Resources(r).Any(x => x.EndsWith($"{job}/output/model.tar.gz", StringComparison.Ordinal)));
            Text(records.Single(r => Event(r) == "PutObject"), "vpcEndpointId").ShouldBe(vpceId);
            await AssertNoJobNetworkAsync(setup, tag, vpcId, null);
            await DeleteVpcAsync(vpcId, subnetId, group, vpceId);
            (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).ShouldBeEmpty();
        }
        finally
        {
            var prefix = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..6];
            foreach (var left in await new RuncClient().ListAsync($"sk{prefix}-", CancellationToken.None))
            {
                await new RuncClient().DeleteAsync(left.Id, CancellationToken.None);
            }

            foreach (var name in (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).Concat(await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")))
            {
                await VpcHostChecks.DeleteNamespaceAsync(name);
            }

            await own.DisposeAsync();
            _server = fixture.Server;
            _workDir = fixture.WorkDir;
        }
    }

    private sealed record Setup(string Image, string Bucket, string RoleArn, string RoleName, string Prefix);

    private async Task<Setup> SetUpAsync(RegistryServerFixture registry)
    {
        var image = await registry.PushBusyboxImageAsync("iso/busybox");

        var bucket = RegistryServerFixture.Unique("iso-training");
        await Ok("s3", "mb", "s3://" + bucket);
        var source = Path.Combine(_workDir, RegistryServerFixture.Unique("source"));
        Directory.CreateDirectory(source);
        var manifest = $$"""[{"prefix": "s3://{{bucket}}/train/"}, "nested/more.txt"]""";
        foreach (var (key, content) in new[] { ("script/run.sh", Script.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n"), ("train/data.txt", "alpha\n"), ("train/nested/more.txt", "beta\n"), ("manifests/listed.manifest", manifest) })
        {
            var file = Path.Combine(source, key.Replace('/', '-'));
            await File.WriteAllTextAsync(file, content);
            await Ok("s3", "cp", file, $"s3://{bucket}/{key}");
        }

        // The execution role: SageMaker may assume it, and it may use the bucket.
        var roleName = RegistryServerFixture.Unique("iso-role");
        var roleArn = (await Ok("iam", "create-role", "--role-name", roleName, "--assume-role-policy-document", TrustPolicy)).GetProperty("Role").GetProperty("Arn").GetString()!;
        var access = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"arn:aws:s3:::" + bucket + "/*\"]}]}";
        await Ok("iam", "put-role-policy", "--role-name", roleName, "--policy-name", "bucket", "--policy-document", access);
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(_server.DataDir))))[..6];
        return new Setup(image, bucket, roleArn, roleName, $"sk{tag}-");
    }

    private async Task CreateJobAsync(Setup setup, string job, string subnetId, string group)
    {
        string[] arguments =
        [
            "sagemaker", "create-training-job",
            "--training-job-name", job,
            "--role-arn", setup.RoleArn,
            "--algorithm-specification", $"TrainingImage={setup.Image},TrainingInputMode=File",
            "--input-data-config", JsonSerializer.Serialize(new[]
            {
                new { ChannelName = "script", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{setup.Bucket}/script/" } } },
                new { ChannelName = "train", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{setup.Bucket}/train/" } } },
                new { ChannelName = "listed", DataSource = new { S3DataSource = new { S3DataType = "ManifestFile", S3Uri = $"s3://{setup.Bucket}/manifests/listed.manifest" } } },
            }),
            "--output-data-config", $"S3OutputPath=s3://{setup.Bucket}/out",
            "--resource-config", "InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1",
            "--stopping-condition", "MaxRuntimeInSeconds=600",
            "--environment", "MODE=script",
            "--enable-network-isolation",
            "--vpc-config", $"Subnets={subnetId},SecurityGroupIds={group}",
        ];
        await Ok(arguments);
    }

    /// <summary>Drops <c>release</c> into the running job's model directory on the host (the only way in: the container has no network).</summary>
    private async Task ReleaseAsync(string job)
    {
        var runs = Path.Combine(_server.DataDir, "training", "runs");
        var run = Directory.GetDirectories(runs).Single(d => File.Exists(Path.Combine(d, "run.json")) && File.ReadAllText(Path.Combine(d, "run.json")).Contains($"\"{job}\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(run, "model", "release"), "go\n");
    }

    private async Task AssertNoJobNetworkAsync(Setup setup, string tag, string vpcId, string? agentIp)
    {
        (await Ok("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").GetArrayLength().ShouldBe(0);
        (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
        (await VpcHostChecks.NamespacesWithPrefixAsync(setup.Prefix)).ShouldBeEmpty();
        var vpcNs = $"skv{tag}-{vpcId}";
        (await VpcHostChecks.LinksInAsync(vpcNs)).ShouldBe(["br0"]);
        if (agentIp is not null)
        {
            (await HostCommand.CheckedAsync("ip", ["netns", "exec", vpcNs, "nft", "list", "ruleset"], CancellationToken.None)).ShouldNotContain(agentIp);
        }

        (await HostCommand.CheckedAsync("nft", ["list", "tables"], CancellationToken.None)).ShouldNotContain(setup.Prefix.Replace('-', '_'));
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    private async Task DeleteVpcAsync(string? vpcId, string? subnetId, string? group, string? vpceId)
    {
        if (vpceId is not null)
        {
            await Aws("ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", vpceId);
        }

        if (group is not null)
        {
            await Aws("ec2", "delete-security-group", "--group-id", group);
        }

        if (subnetId is not null)
        {
            await Aws("ec2", "delete-subnet", "--subnet-id", subnetId);
        }

        if (vpcId is not null)
        {
            (await Aws("ec2", "delete-vpc", "--vpc-id", vpcId)).ExitCode.ShouldBe(0);
        }
    }

    /// <summary>The role's audit records, read until one matches <paramref name="until"/> (records are written just after each answer).</summary>
    private async Task<List<JsonElement>> AuditAsync(string principal, Func<JsonElement, bool> until)
    {
        List<JsonElement> records = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (exitCode, stdout, stderr) = await ServerProcess.RunCliAsync(["audit", "--data-dir", _server.DataDir, "--principal", principal, "--format", "json", "--limit", "1000"]);
            exitCode.ShouldBe(0, stderr);
            records = [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(RegistryServerFixture.Json)];
            if (records.Any(until))
            {
                return records;
            }

            await Task.Delay(200);
        }

        throw new ShouldAssertException($"no matching audit record for {principal}; records:\n{string.Join('\n', records)}");
    }

    private static string? Event(JsonElement record) => record.GetProperty("eventName").GetString();

    private static string? Text(JsonElement record, string name) => record.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static List<string> Resources(JsonElement record) => [.. record.GetProperty("resources").EnumerateArray().Select(r => r.GetString()!)];

    private static List<string> TrainingStates(JsonElement described) =>
        [.. described.GetProperty("SecondaryStatusTransitions").EnumerateArray().Select(t => t.GetProperty("Status").GetString()!)];

    private static List<string> Interfaces(string netdev) =>
        [.. netdev.Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim()).Order(StringComparer.Ordinal)];

    private Task<(int ExitCode, string StdOut, string StdErr)> Aws(params string[] arguments) =>
        AwsCli.RunAsync(_server.BaseUrl, _server.CaCertPath, RegistryServerFixture.AccessKeyId, RegistryServerFixture.SecretAccessKey, arguments);

    private async Task<JsonElement> Ok(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await Aws(arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Trim().Length == 0 || stdout.TrimStart()[0] != '{' ? default : RegistryServerFixture.Json(stdout);
    }

    private async Task WaitForLogAsync(string job, string line)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var events = await Aws("logs", "filter-log-events", "--log-group-name", "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", job + "/");
            if (events.ExitCode == 0 && RegistryServerFixture.Json(events.StdOut).GetProperty("events").EnumerateArray().Any(e => e.GetProperty("message").GetString() == line))
            {
                return;
            }

            var status = RegistryServerFixture.Json((await Aws("sagemaker", "describe-training-job", "--training-job-name", job)).StdOut);
            status.GetProperty("TrainingJobStatus").GetString().ShouldBe("InProgress", status.ToString());
            await Task.Delay(200);
        }

        throw new TimeoutException($"training job {job} did not log '{line}'; server output:\n{_server.Output}");
    }
}
