using System.Globalization;
using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.IntegrationTests.Vpc;
using SageKeep.Server.Services.Ec2.Network;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>The inference server with an operator certificate that also names the runtime interface endpoint's address.</summary>
public sealed class RuntimeVpcServerFixture : InferenceServerFixture
{
    public const string EndpointAddress = "10.89.1.4";

    protected override IReadOnlyList<string> PrivateAddresses => [EndpointAddress];
}

/// <summary>
/// InvokeEndpoint through a <c>com.amazonaws.&lt;region&gt;.sagemaker.runtime</c> interface VPC endpoint: a user whose
/// policy denies sagemaker:InvokeEndpoint unless aws:SourceVpce is that endpoint is refused from the host and served
/// from a client namespace attached to the VPC, with the unmodified aws CLI.
/// </summary>
public sealed class RuntimeVpcEndpointTests(RuntimeVpcServerFixture fixture) : IClassFixture<RuntimeVpcServerFixture>
{
    [RuncFact]
    public async Task InvokeEndpoint_DeniedUnlessSourceVpce_IsRefusedFromTheHost_AndServedThroughTheRuntimeEndpoint()
    {
        var steps = new EndpointSteps(fixture);
        var tag = VpcNetwork.TagOf(fixture.DataDir);
        var client = await VpcHostChecks.CreateNamespaceAsync("rt");
        try
        {
            var vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.89.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            var subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.89.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            var group = (await Ok("ec2", "create-security-group", "--group-name", "runtime", "--description", "runtime", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            await Ok("ec2", "authorize-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", fixture.Server.Port.ToString(CultureInfo.InvariantCulture), "--cidr", "10.89.0.0/16");
            var endpoint = (await Ok("ec2", "create-vpc-endpoint", "--vpc-endpoint-type", "Interface", "--vpc-id", vpcId,
                "--service-name", "com.amazonaws.us-east-1.sagemaker.runtime", "--subnet-ids", subnetId, "--security-group-ids", group)).GetProperty("VpcEndpoint");
            var vpceId = endpoint.GetProperty("VpcEndpointId").GetString()!;
            var eni = (await Ok("ec2", "describe-network-interfaces", "--network-interface-ids", endpoint.GetProperty("NetworkInterfaceIds")[0].GetString()!)).GetProperty("NetworkInterfaces")[0];
            eni.GetProperty("PrivateIpAddress").GetString().ShouldBe(RuntimeVpcServerFixture.EndpointAddress);
            var attach = await ServerProcess.RunCliAsync(["admin", "attach-namespace", "--data-dir", fixture.DataDir, "--netns", client, "--subnet-id", subnetId]);
            attach.ExitCode.ShouldBe(0, attach.StdErr);
            var clientEni = attach.StdOut.Trim().Split('\t')[0];

            var name = RegistryServerFixture.Unique("ep-vpce");
            await steps.CreateModelAsync(name, "private", isolated: true);
            await steps.CreateConfigAsync(name, name);
            await steps.CreateEndpointAsync(name, name);
            (await steps.WaitSettledAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");

            var user = "rt-vpce-" + Guid.NewGuid().ToString("N")[..8];
            await Ok("iam", "create-user", "--user-name", user);
            var key = (await Ok("iam", "create-access-key", "--user-name", user)).GetProperty("AccessKey");
            var (keyId, secret) = (key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:InvokeEndpoint\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"sagemaker:InvokeEndpoint\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"" + vpceId + "\"}}}]}";
            await Ok("iam", "put-user-policy", "--user-name", user, "--policy-name", "invoke-only-through-endpoint", "--policy-document", policy);

            var body = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("body"));
            await File.WriteAllTextAsync(body, "x");
            string[] invoke(string output) => ["sagemaker-runtime", "invoke-endpoint", "--endpoint-name", name, "--content-type", "text/plain", "--body", "fileb://" + body, output];

            var fromHost = await fixture.AwsAs(keyId, secret, invoke(Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("out"))));
            fromHost.ExitCode.ShouldNotBe(0);
            fromHost.StdErr.ShouldContain("AccessDenied");
            fromHost.StdErr.ShouldContain("explicit deny");

            var output = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("out"));
            var endpointUrl = $"https://{RuntimeVpcServerFixture.EndpointAddress}:{fixture.Server.Port}";
            var through = await AwsCli.RunAsync(endpointUrl, fixture.CaPath, keyId, secret, invoke(output), netns: client);
            through.ExitCode.ShouldBe(0, through.StdErr);
            (await File.ReadAllTextAsync(output)).ShouldBe("private:x");

            (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
            await steps.WaitGoneAsync(name);
            await Ok("ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", vpceId);
            (await ServerProcess.RunCliAsync(["admin", "detach-namespace", "--data-dir", fixture.DataDir, "--network-interface-id", clientEni])).ExitCode.ShouldBe(0);
            await Ok("ec2", "delete-security-group", "--group-id", group);
            await Ok("ec2", "delete-subnet", "--subnet-id", subnetId);
            await Ok("ec2", "delete-vpc", "--vpc-id", vpcId);
            (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).ShouldBeEmpty();
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
        }
        finally
        {
            foreach (var name in (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).Concat(await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")))
            {
                await VpcHostChecks.DeleteNamespaceAsync(name);
            }

            await VpcHostChecks.DeleteNamespaceAsync(client);
        }
    }

    private async Task<JsonElement> Ok(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await fixture.Aws(arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }
}
