using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;
using SageKeep.Runtime.Vpc;
using SageKeep.Server.Services.Ec2.Network;
using SageKeep.IntegrationTests.Training;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>
/// Training jobs with VpcConfig on real namespaces, runc and the aws CLI: a "database" namespace the test creates is
/// attached with <c>sagekeep admin attach-namespace</c> and listens on two ports; the job's container (busybox nc in
/// its script) reaches the port the database's group allows for the job's group and not the other, nor anything
/// outside the VPC; a rule change applies to the job's next connections; a job in another group is refused by the
/// database's ingress rule; DescribeNetworkInterfaces lists the job's ENI while it runs and not after; nothing of
/// the jobs is left on the host (namespaces, bridge ports, nftables elements, containers).
/// </summary>
public sealed class TrainingJobVpcTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    private TrainingSteps Steps => new(a => fixture.Aws(a), fixture.WorkDir, () => fixture.Server.Output);

    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private const string ProbeScript = """
        #!/bin/sh
        out=/opt/ml/model
        probe() { busybox nc -w 2 "$1" "$2" < /dev/null; }
        cat /proc/net/dev > $out/netdev.txt
        cat /proc/net/route > $out/route.txt
        echo "5432=$(probe $DB 5432)" > $out/phase1.txt
        echo "6000=$(probe $DB 6000)" >> $out/phase1.txt
        echo "host=$(probe 127.0.0.1 $HOSTPORT)" >> $out/phase1.txt
        echo "phase one done"
        if [ "$WAIT" = "sleep" ]; then
          trap 'exit 0' TERM
          sleep 600 &
          wait
        fi
        if [ "$WAIT" = "yes" ]; then
          i=0; r=""
          while [ $i -lt 60 ]; do r=$(probe $DB 6000); [ -n "$r" ] && break; i=$((i+1)); sleep 0.2; done
          echo "6000=$r" > $out/phase2.txt
          echo "5432=$(probe $DB 5432)" >> $out/phase2.txt
        fi
        echo "probe done"
        """;

    [RuncFact]
    public async Task JobInVpc_ReachesOnlyAllowedPort_RuleChangesApply_OtherGroupRefused_EniListedWhileRunning_NothingLeft()
    {
        var setup = await SetUpAsync();
        var tag = VpcNetwork.TagOf(fixture.Server.DataDir);
        var db = await VpcHostChecks.CreateNamespaceAsync("db");
        using var hostListener = new TcpListener(IPAddress.Loopback, 0);
        hostListener.Start();
        var hostPort = ((IPEndPoint)hostListener.LocalEndpoint).Port;
        string? vpcId = null, subnetId = null, dbEni = null;
        var groups = new List<string>();
        try
        {
            vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.93.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.93.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            var dbGroup = await GroupAsync(vpcId, "db");
            var jobGroup = await GroupAsync(vpcId, "job");
            var otherGroup = await GroupAsync(vpcId, "other");
            groups.AddRange([dbGroup, jobGroup, otherGroup]);
            await Ok("ec2", "authorize-security-group-ingress", "--group-id", dbGroup, "--ip-permissions", $"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={jobGroup}}}]");
            string dbIp;
            (dbEni, dbIp) = await AttachAsync(db, subnetId, dbGroup);
            using var listener = new RecordingListener(db, dbIp, 5432, 6000);

            // The job's group may reach 5432 only; the test opens 6000 and closes 5432 while it waits.
            var job = RegistryServerFixture.Unique("vpc-job");
            await CreateJobAsync(setup, job, subnetId, jobGroup, $"DB={dbIp},HOSTPORT={hostPort},WAIT=yes");
            await WaitForLogAsync(job, "phase one done");
            var enis = (await Ok("ec2", "describe-network-interfaces", "--filters", $"Name=vpc-id,Values={vpcId}", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").EnumerateArray().ToList();
            var eni = enis.ShouldHaveSingleItem();
            eni.GetProperty("SubnetId").GetString().ShouldBe(subnetId);
            eni.GetProperty("Description").GetString()!.ShouldContain("SageMaker");
            eni.GetProperty("Description").GetString()!.ShouldContain(job);
            eni.GetProperty("RequesterId").GetString().ShouldBe("sagemaker.amazonaws.com");
            eni.GetProperty("Status").GetString().ShouldBe("in-use");
            eni.GetProperty("Groups").EnumerateArray().Select(g => g.GetProperty("GroupId").GetString()).ShouldBe([jobGroup]);
            var jobIp = eni.GetProperty("PrivateIpAddress").GetString()!;
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBe([$"ske{tag}-{eni.GetProperty("NetworkInterfaceId").GetString()}"]);

            await Ok("ec2", "revoke-security-group-ingress", "--group-id", dbGroup, "--ip-permissions", $"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={jobGroup}}}]");
            await Ok("ec2", "authorize-security-group-ingress", "--group-id", dbGroup, "--ip-permissions", $"IpProtocol=tcp,FromPort=6000,ToPort=6000,UserIdGroupPairs=[{{GroupId={jobGroup}}}]");
            var described = await Steps.WaitForEndAsync(job);
            described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", described.ToString());
            described.GetProperty("VpcConfig").GetProperty("Subnets").EnumerateArray().Select(s => s.GetString()).ShouldBe([subnetId]);
            var files = await Steps.DownloadModelAsync(described);
            files["phase1.txt"].ShouldBe("5432=hi-5432\n6000=\nhost=\n");
            files["phase2.txt"].ShouldBe("6000=hi-6000\n5432=\n");
            Interfaces(files["netdev.txt"]).ShouldBe(["eth0", "lo"]);
            files["route.txt"].Split('\n').ShouldContain(l => l.StartsWith("eth0\t00000000\t", StringComparison.Ordinal));
            hostListener.Pending().ShouldBeFalse();

            // The database saw the job's ENI address as the source (the anti-spoofing rule passes only that).
            listener.Sources.ShouldNotBeEmpty();
            listener.Sources.ShouldAllBe(s => s == jobIp);

            // The ENI is gone with the job: API, namespaces, bridge ports, firewall elements, containers.
            await AssertNoJobNetworkAsync(setup, tag, vpcId, jobIp);

            // A job in a group the database does not admit: its connection is dropped by the database's ingress rule.
            listener.Clear();
            var other = RegistryServerFixture.Unique("vpc-other");
            await CreateJobAsync(setup, other, subnetId, otherGroup, $"DB={dbIp},HOSTPORT={hostPort},WAIT=no");
            var otherDescribed = await Steps.WaitForEndAsync(other);
            otherDescribed.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", otherDescribed.ToString());
            (await Steps.DownloadModelAsync(otherDescribed))["phase1.txt"].ShouldBe("5432=\n6000=\nhost=\n");
            listener.Sources.ShouldBeEmpty();
            await AssertNoJobNetworkAsync(setup, tag, vpcId, null);
        }
        finally
        {
            if (dbEni is not null)
            {
                await ServerProcess.RunCliAsync(["admin", "detach-namespace", "--data-dir", fixture.Server.DataDir, "--network-interface-id", dbEni]);
            }

            await DeleteVpcAsync(vpcId, subnetId, groups);
            await VpcHostChecks.DeleteNamespaceAsync(db);
        }

        (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).ShouldBeEmpty();
        (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task ServerRestarts_RunningJobKeepsItsEni_JobEndedWhileServerWasDown_LosesItAtStart()
    {
        var own = new RegistryServerFixture();
        await own.InitializeAsync();
        var dataDir = own.Server.DataDir;
        var tag = VpcNetwork.TagOf(dataDir);
        Task<(int ExitCode, string StdOut, string StdErr)> Aws(params string[] arguments) => own.Aws(arguments);
        Task<JsonElement> Json(params string[] arguments) => own.AwsJsonAsync(arguments);

        try
        {
            var setup = await SetUpAsync(own);
            var vpcId = (await Json("ec2", "create-vpc", "--cidr-block", "10.97.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            var subnetId = (await Json("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.97.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            var group = (await Json("ec2", "create-security-group", "--group-name", "job", "--description", "job", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            var job = RegistryServerFixture.Unique("vpc-restart");
            var create = await Aws(Create(setup, job, subnetId, group, "DB=10.97.1.200,HOSTPORT=9,WAIT=sleep"));
            create.ExitCode.ShouldBe(0, create.StdErr);
            string? eniId = null;
            for (var attempt = 0; attempt < 600 && eniId is null; attempt++)
            {
                var status = await Json("sagemaker", "describe-training-job", "--training-job-name", job);
                status.GetProperty("TrainingJobStatus").GetString().ShouldBe("InProgress", status.ToString());
                if (status.GetProperty("SecondaryStatus").GetString() == "Training")
                {
                    eniId = (await Json("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").EnumerateArray().Single().GetProperty("NetworkInterfaceId").GetString();
                }
                else
                {
                    await Task.Delay(200);
                }
            }

            // Killed and restarted while the job trains: re-attached, its ENI and namespace stay.
            await own.RestartAsync();
            (await Json("sagemaker", "describe-training-job", "--training-job-name", job)).GetProperty("SecondaryStatus").GetString().ShouldBe("Training");
            (await Json("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").EnumerateArray().Single().GetProperty("NetworkInterfaceId").GetString().ShouldBe(eniId);
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBe([$"ske{tag}-{eniId}"]);

            // Killed again, and the container ends while no server runs: the next start fails the job and removes its ENI.
            var container = (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).Single().Id;
            await own.KillServerAsync();

            await new RuncClient().KillAsync(container, "KILL", CancellationToken.None);
            for (var attempt = 0; attempt < 100 && (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).Any(c => c.Status == "running"); attempt++)
            {
                await Task.Delay(100);
            }

            await own.RestartAsync();
            var failed = await Json("sagemaker", "describe-training-job", "--training-job-name", job);
            failed.GetProperty("TrainingJobStatus").GetString().ShouldBe("Failed", failed.ToString());
            (await Json("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").GetArrayLength().ShouldBe(0);
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
            (await VpcHostChecks.LinksInAsync($"skv{tag}-{vpcId}")).ShouldBe(["br0"]);
            (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
            (await Aws("ec2", "delete-security-group", "--group-id", group)).ExitCode.ShouldBe(0);
            (await Aws("ec2", "delete-subnet", "--subnet-id", subnetId)).ExitCode.ShouldBe(0);
            (await Aws("ec2", "delete-vpc", "--vpc-id", vpcId)).ExitCode.ShouldBe(0);
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
        }
    }

    [RuncFact]
    public async Task VpcConfig_UnknownSubnetSubnetsOfTwoVpcsOrGroupOfAnotherVpc_AnswersValidationException_VpcSubnetsConditionKeyApplies()
    {
        var setup = await SetUpAsync();
        string? vpcA = null, vpcB = null, subnetA = null, subnetB = null;
        var groups = new List<string>();
        try
        {
            vpcA = (await Ok("ec2", "create-vpc", "--cidr-block", "10.94.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            vpcB = (await Ok("ec2", "create-vpc", "--cidr-block", "10.95.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetA = (await Ok("ec2", "create-subnet", "--vpc-id", vpcA, "--cidr-block", "10.94.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            subnetB = (await Ok("ec2", "create-subnet", "--vpc-id", vpcB, "--cidr-block", "10.95.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            var groupA = await GroupAsync(vpcA, "a");
            var groupB = await GroupAsync(vpcB, "b");
            groups.AddRange([groupA, groupB]);

            async Task Refused(string subnets, string groupIds, string message)
            {
                var result = await fixture.Aws(Create(setup, RegistryServerFixture.Unique("vpc-bad"), subnets, groupIds, "DB=none"));
                result.ExitCode.ShouldNotBe(0);
                result.StdErr.ShouldContain("ValidationException");
                result.StdErr.ShouldContain(message);
            }

            await Refused("subnet-0123456789abcdef0", groupA, "subnet-0123456789abcdef0 in VpcConfig do not exist");
            await Refused($"{subnetA},{subnetB}", groupA, "must all be in the same VPC");
            await Refused(subnetA, groupB, $"not in the subnets' VPC {vpcA}");
            await Refused(subnetA, "sg-0123456789abcdef0", "sg-0123456789abcdef0 in VpcConfig do not exist");
            (await Ok("ec2", "describe-network-interfaces")).GetProperty("NetworkInterfaces").GetArrayLength().ShouldBe(0);

            // sagemaker:VpcSubnets in a policy: a user allowed only subnet A is denied subnet B, and passes with A.
            var user = RegistryServerFixture.Unique("vpc-user");
            (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
            var policy = JsonSerializer.Serialize(new
            {
                Version = "2012-10-17",
                Statement = new object[]
                {
                    new { Effect = "Allow", Action = "sagemaker:CreateTrainingJob", Resource = "*", Condition = new { ForAllValues_StringEquals = new Dictionary<string, string[]> { ["sagemaker:VpcSubnets"] = [subnetA] } } },
                    new { Effect = "Allow", Action = "iam:PassRole", Resource = "*", Condition = (object?)null },
                },
            }).Replace("ForAllValues_StringEquals", "ForAllValues:StringEquals", StringComparison.Ordinal).Replace(",\"Condition\":null", string.Empty, StringComparison.Ordinal);
            (await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "subnet-a", "--policy-document", policy)).ExitCode.ShouldBe(0);
            var key = RegistryServerFixture.Json((await fixture.Aws("iam", "create-access-key", "--user-name", user)).StdOut).GetProperty("AccessKey");
            var denied = await fixture.AwsAs(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!, Create(setup, RegistryServerFixture.Unique("vpc-denied"), subnetB, groupB, "DB=none"));
            denied.ExitCode.ShouldNotBe(0);
            denied.StdErr.ShouldContain("AccessDenied");
            var allowed = await fixture.AwsAs(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!, Create(setup, RegistryServerFixture.Unique("vpc-allowed"), subnetA, groupB, "DB=none"));
            allowed.ExitCode.ShouldNotBe(0);
            allowed.StdErr.ShouldContain("ValidationException");
            allowed.StdErr.ShouldContain($"not in the subnets' VPC {vpcA}");
        }
        finally
        {
            await DeleteVpcAsync(vpcA, subnetA, groups.Take(1).ToList());
            await DeleteVpcAsync(vpcB, subnetB, groups.Skip(1).ToList());
        }
    }

    private async Task AssertNoJobNetworkAsync(Setup setup, string tag, string vpcId, string? jobIp)
    {
        (await Ok("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").GetArrayLength().ShouldBe(0);
        (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
        (await VpcHostChecks.NamespacesWithPrefixAsync(setup.Prefix)).ShouldBeEmpty();
        var vpcNs = $"skv{tag}-{vpcId}";
        (await VpcHostChecks.LinksInAsync(vpcNs)).Count.ShouldBe(2, "the bridge and the database's port");
        if (jobIp is not null)
        {
            (await HostCommand.CheckedAsync("ip", ["netns", "exec", vpcNs, "nft", "list", "ruleset"], CancellationToken.None)).ShouldNotContain(jobIp);
        }

        (await HostCommand.CheckedAsync("nft", ["list", "tables"], CancellationToken.None)).ShouldNotContain(setup.Prefix.Replace('-', '_'));
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    private async Task DeleteVpcAsync(string? vpcId, string? subnetId, List<string> groups)
    {
        foreach (var group in groups)
        {
            var described = await fixture.Aws("ec2", "describe-security-groups", "--group-ids", group);
            if (described.ExitCode == 0 && RegistryServerFixture.Json(described.StdOut).GetProperty("SecurityGroups")[0].GetProperty("IpPermissions") is { ValueKind: JsonValueKind.Array } rules && rules.GetArrayLength() > 0)
            {
                await fixture.Aws("ec2", "revoke-security-group-ingress", "--group-id", group, "--ip-permissions", rules.GetRawText());
            }
        }

        foreach (var group in groups)
        {
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

    private async Task<string> GroupAsync(string vpcId, string name) =>
        (await Ok("ec2", "create-security-group", "--group-name", name, "--description", name, "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;

    private async Task<(string Eni, string Ip)> AttachAsync(string netns, string subnetId, string groupId)
    {
        var result = await ServerProcess.RunCliAsync(["admin", "attach-namespace", "--data-dir", fixture.Server.DataDir, "--netns", netns, "--subnet-id", subnetId, "--security-group-ids", groupId]);
        result.ExitCode.ShouldBe(0, result.StdErr);
        var parts = result.StdOut.Trim().Split('\t');
        return (parts[0], parts[1]);
    }

    private async Task<JsonElement> Ok(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await fixture.Aws(arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : RegistryServerFixture.Json(stdout);
    }

    private static List<string> Interfaces(string netdev) =>
        [.. netdev.Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim()).Order(StringComparer.Ordinal)];

    private sealed record Setup(string Image, string Bucket, string RoleArn, string Prefix);

    private Task<Setup> SetUpAsync() => SetUpAsync(fixture);

    private static async Task<Setup> SetUpAsync(RegistryServerFixture fixture)
    {
        var image = await fixture.PushBusyboxImageAsync("vpc/busybox");

        var bucket = RegistryServerFixture.Unique("vpc-training");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        var script = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("run") + ".sh");
        await File.WriteAllTextAsync(script, ProbeScript.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        var put = await fixture.Aws("s3", "cp", script, $"s3://{bucket}/script/run.sh");
        put.ExitCode.ShouldBe(0, put.StdErr);

        var role = await fixture.Aws("iam", "create-role", "--role-name", RegistryServerFixture.Unique("sagemaker-role"), "--assume-role-policy-document", TrustPolicy);
        role.ExitCode.ShouldBe(0, role.StdErr);
        var roleArn = RegistryServerFixture.Json(role.StdOut).GetProperty("Role").GetProperty("Arn").GetString()!;
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(fixture.Server.DataDir))))[..6];
        return new Setup(image, bucket, roleArn, $"sk{tag}-");
    }

    private static string[] Create(Setup setup, string job, string subnets, string groupIds, string environment) =>
    [
        "sagemaker", "create-training-job",
        "--training-job-name", job,
        "--role-arn", setup.RoleArn,
        "--algorithm-specification", $"TrainingImage={setup.Image},TrainingInputMode=File",
        "--input-data-config", JsonSerializer.Serialize(new[] { new { ChannelName = "script", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{setup.Bucket}/script/" } } } }),
        "--output-data-config", $"S3OutputPath=s3://{setup.Bucket}/out",
        "--resource-config", "InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1",
        "--stopping-condition", "MaxRuntimeInSeconds=300",
        "--environment", "MODE=script," + environment,
        "--vpc-config", $"Subnets={subnets},SecurityGroupIds={groupIds}",
    ];

    private async Task CreateJobAsync(Setup setup, string job, string subnet, string group, string environment)
    {
        var create = await fixture.Aws(Create(setup, job, subnet, group, environment));
        create.ExitCode.ShouldBe(0, create.StdErr);
    }

    private async Task WaitForLogAsync(string job, string line)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var events = await fixture.Aws("logs", "filter-log-events", "--log-group-name", "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", job + "/");
            if (events.ExitCode == 0 && RegistryServerFixture.Json(events.StdOut).GetProperty("events").EnumerateArray().Any(e => e.GetProperty("message").GetString() == line))
            {
                return;
            }

            var status = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-training-job", "--training-job-name", job)).StdOut);
            status.GetProperty("TrainingJobStatus").GetString().ShouldBe("InProgress", status.ToString());
            await Task.Delay(200);
        }

        throw new TimeoutException($"training job {job} did not log '{line}'; server output:\n{fixture.Server.Output}");
    }

    /// <summary>Listeners inside a test namespace that answer <c>hi-PORT</c> and record each client's address.</summary>
    private sealed class RecordingListener : IDisposable
    {
        private readonly List<Socket> _sockets = [];
        private readonly ConcurrentQueue<string> _sources = new();

        public RecordingListener(string netns, string address, params int[] ports)
        {
            foreach (var port in ports)
            {
                var socket = NamespaceSockets.Listen(VpcHost.NamespacePath(netns), new IPEndPoint(IPAddress.Parse(address), port));
                _sockets.Add(socket);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        while (true)
                        {
                            using var client = await socket.AcceptAsync();
                            _sources.Enqueue(((IPEndPoint)client.RemoteEndPoint!).Address.ToString());
                            await client.SendAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"hi-{port}\n")));
                            client.Shutdown(SocketShutdown.Both);
                        }
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        // Closed by the test.
                    }
                });
            }
        }

        public IReadOnlyList<string> Sources => [.. _sources];

        public void Clear() => _sources.Clear();

        public void Dispose()
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }
    }
}
