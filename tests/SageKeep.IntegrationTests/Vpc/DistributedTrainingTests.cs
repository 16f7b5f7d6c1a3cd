using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;
using SageKeep.Server.Services.Ec2.Network;
using SageKeep.IntegrationTests.Training;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>A server that runs two training instances at once (distributed jobs of InstanceCount 2).</summary>
public sealed class DistributedTrainingFixture : RegistryServerFixture
{
    protected override IReadOnlyList<string> ExtraArguments => ["--training-max-instances", "2"];
}

/// <summary>
/// Distributed training (InstanceCount 2) in a VPC on real runc, namespaces and nftables, driven with the aws CLI:
/// each instance reads its resourceconfig.json, algo-2 reaches algo-1 by the name in its /etc/hosts when the job's
/// security group admits its own members, and not when it does not; a failing instance fails the job under its
/// name and the other is stopped; each instance has its own ENI and log stream; nothing is left on the host.
/// </summary>
public sealed class DistributedTrainingTests(DistributedTrainingFixture fixture) : IClassFixture<DistributedTrainingFixture>
{
    private TrainingSteps Steps => new(a => fixture.Aws(a), fixture.WorkDir, () => fixture.Server.Output);

    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    /// <summary>
    /// Every instance records what it was told; algo-1 listens on 7777, the others send it a line and read its answer
    /// (each side keeps its nc's input open a little after its line, so neither nc ends before it has read the other's).
    /// FAIL_HOST: that instance fails at once, the others wait to be stopped. HOLD=yes: each waits for a connection on
    /// 7800 before it ends (the test releases them once it has looked at the running job).
    /// </summary>
    private const string PeerScript = """
        #!/bin/sh
        out=/opt/ml/model
        cfg=/opt/ml/input/config/resourceconfig.json
        host=$(sed -n 's/.*"current_host": *"\([^"]*\)".*/\1/p' $cfg)
        cp $cfg $out/resourceconfig-$host.json
        cp /etc/hosts $out/hosts-$host.txt
        ls /opt/ml/input/data/shard | tr '\n' ' ' > $out/shard-$host.txt
        echo "$host read its resource config"
        trap 'echo "$host got SIGTERM"; exit 0' TERM
        if [ -n "$FAIL_HOST" ]; then
          if [ "$host" = "$FAIL_HOST" ]; then echo "deliberate failure on $host" > /opt/ml/output/failure; exit 5; fi
          sleep 300 &
          wait $!
          exit 0
        fi
        if [ "$host" = "algo-1" ]; then
          { echo "pong-from-algo-1"; sleep 3; } | nc -l -p 7777 > $out/received-algo-1.txt &
          wait $!
        else
          i=0; r=""
          while [ $i -lt 10 ]; do r=$({ echo "ping-from-$host"; sleep 1; } | nc -w 2 algo-1 7777); [ -n "$r" ] && break; i=$((i+1)); sleep 0.5; done
          echo "$r" > $out/reply-$host.txt
          if [ -z "$r" ]; then echo "could not reach algo-1 from $host" > /opt/ml/output/failure; exit 4; fi
        fi
        echo "$host exchange done"
        if [ "$HOLD" = "yes" ]; then
          echo "$host waiting for release"
          nc -l -p 7800 > /dev/null &
          wait $!
        fi
        echo "$host done"
        """;

