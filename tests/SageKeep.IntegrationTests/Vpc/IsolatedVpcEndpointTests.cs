using System.Text.Json;
using System.Text.Json.Nodes;
using SageKeep.IntegrationTests.Inference;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;
using SageKeep.Server.Services.Ec2.Network;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>
/// A model with EnableNetworkIsolation and VpcConfig: its serving container has only <c>lo</c>, and its model data
/// is read through the VPC's S3 gateway endpoint as the model's execution role, from an agent ENI that is gone once
/// the data is read. A bucket policy that refuses reads not coming through the gateway proves the path; without a
/// gateway endpoint, or with a gateway policy denying the read, the endpoint fails with the reason.
/// </summary>
public sealed class IsolatedVpcEndpointTests(InferenceServerFixture fixture) : IClassFixture<InferenceServerFixture>
{
    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [RuncFact]
    public async Task IsolatedModelInVpc_ReadsItsModelDataThroughTheGateway_AsTheRole_FailsWithoutIt_NothingLeft()
    {
        var steps = new EndpointSteps(fixture);
        var tag = VpcNetwork.TagOf(fixture.Server.DataDir);
        var name = RegistryServerFixture.Unique("iso-vpc-ep");
        string? vpcId = null, subnetId = null, group = null, vpceId = null, bucket = null;
        try
        {
            vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.98.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
            subnetId = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.98.1.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
            group = (await Ok("ec2", "create-security-group", "--group-name", "model", "--description", "model", "--vpc-id", vpcId)).GetProperty("GroupId").GetString()!;
            var modelData = await steps.PutModelDataAsync("through-gateway");
            bucket = modelData["s3://".Length..].Split('/')[0];
            var roleName = RegistryServerFixture.Unique("iso-model-role");
            var roleArn = (await Ok("iam", "create-role", "--role-name", roleName, "--assume-role-policy-document", TrustPolicy)).GetProperty("Role").GetProperty("Arn").GetString()!;
            await Ok("iam", "put-role-policy", "--role-name", roleName, "--policy-name", "bucket", "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"arn:aws:s3:::" + bucket + "/*\"]}]}");

            // No gateway endpoint in the VPC yet: the endpoint fails, and no agent interface is left.
            await CreateModelAndEndpointAsync(name + "-none", modelData, roleArn, subnetId, group);
            var none = await steps.WaitSettledAsync(name + "-none");
            none.GetProperty("EndpointStatus").GetString().ShouldBe("Failed");
            none.GetProperty("FailureReason").GetString()!.ShouldContain($"there is no S3 gateway endpoint in {vpcId}");
            (await RequesterManagedInterfacesAsync()).ShouldBe(0);

            vpceId = (await Ok("ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.s3", "--route-table-ids", "rtb-0123456789abcdef0")).GetProperty("VpcEndpoint").GetProperty("VpcEndpointId").GetString()!;
            var onlyThroughGateway = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/*\","
                + "\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"" + vpceId + "\"}}}]}";
            await Ok("s3api", "put-bucket-policy", "--bucket", bucket, "--policy", onlyThroughGateway);

            // The gateway's policy denies the read: the endpoint fails with S3's answer.
            var denyGet = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
            await Ok("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", vpceId, "--policy-document", denyGet);
            await CreateModelAndEndpointAsync(name + "-denied", modelData, roleArn, subnetId, group);
            var denied = await steps.WaitSettledAsync(name + "-denied");
            denied.GetProperty("EndpointStatus").GetString().ShouldBe("Failed");
            denied.GetProperty("FailureReason").GetString()!.ShouldContain($"through the S3 gateway endpoint {vpceId} of {vpcId}: AccessDenied");
            (await RequesterManagedInterfacesAsync()).ShouldBe(0);
            await Ok("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", vpceId, "--reset-policy");

            // Through the gateway: in service with the model's answer, only lo in the container, no agent ENI left.
            await CreateModelAndEndpointAsync(name, modelData, roleArn, subnetId, group);
            (await steps.WaitSettledAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService", (await Ok("sagemaker", "describe-endpoint", "--endpoint-name", name)).ToString());
            (await steps.InvokeAsync(name, "hello")).Answer.ShouldBe("through-gateway:hello");
            (await steps.InvokeAsync(name, "probe")).Answer.ShouldStartWith("interfaces=lo, ");
            (await RequesterManagedInterfacesAsync()).ShouldBe(0);
            var hostRead = await fixture.Aws("s3api", "get-object", "--bucket", bucket, "--key", "model/model.tar.gz", Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("host-read")));
            hostRead.StdErr.ShouldContain("AccessDenied");

            var session = $"arn:aws:sts::{RegistryServerFixture.AccountId}:assumed-role/{roleName}/SageMaker";
            var reads = await AuditQuery.WaitForAsync(fixture.DataDir, 1, ["--principal", session, "--limit", "100"], r => Allowed(r) && (string?)r["eventName"] == "GetObject");
            reads.ShouldNotBeEmpty();
            reads.ShouldAllBe(r => (string?)r["vpcEndpointId"] == vpceId && r["resources"]!.ToJsonString().Contains($"arn:aws:s3:::{bucket}/model/model.tar.gz", StringComparison.Ordinal));

            await Ok("sagemaker", "delete-endpoint", "--endpoint-name", name);
            await steps.WaitGoneAsync(name);
            (await new RuncClient().ListAsync(steps.Prefix, CancellationToken.None)).ShouldBeEmpty();
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")).ShouldBeEmpty();
        }
        finally
        {
            foreach (var endpoint in new[] { name, name + "-none", name + "-denied" })
            {
                await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", endpoint);
            }

            if (bucket is not null)
            {
                await fixture.Aws("s3api", "delete-bucket-policy", "--bucket", bucket);
            }

            for (var attempt = 0; attempt < 50 && await RequesterManagedInterfacesAsync() > 0; attempt++)
            {
                await Task.Delay(200);
            }

            if (vpceId is not null)
            {
                await fixture.Aws("ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", vpceId);
            }

            if (group is not null)
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
        }

        (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).ShouldBeEmpty();
    }

    private static bool Allowed(JsonObject record) => (string?)record["decision"] == "Allowed";

    private async Task CreateModelAndEndpointAsync(string name, string modelData, string roleArn, string subnetId, string group)
    {
        await Ok(
            "sagemaker", "create-model", "--model-name", name,
            "--primary-container", $"Image={fixture.Image},ModelDataUrl={modelData}",
            "--execution-role-arn", roleArn,
            "--enable-network-isolation",
            "--vpc-config", $"Subnets={subnetId},SecurityGroupIds={group}");
        await Ok("sagemaker", "create-endpoint-config", "--endpoint-config-name", name, "--production-variants", $"VariantName=AllTraffic,ModelName={name},InitialInstanceCount=1,InstanceType=ml.m5.large");
        await Ok("sagemaker", "create-endpoint", "--endpoint-name", name, "--endpoint-config-name", name);
    }

    private async Task<int> RequesterManagedInterfacesAsync() =>
        (await Ok("ec2", "describe-network-interfaces", "--filters", "Name=requester-managed,Values=true")).GetProperty("NetworkInterfaces").GetArrayLength();

    private async Task<JsonElement> Ok(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await fixture.Aws(arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : RegistryServerFixture.Json(stdout);
    }
}
