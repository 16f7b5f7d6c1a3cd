using System.Text.Json;
using SageKeep.IntegrationTests.Aws;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Server.Services.Ec2.Network;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>
/// Interface VPC endpoints: from a client namespace attached to the VPC the unmodified aws CLI reaches the API at
/// the endpoint's private address; a policy denying everything unless aws:SourceVpce is the endpoint blocks the
/// same call from the host and allows it through the endpoint; an endpoint policy allowing only
/// ListTrainingJobs blocks another action through it; the audit trail records the endpoint id.
/// </summary>
public sealed class VpcEndpointTests
{
    private const string EndpointAddress = "10.93.1.4";

    private static readonly Dictionary<string, string> RootKey = new()
    {
        ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = SignedServerFixture.AccessKeyId,
        ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = SignedServerFixture.SecretAccessKey,
    };

    [NetnsFact]
    public async Task InterfaceEndpoint_ServesApiInVpc_WithSourceVpceConditionsEndpointPolicyAndAudit()
    {
        var dataDir = ServerProcess.CreateTempDirectory();
        var certDir = ServerProcess.CreateTempDirectory();
        var (certPath, keyPath) = VpcCertificates.Write(certDir, EndpointAddress);
        var client = await VpcHostChecks.CreateNamespaceAsync("api");
        var tag = VpcNetwork.TagOf(dataDir);
        var server = await ServerProcess.StartAsync(["--account-id", SignedServerFixture.AccountId, "--tls-cert", certPath, "--tls-key", keyPath], RootKey, dataDir, certPath);
        try
        {
            var root = new Credentials(SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey);
            var vpcId = (await Ok(server, certPath, root, "ec2", "create-vpc", "--cidr-block", "10.93.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            var subnetId = (await Ok(server, certPath, root, "ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.93.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            var apiGroup = (await Ok(server, certPath, root, "ec2", "create-security-group", "--group-name", "api", "--description", "api", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            await Ok(server, certPath, root, "ec2", "authorize-security-group-ingress", "--group-id", apiGroup, "--protocol", "tcp", "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cidr", "10.93.0.0/16");
            var endpoint = (await Ok(server, certPath, root, "ec2", "create-vpc-endpoint", "--vpc-endpoint-type", "Interface", "--vpc-id", vpcId,
                "--service-name", "com.amazonaws.us-east-1.sagemaker.api", "--subnet-ids", subnetId, "--security-group-ids", apiGroup)).GetProperty("VpcEndpoint");
            var vpceId = endpoint.GetProperty("VpcEndpointId").GetString()!;
            var eni = (await Ok(server, certPath, root, "ec2", "describe-network-interfaces", "--network-interface-ids", endpoint.GetProperty("NetworkInterfaceIds")[0].GetString()!)).GetProperty("NetworkInterfaces")[0];
            eni.GetProperty("PrivateIpAddress").GetString().ShouldBe(EndpointAddress);

            var attach = await ServerProcess.RunCliAsync(["admin", "attach-namespace", "--data-dir", dataDir, "--netns", client, "--subnet-id", subnetId]);
            attach.ExitCode.ShouldBe(0, attach.StdErr);
            var clientEni = attach.StdOut.Trim().Split('\t')[0];
            var endpointUrl = $"https://{EndpointAddress}:{server.Port}";

            var throughEndpoint = await AwsIn(client, endpointUrl, certPath, root, "sagemaker", "list-training-jobs");
            throughEndpoint.ExitCode.ShouldBe(0, throughEndpoint.StdErr);
            JsonDocument.Parse(throughEndpoint.StdOut).RootElement.TryGetProperty("TrainingJobSummaries", out _).ShouldBeTrue();

            // A user whose policy denies everything that does not come through this endpoint.
            var user = "vpce-user-" + Guid.NewGuid().ToString("N")[..8];
            await Ok(server, certPath, root, "iam", "create-user", "--user-name", user);
            var keyJson = (await Ok(server, certPath, root, "iam", "create-access-key", "--user-name", user)).GetProperty("AccessKey");
            var key = new Credentials(keyJson.GetProperty("AccessKeyId").GetString()!, keyJson.GetProperty("SecretAccessKey").GetString()!);
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:ListTrainingJobs\",\"sagemaker:DescribeTrainingJob\"],\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"" + vpceId + "\"}}}]}";
            await Ok(server, certPath, root, "iam", "put-user-policy", "--user-name", user, "--policy-name", "only-through-endpoint", "--policy-document", policy);

            var fromHost = await AwsCli.RunAsync(server.BaseUrl, certPath, key.AccessKeyId, key.SecretAccessKey, ["sagemaker", "list-training-jobs"]);
            fromHost.ExitCode.ShouldNotBe(0);
            fromHost.StdErr.ShouldContain("AccessDeniedException");
            fromHost.StdErr.ShouldContain("explicit deny");
            var allowed = await AwsIn(client, endpointUrl, certPath, key, "sagemaker", "list-training-jobs");
            allowed.ExitCode.ShouldBe(0, allowed.StdErr);

            // The endpoint policy only restricts what passes through it: ListTrainingJobs yes, DescribeTrainingJob no.
            const string OnlyList = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sagemaker:ListTrainingJobs","Resource":"*"}]}""";
            await Ok(server, certPath, root, "ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", vpceId, "--policy-document", OnlyList);
            (await AwsIn(client, endpointUrl, certPath, key, "sagemaker", "list-training-jobs")).ExitCode.ShouldBe(0);
            var blocked = await AwsIn(client, endpointUrl, certPath, key, "sagemaker", "describe-training-job", "--training-job-name", "none");
            blocked.ExitCode.ShouldNotBe(0);
            blocked.StdErr.ShouldContain("AccessDeniedException");
            blocked.StdErr.ShouldContain("no VPC endpoint policy allows the sagemaker:DescribeTrainingJob action");
            var rootBlocked = await AwsIn(client, endpointUrl, certPath, root, "ec2", "describe-vpcs");
            rootBlocked.ExitCode.ShouldNotBe(0);
            rootBlocked.StdErr.ShouldContain("UnauthorizedOperation");

            var audit = await AuditQuery.WaitForAsync(dataDir, 1, ["--principal", $"arn:aws:iam::{SignedServerFixture.AccountId}:user/{user}", "--limit", "50"], r => r.ToJsonString().Contains(vpceId, StringComparison.Ordinal));
            audit.ShouldNotBeEmpty();

            // Cleanup: endpoint, attachment, groups, subnet, VPC; none of the installation's namespaces stay.
            await Ok(server, certPath, root, "ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", vpceId);
            (await AwsIn(client, endpointUrl, certPath, root, "sagemaker", "list-training-jobs")).ExitCode.ShouldNotBe(0);
            (await ServerProcess.RunCliAsync(["admin", "detach-namespace", "--data-dir", dataDir, "--network-interface-id", clientEni])).ExitCode.ShouldBe(0);
            await Ok(server, certPath, root, "ec2", "delete-security-group", "--group-id", apiGroup);
            await Ok(server, certPath, root, "ec2", "delete-subnet", "--subnet-id", subnetId);
            await Ok(server, certPath, root, "ec2", "delete-vpc", "--vpc-id", vpcId);
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
            Directory.Delete(dataDir, recursive: true);
            Directory.Delete(certDir, recursive: true);
        }
    }

    private sealed record Credentials(string AccessKeyId, string SecretAccessKey);

    private static async Task<JsonElement> Ok(ServerProcess server, string certPath, Credentials key, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await AwsCli.RunAsync(server.BaseUrl, certPath, key.AccessKeyId, key.SecretAccessKey, arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>The aws CLI run inside a network namespace (ip netns exec), with explicit credentials and CA.</summary>
    private static Task<(int ExitCode, string StdOut, string StdErr)> AwsIn(string netns, string endpointUrl, string caBundle, Credentials key, params string[] arguments) =>
        AwsCli.RunAsync(endpointUrl, caBundle, key.AccessKeyId, key.SecretAccessKey, arguments, netns: netns);
}
