using System.Text.Json;
using SageKeep.IntegrationTests.Aws;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Runtime.Runc;
using SageKeep.Server.Services.Ec2.Network;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>
/// VPCs on real namespaces: two namespaces the test creates are attached with <c>sagekeep admin attach-namespace</c>;
/// a listener in one is reachable from the other on the port its security group allows and not on another; a rule
/// change applies to new connections; a spoofed source address is dropped; after a restart (with the VPC namespace
/// gone, as after a reboot) the network is rebuilt from the store; deleting everything leaves none of the
/// installation's namespaces and no interface in the test's namespaces.
/// </summary>
public sealed class VpcNetworkTests
{
    private static readonly Dictionary<string, string> RootKey = new()
    {
        ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = SignedServerFixture.AccessKeyId,
        ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = SignedServerFixture.SecretAccessKey,
    };

    [NetnsFact]
    public async Task AttachedNamespaces_ReachOnlyWhatGroupsAllow_RuleChangesAndRestartApply_CleanupLeavesNothing()
    {
        var dataDir = ServerProcess.CreateTempDirectory();
        var db = await VpcHostChecks.CreateNamespaceAsync("db");
        var client = await VpcHostChecks.CreateNamespaceAsync("cl");
        var tag = VpcNetwork.TagOf(dataDir);
        var server = await ServerProcess.StartAsync(["--account-id", SignedServerFixture.AccountId], RootKey, dataDir);
        try
        {
            var vpcId = (await Ok(server, "ec2", "create-vpc", "--cidr-block", "10.91.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            var subnetId = (await Ok(server, "ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.91.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            var dbGroup = (await Ok(server, "ec2", "create-security-group", "--group-name", "db", "--description", "db", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            var clientGroup = (await Ok(server, "ec2", "create-security-group", "--group-name", "client", "--description", "client", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            await Ok(server, "ec2", "authorize-security-group-ingress", "--group-id", dbGroup, "--ip-permissions", $"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={clientGroup}}}]");

            var (dbEni, dbIp) = await AttachAsync(dataDir, db, subnetId, dbGroup);
            var (clientEni, clientIp) = await AttachAsync(dataDir, client, subnetId, clientGroup);
            dbEni.ShouldMatch("^eni-[0-9a-f]{17}$");
            dbIp.ShouldBe("10.91.1.4");
            clientIp.ShouldBe("10.91.1.5");
            var enis = (await Ok(server, "ec2", "describe-network-interfaces", "--filters", $"Name=vpc-id,Values={vpcId}")).GetProperty("NetworkInterfaces");
            enis.EnumerateArray().Select(e => e.GetProperty("NetworkInterfaceId").GetString()).Order().ShouldBe(new[] { dbEni, clientEni }.Order());
            enis.EnumerateArray().First(e => e.GetProperty("NetworkInterfaceId").GetString() == dbEni).GetProperty("Attachment").GetProperty("Status").GetString().ShouldBe("attached");

            using var allowed = VpcHostChecks.Listen(db, dbIp, 5432);
            using var other = VpcHostChecks.Listen(db, dbIp, 6000);
            (await VpcHostChecks.ConnectFromAsync(client, dbIp, 5432)).ShouldBe("hi-5432");
            (await VpcHostChecks.ConnectFromAsync(client, dbIp, 6000)).ShouldBeEmpty();

            // The db group allows nothing in from the db's own peers on other ports, and the client group nothing in at all.
            using var clientListener = VpcHostChecks.Listen(client, clientIp, 7000);
            (await VpcHostChecks.ConnectFromAsync(db, clientIp, 7000)).ShouldBeEmpty();

            // Rule change: 6000 opened, 5432 closed; new connections follow at once.
            await Ok(server, "ec2", "authorize-security-group-ingress", "--group-id", dbGroup, "--protocol", "tcp", "--port", "6000", "--cidr", "10.91.1.0/24");
            await Ok(server, "ec2", "revoke-security-group-ingress", "--group-id", dbGroup, "--ip-permissions", $"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={clientGroup}}}]");
            (await VpcHostChecks.ConnectFromAsync(client, dbIp, 6000)).ShouldBe("hi-6000");
            (await VpcHostChecks.ConnectFromAsync(client, dbIp, 5432)).ShouldBeEmpty();

            // A second address on the client's interface (not its ENI's) is a spoofed source and is dropped.
            var clientLink = (await VpcHostChecks.LinksInAsync(client)).Single();
            await HostCommand.CheckedAsync("ip", ["-n", client, "addr", "add", "10.91.1.77/16", "dev", clientLink], CancellationToken.None);
            var spoofed = await HostCommand.RunAsync("ip", ["netns", "exec", client, "busybox", "nc", "-w", "3", "-s", "10.91.1.77", dbIp, "6000"], CancellationToken.None);
            spoofed.Stdout.ShouldNotContain("hi-6000");
            await HostCommand.CheckedAsync("ip", ["-n", client, "addr", "del", "10.91.1.77/16", "dev", clientLink], CancellationToken.None);

            // Restart with the VPC namespace gone (as after a reboot): rebuilt from the store, rules included.
            (await server.TerminateAsync()).ShouldBe(0);
            await server.DisposeAsync();
            await HostCommand.CheckedAsync("ip", ["netns", "del", $"skv{tag}-{vpcId}"], CancellationToken.None);
            server = await ServerProcess.StartAsync(["--account-id", SignedServerFixture.AccountId], RootKey, dataDir);
            (await VpcHostChecks.ConnectFromAsync(client, dbIp, 6000)).ShouldBe("hi-6000");
            (await VpcHostChecks.ConnectFromAsync(client, dbIp, 5432)).ShouldBeEmpty();
            (await VpcHostChecks.NftTablesInAsync($"skv{tag}-{vpcId}")).ShouldContain("sagekeep");

            // Cleanup through the API and the CLI leaves nothing of this installation behind.
            (await Cli("admin", "detach-namespace", "--data-dir", dataDir, "--network-interface-id", dbEni)).ExitCode.ShouldBe(0);
            (await VpcHostChecks.LinksInAsync(db)).ShouldBeEmpty();
            (await Cli("admin", "detach-namespace", "--data-dir", dataDir, "--network-interface-id", clientEni)).ExitCode.ShouldBe(0);
            await Ok(server, "ec2", "revoke-security-group-ingress", "--group-id", dbGroup, "--protocol", "tcp", "--port", "6000", "--cidr", "10.91.1.0/24");
            await Ok(server, "ec2", "delete-security-group", "--group-id", dbGroup);
            await Ok(server, "ec2", "delete-security-group", "--group-id", clientGroup);
            await Ok(server, "ec2", "delete-subnet", "--subnet-id", subnetId);
            await Ok(server, "ec2", "delete-vpc", "--vpc-id", vpcId);
            (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).ShouldBeEmpty();
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
            (await VpcHostChecks.LinksInAsync(client)).ShouldBeEmpty();
            (await VpcHostChecks.NftTablesInAsync(client)).ShouldNotContain("sagekeep");
        }
        finally
        {
            await server.DisposeAsync();
            foreach (var name in (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).Concat(await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")))
            {
                await VpcHostChecks.DeleteNamespaceAsync(name);
            }

            await VpcHostChecks.DeleteNamespaceAsync(db);
            await VpcHostChecks.DeleteNamespaceAsync(client);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [NetnsFact]
    public async Task AttachNamespace_UnknownNamespaceOrSubnet_FailsWithoutState()
    {
        var dataDir = ServerProcess.CreateTempDirectory();
        await using var server = await ServerProcess.StartAsync(["--account-id", SignedServerFixture.AccountId], RootKey, dataDir);
        var missing = await Cli("admin", "attach-namespace", "--data-dir", dataDir, "--netns", "sktest-none-" + Guid.NewGuid().ToString("N")[..8], "--subnet-id", "subnet-0123456789abcdef0");
        missing.ExitCode.ShouldBe(1);
        missing.StdErr.ShouldContain("no network namespace");
        var ns = await VpcHostChecks.CreateNamespaceAsync("x");
        try
        {
            var unknown = await Cli("admin", "attach-namespace", "--data-dir", dataDir, "--netns", ns, "--subnet-id", "subnet-0123456789abcdef0");
            unknown.ExitCode.ShouldBe(1);
            unknown.StdErr.ShouldContain("InvalidSubnetID.NotFound");
            (await Ok(server, "ec2", "describe-network-interfaces")).GetProperty("NetworkInterfaces").GetArrayLength().ShouldBe(0);
            (await VpcHostChecks.LinksInAsync(ns)).ShouldBeEmpty();
        }
        finally
        {
            await VpcHostChecks.DeleteNamespaceAsync(ns);
        }
    }

    private static async Task<(string Eni, string Ip)> AttachAsync(string dataDir, string netns, string subnetId, string groupId)
    {
        var result = await Cli("admin", "attach-namespace", "--data-dir", dataDir, "--netns", netns, "--subnet-id", subnetId, "--security-group-ids", groupId);
        result.ExitCode.ShouldBe(0, result.StdErr);
        var parts = result.StdOut.Trim().Split('\t');
        return (parts[0], parts[1]);
    }

    private static Task<(int ExitCode, string StdOut, string StdErr)> Cli(params string[] arguments) => ServerProcess.RunCliAsync(arguments);

    private static async Task<JsonElement> Ok(ServerProcess server, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await AwsCli.RunAsync(server.BaseUrl, server.CaCertPath, SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey, arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }
}
