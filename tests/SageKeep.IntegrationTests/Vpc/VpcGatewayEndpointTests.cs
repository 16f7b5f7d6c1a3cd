using System.Globalization;
using System.Text.Json;
using SageKeep.IntegrationTests.Aws;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Runtime.Runc;
using SageKeep.Server.Services.Ec2.Network;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>
/// The S3 gateway endpoint: from a client namespace attached to the VPC the unmodified aws CLI lists, downloads
/// and uploads through the gateway's private address; an endpoint policy allowing one bucket blocks another bucket
/// through the gateway but not from the host; a bucket policy denying reads unless aws:SourceVpce is the gateway
/// blocks the host and allows the gateway; a namespace whose group allows no egress cannot reach the gateway until
/// an egress rule allows it; deleting the endpoint closes the address.
/// </summary>
public sealed class VpcGatewayEndpointTests
{
    private const string GatewayAddress = "10.94.0.1";

    private static readonly Dictionary<string, string> RootKey = new()
    {
        ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = SignedServerFixture.AccessKeyId,
        ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = SignedServerFixture.SecretAccessKey,
    };

    [NetnsFact]
    public async Task GatewayEndpoint_ServesS3InVpc_WithEndpointPolicyAndSourceVpceBucketPolicy()
    {
        var dataDir = ServerProcess.CreateTempDirectory();
        var certDir = ServerProcess.CreateTempDirectory();
        var (certPath, keyPath) = VpcCertificates.Write(certDir, GatewayAddress);
        var client = await VpcHostChecks.CreateNamespaceAsync("s3gw");
        var closed = await VpcHostChecks.CreateNamespaceAsync("s3gwclosed");
        var tag = VpcNetwork.TagOf(dataDir);
        var server = await ServerProcess.StartAsync(["--account-id", SignedServerFixture.AccountId, "--tls-cert", certPath, "--tls-key", keyPath], RootKey, dataDir, certPath);
        try
        {
            var vpcId = (await Ok(server, certPath, "ec2", "create-vpc", "--cidr-block", "10.94.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            var subnetId = (await Ok(server, certPath, "ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.94.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            var allowed = "gw-allowed-" + Guid.NewGuid().ToString("N")[..8];
            var other = "gw-other-" + Guid.NewGuid().ToString("N")[..8];
            var file = Path.Combine(certDir, "data.txt");
            await File.WriteAllTextAsync(file, "through the gateway\n");
            foreach (var bucket in new[] { allowed, other })
            {
                await Ok(server, certPath, "s3", "mb", "s3://" + bucket);
                await Ok(server, certPath, "s3", "cp", file, $"s3://{bucket}/data.txt");
            }

            var endpoint = (await Ok(server, certPath, "ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.s3", "--route-table-ids", "rtb-0123456789abcdef0")).GetProperty("VpcEndpoint");
            var vpceId = endpoint.GetProperty("VpcEndpointId").GetString()!;
            var described = (await Ok(server, certPath, "ec2", "describe-vpc-endpoints", "--vpc-endpoint-ids", vpceId)).GetProperty("VpcEndpoints")[0];
            described.GetProperty("VpcEndpointType").GetString().ShouldBe("Gateway");
            described.GetProperty("RouteTableIds")[0].GetString().ShouldBe("rtb-0123456789abcdef0");
            described.GetProperty("NetworkInterfaceIds").GetArrayLength().ShouldBe(0);
            described.GetProperty("DnsEntries").GetArrayLength().ShouldBe(0);
            described.GetProperty("PolicyDocument").GetString()!.ShouldContain("\"Action\":\"*\"");
            var second = await AwsCli.RunAsync(server.BaseUrl, certPath, SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey, ["ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.s3"]);
            second.ExitCode.ShouldNotBe(0);
            second.StdErr.ShouldContain("RouteAlreadyExists");

            var attach = await ServerProcess.RunCliAsync(["admin", "attach-namespace", "--data-dir", dataDir, "--netns", client, "--subnet-id", subnetId]);
            attach.ExitCode.ShouldBe(0, attach.StdErr);
            var clientEni = attach.StdOut.Trim().Split('\t')[0];
            var port = server.Port.ToString(CultureInfo.InvariantCulture);
            var gatewayUrl = $"https://{GatewayAddress}:{port}";

            // Listing, download and upload through the gateway.
            var listing = await AwsIn(client, gatewayUrl, certPath, "s3", "ls");
            listing.ExitCode.ShouldBe(0, listing.StdErr);
            listing.StdOut.ShouldContain(allowed);
            var download = await AwsIn(client, gatewayUrl, certPath, "s3", "cp", $"s3://{allowed}/data.txt", "-");
            download.ExitCode.ShouldBe(0, download.StdErr);
            download.StdOut.ShouldBe("through the gateway\n");
            (await AwsIn(client, gatewayUrl, certPath, "s3", "cp", file, $"s3://{allowed}/uploaded.txt")).ExitCode.ShouldBe(0);
            (await Ok(server, certPath, "s3api", "head-object", "--bucket", allowed, "--key", "uploaded.txt")).GetProperty("ContentLength").GetInt64().ShouldBe(20);

            // The gateway is reached under the sender's egress rules: a group without egress cannot, until it may.
            var closedGroup = (await Ok(server, certPath, "ec2", "create-security-group", "--group-name", "closed", "--description", "closed", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            await Ok(server, certPath, "ec2", "revoke-security-group-egress", "--group-id", closedGroup, "--ip-permissions", "IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]");
            var attachClosed = await ServerProcess.RunCliAsync(["admin", "attach-namespace", "--data-dir", dataDir, "--netns", closed, "--subnet-id", subnetId, "--security-group-ids", closedGroup]);
            attachClosed.ExitCode.ShouldBe(0, attachClosed.StdErr);
            var closedEni = attachClosed.StdOut.Trim().Split('\t')[0];
            var refused = await AwsIn(closed, gatewayUrl, certPath, "--cli-connect-timeout", "3", "s3", "ls");
            refused.ExitCode.ShouldNotBe(0);
            refused.StdErr.ShouldContain("timeout", Case.Insensitive);
            await Ok(server, certPath, "ec2", "authorize-security-group-egress", "--group-id", closedGroup, "--ip-permissions", $"IpProtocol=tcp,FromPort={port},ToPort={port},IpRanges=[{{CidrIp={GatewayAddress}/32}}]");
            var opened = await AwsIn(closed, gatewayUrl, certPath, "--cli-connect-timeout", "3", "s3", "ls");
            opened.ExitCode.ShouldBe(0, opened.StdErr);
            (await ServerProcess.RunCliAsync(["admin", "detach-namespace", "--data-dir", dataDir, "--network-interface-id", closedEni])).ExitCode.ShouldBe(0);
            await Ok(server, certPath, "ec2", "delete-security-group", "--group-id", closedGroup);

            // An endpoint policy for one bucket: the other bucket is refused through the gateway, not from the host.
            var onlyAllowed = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + allowed + "\",\"arn:aws:s3:::" + allowed + "/*\"]}]}";
            await Ok(server, certPath, "ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", vpceId, "--policy-document", onlyAllowed);
            (await AwsIn(client, gatewayUrl, certPath, "s3", "ls", $"s3://{allowed}/")).ExitCode.ShouldBe(0);
            var blocked = await AwsIn(client, gatewayUrl, certPath, "s3api", "get-object", "--bucket", other, "--key", "data.txt", Path.Combine(certDir, "blocked.txt"));
            blocked.ExitCode.ShouldNotBe(0);
            blocked.StdErr.ShouldContain("AccessDenied");
            blocked.StdErr.ShouldContain("no VPC endpoint policy allows the s3:GetObject action");
            var hostListing = await AwsCli.RunAsync(server.BaseUrl, certPath, SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey, ["s3", "ls", $"s3://{other}/"]);
            hostListing.ExitCode.ShouldBe(0, hostListing.StdErr);
            hostListing.StdOut.ShouldContain("data.txt");

            // A bucket policy that only lets reads come through the gateway.
            await Ok(server, certPath, "ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", vpceId, "--reset-policy");
            var onlyThroughGateway = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::" + other + "\",\"arn:aws:s3:::" + other + "/*\"],"
                + "\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"" + vpceId + "\"}}}]}";
            await Ok(server, certPath, "s3api", "put-bucket-policy", "--bucket", other, "--policy", onlyThroughGateway);
            var fromHost = await AwsCli.RunAsync(server.BaseUrl, certPath, SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey, ["s3api", "get-object", "--bucket", other, "--key", "data.txt", Path.Combine(certDir, "host.txt")]);
            fromHost.ExitCode.ShouldNotBe(0);
            fromHost.StdErr.ShouldContain("AccessDenied");
            var throughGateway = await AwsIn(client, gatewayUrl, certPath, "s3", "cp", $"s3://{other}/data.txt", "-");
            throughGateway.ExitCode.ShouldBe(0, throughGateway.StdErr);
            throughGateway.StdOut.ShouldBe("through the gateway\n");
            await Ok(server, certPath, "s3api", "delete-bucket-policy", "--bucket", other);

            // Deleting the endpoint closes the gateway: no address, no listener.
            await Ok(server, certPath, "ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", vpceId);
            (await AwsIn(client, gatewayUrl, certPath, "s3", "ls")).ExitCode.ShouldNotBe(0);
            var addresses = await HostCommand.CheckedAsync("ip", ["-n", $"skv{tag}-{vpcId}", "-o", "addr", "show"], CancellationToken.None);
            addresses.ShouldNotContain(GatewayAddress);

            foreach (var bucket in new[] { allowed, other })
            {
                await Ok(server, certPath, "s3", "rb", "s3://" + bucket, "--force");
            }

            (await ServerProcess.RunCliAsync(["admin", "detach-namespace", "--data-dir", dataDir, "--network-interface-id", clientEni])).ExitCode.ShouldBe(0);
            await Ok(server, certPath, "ec2", "delete-subnet", "--subnet-id", subnetId);
            await Ok(server, certPath, "ec2", "delete-vpc", "--vpc-id", vpcId);
            (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).ShouldBeEmpty();
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
            (await VpcHostChecks.LinksInAsync(client)).ShouldBeEmpty();
        }
        finally
        {
            await server.DisposeAsync();
            foreach (var name in (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).Concat(await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")))
            {
                await VpcHostChecks.DeleteNamespaceAsync(name);
            }

            await VpcHostChecks.DeleteNamespaceAsync(client);
            await VpcHostChecks.DeleteNamespaceAsync(closed);
            Directory.Delete(dataDir, recursive: true);
            Directory.Delete(certDir, recursive: true);
        }
    }

    private static async Task<JsonElement> Ok(ServerProcess server, string certPath, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await AwsCli.RunAsync(server.BaseUrl, certPath, SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey, arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Trim().Length == 0 || stdout.TrimStart()[0] != '{' ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static Task<(int ExitCode, string StdOut, string StdErr)> AwsIn(string netns, string endpointUrl, string caBundle, params string[] arguments) =>
        AwsCli.RunAsync(endpointUrl, caBundle, SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey, arguments, netns: netns);
}