    [RuncFact]
    public async Task TwoInstances_SameGroupAllowed_ReachEachOtherByName_EachSeesItsConfigAndShard_EnisAndStreamsPerInstance_NothingLeft()
    {
        var setup = await SetUpAsync();
        var tag = VpcNetwork.TagOf(fixture.Server.DataDir);
        var probe = await VpcHostChecks.CreateNamespaceAsync("dist");
        string? vpcId = null, subnetId = null, group = null, probeEni = null;
        try
        {
            vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.94.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.94.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            group = (await Ok("ec2", "create-security-group", "--group-name", "cluster", "--description", "cluster", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            await Ok("ec2", "authorize-security-group-ingress", "--group-id", group, "--ip-permissions", $"IpProtocol=-1,UserIdGroupPairs=[{{GroupId={group}}}]");

            // A namespace of the test's in the same group: it releases the held instances once the test has looked.
            var attach = await ServerProcess.RunCliAsync(["admin", "attach-namespace", "--data-dir", fixture.Server.DataDir, "--netns", probe, "--subnet-id", subnetId, "--security-group-ids", group]);
            attach.ExitCode.ShouldBe(0, attach.StdErr);
            probeEni = attach.StdOut.Trim().Split('\t')[0];

            var job = RegistryServerFixture.Unique("dist-ok");
            await CreateJobAsync(setup, job, subnetId, group, "HOLD=yes", 2);
            await WaitForLogAsync(job, "algo-1", "algo-1 waiting for release");
            await WaitForLogAsync(job, "algo-2", "algo-2 waiting for release");

            // While it runs: one ENI per instance, in the job's subnet and group, each in its own namespace.
            var enis = (await Ok("ec2", "describe-network-interfaces", "--filters", $"Name=vpc-id,Values={vpcId}", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").EnumerateArray().ToList();
            enis.Count.ShouldBe(2);
            var byHost = enis.ToDictionary(e => e.GetProperty("Description").GetString()!.Contains("(algo-1)", StringComparison.Ordinal) ? "algo-1" : "algo-2");
            byHost.Keys.Order(StringComparer.Ordinal).ShouldBe(["algo-1", "algo-2"]);
            foreach (var eni in enis)
            {
                eni.GetProperty("Description").GetString()!.ShouldContain(job);
                eni.GetProperty("SubnetId").GetString().ShouldBe(subnetId);
                eni.GetProperty("Groups").EnumerateArray().Select(g => g.GetProperty("GroupId").GetString()).ShouldBe([group]);
                eni.GetProperty("RequesterId").GetString().ShouldBe("sagemaker.amazonaws.com");
            }

            var ip1 = byHost["algo-1"].GetProperty("PrivateIpAddress").GetString()!;
            var ip2 = byHost["algo-2"].GetProperty("PrivateIpAddress").GetString()!;
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).Order(StringComparer.Ordinal)
                .ShouldBe(enis.Select(e => $"ske{tag}-{e.GetProperty("NetworkInterfaceId").GetString()}").Order(StringComparer.Ordinal));
            (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).Count(c => c.Status == "running").ShouldBe(2);

            // One log stream per instance, named as SageMaker names them.
            var streams = (await Ok("logs", "describe-log-streams", "--log-group-name", "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", job + "/"))
                .GetProperty("logStreams").EnumerateArray().Select(s => s.GetProperty("logStreamName").GetString()!).Order(StringComparer.Ordinal).ToList();
            streams.Count.ShouldBe(2);
            streams[0].ShouldStartWith(job + "/algo-1-");
            streams[1].ShouldBe(streams[0].Replace("/algo-1-", "/algo-2-", StringComparison.Ordinal));

            (await VpcHostChecks.ConnectFromAsync(probe, ip1, 7800)).ShouldBeEmpty();
            (await VpcHostChecks.ConnectFromAsync(probe, ip2, 7800)).ShouldBeEmpty();
            var described = await Steps.WaitForEndAsync(job);
            described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", described.ToString());
            described.GetProperty("ResourceConfig").GetProperty("InstanceCount").GetInt32().ShouldBe(2);

            // The model merges both instances' /opt/ml/model.
            var files = await Steps.DownloadModelAsync(described);
            foreach (var host in new[] { "algo-1", "algo-2" })
            {
                var config = JsonDocument.Parse(files[$"resourceconfig-{host}.json"]).RootElement;
                config.GetProperty("current_host").GetString().ShouldBe(host);
                config.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()).ShouldBe(["algo-1", "algo-2"]);
                config.GetProperty("current_group_name").GetString().ShouldBe("homogeneousCluster");
                config.GetProperty("current_instance_type").GetString().ShouldBe("ml.m5.large");
                config.GetProperty("network_interface_name").GetString().ShouldBe("eth0");
                var groupConfig = config.GetProperty("instance_groups").EnumerateArray().ShouldHaveSingleItem();
                groupConfig.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()).ShouldBe(["algo-1", "algo-2"]);
                var hosts = files[$"hosts-{host}.txt"].Split('\n');
                hosts.ShouldContain($"{ip1}\talgo-1");
                hosts.ShouldContain($"{ip2}\talgo-2");
            }

            files["received-algo-1.txt"].ShouldBe("ping-from-algo-2\n");
            files["reply-algo-2.txt"].ShouldBe("pong-from-algo-1\n");

            // ShardedByS3Key: every second object, in key order; the FullyReplicated script channel reached both.
            files["shard-algo-1.txt"].ShouldBe("a.txt c.txt ");
            files["shard-algo-2.txt"].ShouldBe("b.txt d.txt ");

            (await LogAsync(job, "algo-1")).ShouldContain("algo-1 done");
            (await LogAsync(job, "algo-2")).ShouldContain("algo-2 done");
            (await LogAsync(job, "algo-1")).ShouldNotContain("algo-2 done");
            await AssertNothingLeftAsync(setup, tag, vpcId, [ip1, ip2], probePort: true);
        }
        finally
        {
            if (probeEni is not null)
            {
                await ServerProcess.RunCliAsync(["admin", "detach-namespace", "--data-dir", fixture.Server.DataDir, "--network-interface-id", probeEni]);
            }

            await DeleteVpcAsync(vpcId, subnetId, group);
            await VpcHostChecks.DeleteNamespaceAsync(probe);
        }
    }

    [RuncFact]
    public async Task GroupWithoutSameGroupRule_PeerConnectionFails_JobFailsNamingThatHost_FailingInstanceStopsTheOther_StopStopsAll_NothingLeft()
    {
        var setup = await SetUpAsync();
        var tag = VpcNetwork.TagOf(fixture.Server.DataDir);
        string? vpcId = null, subnetId = null, closed = null, open = null;
        try
        {
            vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.95.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.95.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            closed = (await Ok("ec2", "create-security-group", "--group-name", "closed", "--description", "no same-group rule", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;

            // No ingress from its own members: algo-2's connection to algo-1 is dropped and algo-2 fails; algo-1 is stopped.
            var job = RegistryServerFixture.Unique("dist-closed");
            await CreateJobAsync(setup, job, subnetId, closed, "HOLD=no", 2);
            var described = await Steps.WaitForEndAsync(job);
            described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Failed", described.ToString());
            described.GetProperty("FailureReason").GetString().ShouldBe("AlgorithmError: could not reach algo-1 from algo-2 (algo-2)");
            (await LogAsync(job, "algo-1")).ShouldContain("algo-1 got SIGTERM");
            (await LogAsync(job, "algo-1")).ShouldNotContain("algo-1 exchange done");
            await AssertNothingLeftAsync(setup, tag, vpcId, [], probePort: false);

            // algo-1 (the first instance) fails: the job fails under its name, algo-2 is stopped.
            open = (await Ok("ec2", "create-security-group", "--group-name", "open", "--description", "same group", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            await Ok("ec2", "authorize-security-group-ingress", "--group-id", open, "--ip-permissions", $"IpProtocol=-1,UserIdGroupPairs=[{{GroupId={open}}}]");
            var failing = RegistryServerFixture.Unique("dist-fail");
            await CreateJobAsync(setup, failing, subnetId, open, "FAIL_HOST=algo-1", 2);
            var failed = await Steps.WaitForEndAsync(failing);
            failed.GetProperty("TrainingJobStatus").GetString().ShouldBe("Failed", failed.ToString());
            failed.GetProperty("FailureReason").GetString().ShouldBe("AlgorithmError: deliberate failure on algo-1 (algo-1)");
            (await LogAsync(failing, "algo-2")).ShouldContain("algo-2 got SIGTERM");
            (await LogAsync(failing, "algo-1")).ShouldContain("algo-1 read its resource config");
            await AssertNothingLeftAsync(setup, tag, vpcId, [], probePort: false);

            // StopTrainingJob stops every instance (SIGTERM to each) and the job ends Stopped.
            var stopped = RegistryServerFixture.Unique("dist-stop");
            await CreateJobAsync(setup, stopped, subnetId, open, "FAIL_HOST=none", 2);
            await WaitForLogAsync(stopped, "algo-1", "algo-1 read its resource config");
            await WaitForLogAsync(stopped, "algo-2", "algo-2 read its resource config");
            await Ok("sagemaker", "stop-training-job", "--training-job-name", stopped);
            var ended = await Steps.WaitForEndAsync(stopped);
            ended.GetProperty("TrainingJobStatus").GetString().ShouldBe("Stopped", ended.ToString());
            (await LogAsync(stopped, "algo-1")).ShouldContain("algo-1 got SIGTERM");
            (await LogAsync(stopped, "algo-2")).ShouldContain("algo-2 got SIGTERM");
            await AssertNothingLeftAsync(setup, tag, vpcId, [], probePort: false);
        }
        finally
        {
            await DeleteVpcAsync(null, null, closed);
            await DeleteVpcAsync(vpcId, subnetId, open);
        }
    }

    [RuncFact]
    public async Task InvalidInstanceCounts_AndInstanceGroups_AreRefusedWithClearErrors()
    {
        var setup = await SetUpAsync();
        string? vpcId = null, subnetId = null, group = null;
        try
        {
            vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.96.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.96.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            group = (await Ok("ec2", "create-security-group", "--group-name", "g", "--description", "g", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;

            var zero = await fixture.Aws(Create(setup, RegistryServerFixture.Unique("dist-zero"), subnetId, group, "HOLD=no", 0));
            zero.ExitCode.ShouldNotBe(0);
            zero.StdErr.ShouldContain("ValidationException");
            zero.StdErr.ShouldContain("InstanceCount 0 is not valid");

            var three = await fixture.Aws(Create(setup, RegistryServerFixture.Unique("dist-three"), subnetId, group, "HOLD=no", 3));
            three.ExitCode.ShouldNotBe(0);
            three.StdErr.ShouldContain("ResourceLimitExceeded");
            three.StdErr.ShouldContain("InstanceCount 3 exceeds the 2 training instance(s) this server runs at once");

            var noVpc = await fixture.Aws([.. Create(setup, RegistryServerFixture.Unique("dist-novpc"), subnetId, group, "HOLD=no", 2).SkipLast(2)]);
            noVpc.ExitCode.ShouldNotBe(0);
            noVpc.StdErr.ShouldContain("ValidationException");
            noVpc.StdErr.ShouldContain("InstanceCount 2 needs VpcConfig on this server");

            var isolated = await fixture.Aws([.. Create(setup, RegistryServerFixture.Unique("dist-isolated"), subnetId, group, "HOLD=no", 2), "--enable-network-isolation"]);
            isolated.ExitCode.ShouldNotBe(0);
            isolated.StdErr.ShouldContain("InstanceCount 2 with EnableNetworkIsolation is not supported");

            var groups = Create(setup, RegistryServerFixture.Unique("dist-groups"), subnetId, group, "HOLD=no", 1);
            groups[Array.IndexOf(groups, "--resource-config") + 1] = """{"InstanceGroups":[{"InstanceType":"ml.m5.large","InstanceCount":1,"InstanceGroupName":"a"},{"InstanceType":"ml.c5.xlarge","InstanceCount":1,"InstanceGroupName":"b"}],"VolumeSizeInGB":1}""";
            var heterogeneous = await fixture.Aws(groups);
            heterogeneous.ExitCode.ShouldNotBe(0);
            heterogeneous.StdErr.ShouldContain("ValidationException");
            heterogeneous.StdErr.ShouldContain("InstanceGroups (heterogeneous clusters) is not supported");

            // Nothing was created for the refused jobs.
            (await Ok("sagemaker", "list-training-jobs", "--name-contains", "dist-")).GetProperty("TrainingJobSummaries").EnumerateArray()
                .ShouldNotContain(j => j.GetProperty("TrainingJobName").GetString()!.StartsWith("dist-zero", StringComparison.Ordinal) || j.GetProperty("TrainingJobName").GetString()!.StartsWith("dist-three", StringComparison.Ordinal));
            (await Ok("ec2", "describe-network-interfaces", "--filters", $"Name=vpc-id,Values={vpcId}")).GetProperty("NetworkInterfaces").GetArrayLength().ShouldBe(0);
        }
        finally
        {
            await DeleteVpcAsync(vpcId, subnetId, group);
        }
    }

    [RuncFact]
    public async Task ServerRestarts_RunningClusterIsReattached_InstanceThatEndedWhileServerWasDown_FailsJobAndNothingIsLeft()
    {
        var own = new DistributedTrainingFixture();
        await own.InitializeAsync();
        var dataDir = own.Server.DataDir;
        var tag = VpcNetwork.TagOf(dataDir);
        Setup? setup = null;
        Task<(int ExitCode, string StdOut, string StdErr)> Aws(params string[] arguments) => own.Aws(arguments);
        Task<JsonElement> Json(params string[] arguments) => own.AwsJsonAsync(arguments);

        async Task<int> EnisAsync() =>
            (await Json("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").GetArrayLength();

        try
        {
            setup = await SetUpAsync(own);
            var vpcId = (await Json("ec2", "create-vpc", "--cidr-block", "10.98.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            var subnetId = (await Json("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.98.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            var group = (await Json("ec2", "create-security-group", "--group-name", "cluster", "--description", "cluster", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            await Json("ec2", "authorize-security-group-ingress", "--group-id", group, "--ip-permissions", $"IpProtocol=-1,UserIdGroupPairs=[{{GroupId={group}}}]");
            var job = RegistryServerFixture.Unique("dist-restart");
            var create = await Aws(Create(setup, job, subnetId, group, "HOLD=yes", 2));
            create.ExitCode.ShouldBe(0, create.StdErr);
            for (var attempt = 0; attempt < 600 && (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).Count(c => c.Status == "running") < 2; attempt++)
            {
                (await Json("sagemaker", "describe-training-job", "--training-job-name", job)).GetProperty("TrainingJobStatus").GetString().ShouldBe("InProgress");
                await Task.Delay(200);
            }

            for (var attempt = 0; attempt < 600 && (await Json("sagemaker", "describe-training-job", "--training-job-name", job)).GetProperty("SecondaryStatus").GetString() != "Training"; attempt++)
            {
                await Task.Delay(200);
            }

            // Killed and restarted while both instances train: re-attached, both ENIs stay.
            await own.RestartAsync();
            (await Json("sagemaker", "describe-training-job", "--training-job-name", job)).GetProperty("SecondaryStatus").GetString().ShouldBe("Training");
            (await EnisAsync()).ShouldBe(2);
            (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).Count(c => c.Status == "running").ShouldBe(2);

            // Killed again, and algo-2's container ends while no server runs: the next start fails the job under
            // algo-2's name and removes both containers, both ENIs and the cgroups.
            await own.KillServerAsync();
            var second = (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).Single(c => c.Id.EndsWith("-2", StringComparison.Ordinal)).Id;
            await new RuncClient().KillAsync(second, "KILL", CancellationToken.None);
            for (var attempt = 0; attempt < 100 && (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).Any(c => c.Id == second && c.Status == "running"); attempt++)
            {
                await Task.Delay(100);
            }

            await own.RestartAsync();
            var failed = await Json("sagemaker", "describe-training-job", "--training-job-name", job);
            failed.GetProperty("TrainingJobStatus").GetString().ShouldBe("Failed", failed.ToString());
            failed.GetProperty("FailureReason").GetString()!.ShouldContain("training container of algo-2 ended while the server was not running");
            (await EnisAsync()).ShouldBe(0);
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
            (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
            new CgroupV1().Children("/sagekeep-" + setup.Prefix[2..^1]).ShouldBeEmpty();
            (await VpcHostChecks.LinksInAsync($"skv{tag}-{vpcId}")).ShouldBe(["br0"]);
            await Json("ec2", "revoke-security-group-ingress", "--group-id", group, "--ip-permissions", $"IpProtocol=-1,UserIdGroupPairs=[{{GroupId={group}}}]");
            (await Aws("ec2", "delete-security-group", "--group-id", group)).ExitCode.ShouldBe(0);
            (await Aws("ec2", "delete-subnet", "--subnet-id", subnetId)).ExitCode.ShouldBe(0);
            (await Aws("ec2", "delete-vpc", "--vpc-id", vpcId)).ExitCode.ShouldBe(0);
        }
        finally
        {
            if (setup is not null)
            {
                foreach (var left in await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None))
                {
                    await new RuncClient().DeleteAsync(left.Id, CancellationToken.None);
                }
            }

            foreach (var name in (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).Concat(await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")))
            {
                await VpcHostChecks.DeleteNamespaceAsync(name);
            }

            await own.DisposeAsync();
        }
    }

    private async Task AssertNothingLeftAsync(Setup setup, string tag, string vpcId, IReadOnlyList<string> jobIps, bool probePort)
    {
        (await Ok("ec2", "describe-network-interfaces", "--filters", $"Name=vpc-id,Values={vpcId}", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").GetArrayLength().ShouldBe(0);
        (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
        (await VpcHostChecks.NamespacesWithPrefixAsync(setup.Prefix)).ShouldBeEmpty();
        var vpcNs = $"skv{tag}-{vpcId}";
        (await VpcHostChecks.LinksInAsync(vpcNs)).Count.ShouldBe(probePort ? 2 : 1, "the bridge (and the test's attached namespace)");
        var ruleset = await HostCommand.CheckedAsync("ip", ["netns", "exec", vpcNs, "nft", "list", "ruleset"], CancellationToken.None);
        foreach (var ip in jobIps)
        {
            ruleset.ShouldNotContain(ip + ",");
            ruleset.ShouldNotContain(ip + " ");
        }

        (await HostCommand.CheckedAsync("nft", ["list", "tables"], CancellationToken.None)).ShouldNotContain(setup.Prefix.Replace('-', '_'));
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    private sealed record Setup(string Image, string Bucket, string RoleArn, string Prefix);

    private Task<Setup> SetUpAsync() => SetUpAsync(fixture);

    private static async Task<Setup> SetUpAsync(RegistryServerFixture fixture)
    {
        var image = await fixture.PushBusyboxImageAsync("dist/busybox");

        var bucket = RegistryServerFixture.Unique("dist-training");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        var script = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("run") + ".sh");
        await File.WriteAllTextAsync(script, PeerScript.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        (await fixture.Aws("s3", "cp", script, $"s3://{bucket}/script/run.sh")).ExitCode.ShouldBe(0);
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            var file = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique(name));
            await File.WriteAllTextAsync(file, name);
            (await fixture.Aws("s3", "cp", file, $"s3://{bucket}/shard/{name}.txt")).ExitCode.ShouldBe(0);
        }

        var role = await fixture.Aws("iam", "create-role", "--role-name", RegistryServerFixture.Unique("sagemaker-role"), "--assume-role-policy-document", TrustPolicy);
        role.ExitCode.ShouldBe(0, role.StdErr);
        var roleArn = RegistryServerFixture.Json(role.StdOut).GetProperty("Role").GetProperty("Arn").GetString()!;
        var tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(fixture.Server.DataDir))))[..6];
        return new Setup(image, bucket, roleArn, $"sk{tag}-");
    }

    private static string[] Create(Setup setup, string job, string subnet, string group, string environment, int instances) =>
    [
        "sagemaker", "create-training-job",
        "--training-job-name", job,
        "--role-arn", setup.RoleArn,
        "--algorithm-specification", $"TrainingImage={setup.Image},TrainingInputMode=File",
        "--input-data-config", JsonSerializer.Serialize(new object[]
        {
            new { ChannelName = "script", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{setup.Bucket}/script/", S3DataDistributionType = "FullyReplicated" } } },
            new { ChannelName = "shard", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{setup.Bucket}/shard/", S3DataDistributionType = "ShardedByS3Key" } } },
        }),
        "--output-data-config", $"S3OutputPath=s3://{setup.Bucket}/out",
        "--resource-config", $"InstanceType=ml.m5.large,InstanceCount={instances},VolumeSizeInGB=1",
        "--stopping-condition", "MaxRuntimeInSeconds=300",
        "--environment", "MODE=script," + environment,
        "--vpc-config", $"Subnets={subnet},SecurityGroupIds={group}",
    ];

    private async Task CreateJobAsync(Setup setup, string job, string subnet, string group, string environment, int instances)
    {
        var create = await fixture.Aws(Create(setup, job, subnet, group, environment, instances));
        create.ExitCode.ShouldBe(0, create.StdErr);
    }

    /// <summary>The lines of one instance's log stream.</summary>
    private async Task<List<string>> LogAsync(string job, string host)
    {
        var events = await Ok("logs", "filter-log-events", "--log-group-name", "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", $"{job}/{host}-");
        return [.. events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)];
    }

    private async Task WaitForLogAsync(string job, string host, string line)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if ((await LogAsync(job, host)).Contains(line))
            {
                return;
            }

            var status = await Ok("sagemaker", "describe-training-job", "--training-job-name", job);
            status.GetProperty("TrainingJobStatus").GetString().ShouldBe("InProgress", status.ToString());
            await Task.Delay(200);
        }

        throw new TimeoutException($"training job {job} did not log '{line}' on {host}; server output:\n{fixture.Server.Output}");
    }

    private async Task DeleteVpcAsync(string? vpcId, string? subnetId, string? group)
    {
        if (group is not null)
        {
            var described = await fixture.Aws("ec2", "describe-security-groups", "--group-ids", group);
            if (described.ExitCode == 0 && RegistryServerFixture.Json(described.StdOut).GetProperty("SecurityGroups")[0].GetProperty("IpPermissions") is { ValueKind: JsonValueKind.Array } rules && rules.GetArrayLength() > 0)
            {
                await fixture.Aws("ec2", "revoke-security-group-ingress", "--group-id", group, "--ip-permissions", rules.GetRawText());
            }

            await fixture.Aws("ec2", "delete-security-group", "--group-id", group);
        }

        if (subnetId is not null)
        {
            await fixture.Aws("ec2", "delete-subnet", "--subnet-id", subnetId);
        }

        if (vpcId is not null)
        {
            (await fixture.Aws("ec2", "delete-vpc", "--vpc-id", vpcId)).ExitCode.ShouldBe(0);
        }
    }

    private async Task<JsonElement> Ok(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await fixture.Aws(arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : RegistryServerFixture.Json(stdout);
    }
}
