using System.Text.Json;
using SageKeep.IntegrationTests.Inference;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;
using SageKeep.Server.Services.Ec2.Network;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>
/// A model with VpcConfig behind an endpoint: the serving container gets an ENI in the VPC and reaches a listener in
/// a namespace the test attached with <c>sagekeep admin attach-namespace</c> on the port the listener's group allows
/// for the model's group; after the rule is revoked it does not; DescribeNetworkInterfaces lists the ENI while the
/// endpoint is in service; deleting the endpoint removes the ENI, its namespace and the container.
/// </summary>
public sealed class EndpointVpcTests(InferenceServerFixture fixture) : IClassFixture<InferenceServerFixture>
{
    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [RuncFact]
    public async Task ServingContainerInVpc_ReachesTheListenerItsGroupIsAllowed_UntilRevoked_EniGoesWithTheEndpoint()
    {
        var steps = new EndpointSteps(fixture);
        var tag = VpcNetwork.TagOf(fixture.Server.DataDir);
        var db = await VpcHostChecks.CreateNamespaceAsync("db");
        string? vpcId = null, subnetId = null, dbEni = null, dbGroup = null, modelGroup = null;
        var name = RegistryServerFixture.Unique("vpc-endpoint");
        try
        {
            vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.96.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.96.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            dbGroup = (await Ok("ec2", "create-security-group", "--group-name", "db", "--description", "db", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            modelGroup = (await Ok("ec2", "create-security-group", "--group-name", "model", "--description", "model", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            var rule = $"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={modelGroup}}}]";
            await Ok("ec2", "authorize-security-group-ingress", "--group-id", dbGroup, "--ip-permissions", rule);
            var attach = await ServerProcess.RunCliAsync(["admin", "attach-namespace", "--data-dir", fixture.Server.DataDir, "--netns", db, "--subnet-id", subnetId, "--security-group-ids", dbGroup]);
            attach.ExitCode.ShouldBe(0, attach.StdErr);
            var parts = attach.StdOut.Trim().Split('\t');
            dbEni = parts[0];
            using var listener = VpcHostChecks.Listen(db, parts[1], 5432);

            var role = await fixture.Aws("iam", "create-role", "--role-name", RegistryServerFixture.Unique("sagemaker-role"), "--assume-role-policy-document", TrustPolicy);
            role.ExitCode.ShouldBe(0, role.StdErr);
            var roleArn = RegistryServerFixture.Json(role.StdOut).GetProperty("Role").GetProperty("Arn").GetString()!;
            await Ok(
                "sagemaker", "create-model", "--model-name", name,
                "--primary-container", $"Image={fixture.Image},Environment={{HOST_ADDR={parts[1]},HOST_PORT=5432}}",
                "--execution-role-arn", roleArn,
                "--vpc-config", $"Subnets={subnetId},SecurityGroupIds={modelGroup}");
            (await Ok("sagemaker", "describe-model", "--model-name", name)).GetProperty("VpcConfig").GetProperty("SecurityGroupIds")[0].GetString().ShouldBe(modelGroup);
            await Ok("sagemaker", "create-endpoint-config", "--endpoint-config-name", name, "--production-variants", $"VariantName=AllTraffic,ModelName={name},InitialInstanceCount=1,InstanceType=ml.m5.large");
            await Ok("sagemaker", "create-endpoint", "--endpoint-name", name, "--endpoint-config-name", name);
            (await steps.WaitSettledAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");

            var eni = (await Ok("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").EnumerateArray().ShouldHaveSingleItem();
            eni.GetProperty("Description").GetString()!.ShouldContain("SageMaker for endpoint " + name);
            eni.GetProperty("Groups")[0].GetProperty("GroupId").GetString().ShouldBe(modelGroup);
            (await steps.InvokeAsync(name, "probe")).Answer.ShouldBe("interfaces=lo,eth0, host=reached");

            await Ok("ec2", "revoke-security-group-ingress", "--group-id", dbGroup, "--ip-permissions", rule);
            (await steps.InvokeAsync(name, "probe")).Answer.ShouldBe("interfaces=lo,eth0, host=unreachable");

            await Ok("sagemaker", "delete-endpoint", "--endpoint-name", name);
            (await fixture.Aws("sagemaker", "wait", "endpoint-deleted", "--endpoint-name", name)).ExitCode.ShouldBe(0);
            (await Ok("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").GetArrayLength().ShouldBe(0);
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
            (await VpcHostChecks.LinksInAsync($"skv{tag}-{vpcId}")).Count.ShouldBe(2, "the bridge and the listener's port");
            (await new RuncClient().ListAsync(steps.Prefix, CancellationToken.None)).ShouldBeEmpty();
        }
        finally
        {
            await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name);
            if (dbEni is not null)
            {
                await ServerProcess.RunCliAsync(["admin", "detach-namespace", "--data-dir", fixture.Server.DataDir, "--network-interface-id", dbEni]);
            }

            if (dbGroup is not null)
            {
                await fixture.Aws("ec2", "revoke-security-group-ingress", "--group-id", dbGroup, "--ip-permissions", $"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={modelGroup}}}]");
            }

            for (var attempt = 0; attempt < 50 && (await fixture.Aws("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).StdOut.Contains("eni-", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(200);
            }

            foreach (var group in new[] { dbGroup, modelGroup }.OfType<string>())
            {
                await fixture.Aws("ec2", "delete-security-group", "--group-id", group);
            }

            if (subnetId is not null)
            {
                await fixture.Aws("ec2", "delete-subnet", "--subnet-id", subnetId);
            }

            if (vpcId is not null)
            {
                await fixture.Aws("ec2", "delete-vpc", "--vpc-id", vpcId);
            }

            await VpcHostChecks.DeleteNamespaceAsync(db);
        }

        (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).ShouldBeEmpty();
    }

    private async Task<JsonElement> Ok(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await fixture.Aws(arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : RegistryServerFixture.Json(stdout);
    }
}
