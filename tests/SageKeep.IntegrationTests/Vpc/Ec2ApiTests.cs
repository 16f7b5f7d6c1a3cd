using System.Text.Json;
using SageKeep.IntegrationTests.Aws;
using SageKeep.Server.Services.Ec2.Network;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>
/// The EC2 networking API through the unmodified aws CLI against the signed server: ids in EC2's forms, EC2's
/// error codes, filters, DependencyViolation, the default security group and egress rule, rule duplicates,
/// interface and gateway endpoints, and no namespace of a deleted VPC left on the host.
/// </summary>
public sealed class Ec2ApiTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    private async Task<JsonElement> Ok(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await fixture.Aws(arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private async Task<string> Fails(params string[] arguments)
    {
        var (exitCode, _, stderr) = await fixture.Aws(arguments);
        exitCode.ShouldNotBe(0, $"aws {string.Join(' ', arguments)} should fail");
        return stderr;
    }

    [Fact]
    public async Task Vpc_Subnet_SecurityGroup_Lifecycle_AnswersAsEc2()
    {
        try
        {
            await LifecycleAsync();
        }
        finally
        {
            await RemoveLeftNamespacesAsync();
        }
    }

    [Fact]
    public async Task Describe_PagesWithMaxResultsAndNextToken_EachItemOnce()
    {
        var vpcId = (await Ok("ec2", "create-vpc", "--cidr-block", "10.81.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
        var created = new List<string>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                created.Add((await Ok("ec2", "create-security-group", "--vpc-id", vpcId, "--group-name", $"page-{i}", "--description", "paging")).GetProperty("GroupId").GetString()!);
            }

            // Six groups and the VPC's default one, in pages of five by hand: a NextToken after the first page only.
            string[] describe = ["ec2", "describe-security-groups", "--filters", $"Name=vpc-id,Values={vpcId}", "--max-results", "5", "--no-paginate"];
            var first = await Ok(describe);
            first.GetProperty("SecurityGroups").GetArrayLength().ShouldBe(5);
            var token = first.GetProperty("NextToken").GetString()!;
            var second = await Ok([.. describe, "--next-token", token]);
            second.GetProperty("SecurityGroups").GetArrayLength().ShouldBe(2);
            second.TryGetProperty("NextToken", out _).ShouldBeFalse();
            var paged = first.GetProperty("SecurityGroups").EnumerateArray().Concat(second.GetProperty("SecurityGroups").EnumerateArray())
                .Select(g => g.GetProperty("GroupId").GetString()!).ToList();
            paged.Distinct().Count().ShouldBe(7);
            created.ShouldBeSubsetOf(paged);
            paged.Except(created).Single().ShouldStartWith("sg-");

            // The CLI's own paging gathers the same groups.
            var all = await Ok("ec2", "describe-security-groups", "--filters", $"Name=vpc-id,Values={vpcId}", "--page-size", "5");
            all.GetProperty("SecurityGroups").EnumerateArray().Select(g => g.GetProperty("GroupId").GetString()!).ShouldBe(paged, ignoreOrder: true);

            (await Fails([.. describe, "--next-token", "not-a-token"])).ShouldContain("InvalidParameterValue");
        }
        finally
        {
            foreach (var groupId in created)
            {
                await fixture.Aws("ec2", "delete-security-group", "--group-id", groupId);
            }

            await fixture.Aws("ec2", "delete-vpc", "--vpc-id", vpcId);
            await RemoveLeftNamespacesAsync();
        }
    }

    /// <summary>Whatever a failed run left: this installation's VPC and interface namespaces, by their names.</summary>
    private async Task RemoveLeftNamespacesAsync()
    {
        if (VpcHostChecks.IsRoot)
        {
            var tag = VpcNetwork.TagOf(fixture.Server.DataDir);
            foreach (var name in (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-")).Concat(await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-")))
            {
                await VpcHostChecks.DeleteNamespaceAsync(name);
            }
        }
    }

    private async Task LifecycleAsync()
    {
        var vpc = (await Ok("ec2", "create-vpc", "--cidr-block", "10.77.0.0/16", "--tag-specifications", "ResourceType=vpc,Tags=[{Key=Name,Value=apitest}]")).GetProperty("Vpc");
        var vpcId = vpc.GetProperty("VpcId").GetString()!;
        vpcId.ShouldMatch("^vpc-[0-9a-f]{17}$");
        vpc.GetProperty("CidrBlock").GetString().ShouldBe("10.77.0.0/16");
        vpc.GetProperty("State").GetString().ShouldBe("available");
        vpc.GetProperty("OwnerId").GetString().ShouldBe(SignedServerFixture.AccountId);

        (await Fails("ec2", "create-vpc", "--cidr-block", "10.0.0.0/8")).ShouldContain("InvalidVpc.Range");
        (await Fails("ec2", "create-vpc", "--cidr-block", "10.77.0.1/16")).ShouldContain("InvalidParameterValue");
        (await Fails("ec2", "describe-vpcs", "--vpc-ids", "vpc-0123456789abcdef0")).ShouldContain("InvalidVpcID.NotFound");
        (await Fails("ec2", "describe-vpcs", "--vpc-ids", "vpc-nothex")).ShouldContain("InvalidVpcID.Malformed");
        (await Fails("ec2", "describe-vpcs", "--filters", "Name=no-such-filter,Values=x")).ShouldContain("InvalidParameterValue");
        (await Fails("ec2", "create-vpc", "--cidr-block", "10.79.0.0/16", "--dry-run")).ShouldContain("DryRunOperation");

        var byTag = await Ok("ec2", "describe-vpcs", "--filters", "Name=tag:Name,Values=apitest", $"Name=vpc-id,Values={vpcId}");
        byTag.GetProperty("Vpcs").GetArrayLength().ShouldBe(1);
        var byCidr = await Ok("ec2", "describe-vpcs", "--filters", "Name=cidr,Values=10.77.*");
        byCidr.GetProperty("Vpcs").EnumerateArray().Select(v => v.GetProperty("VpcId").GetString()).ShouldContain(vpcId);

        var subnet = (await Ok("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.77.1.0/24", "--availability-zone", "us-east-1b")).GetProperty("Subnet");
        var subnetId = subnet.GetProperty("SubnetId").GetString()!;
        subnetId.ShouldMatch("^subnet-[0-9a-f]{17}$");
        subnet.GetProperty("AvailabilityZone").GetString().ShouldBe("us-east-1b");
        subnet.GetProperty("AvailableIpAddressCount").GetInt32().ShouldBe(251);
        subnet.GetProperty("SubnetArn").GetString().ShouldBe($"arn:aws:ec2:us-east-1:{SignedServerFixture.AccountId}:subnet/{subnetId}");
        (await Fails("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.78.0.0/24")).ShouldContain("InvalidSubnet.Range");
        (await Fails("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.77.1.128/25")).ShouldContain("InvalidSubnet.Conflict");
        (await Fails("ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.77.2.0/24", "--availability-zone", "eu-west-1a")).ShouldContain("InvalidParameterValue");
        (await Fails("ec2", "create-subnet", "--vpc-id", "vpc-0123456789abcdef0", "--cidr-block", "10.77.2.0/24")).ShouldContain("InvalidVpcID.NotFound");
        var subnets = await Ok("ec2", "describe-subnets", "--filters", $"Name=vpc-id,Values={vpcId}");
        subnets.GetProperty("Subnets").EnumerateArray().Select(s => s.GetProperty("SubnetId").GetString()).ShouldBe([subnetId]);

        var groups = await Ok("ec2", "describe-security-groups", "--filters", $"Name=vpc-id,Values={vpcId}");
        var defaultGroup = groups.GetProperty("SecurityGroups").EnumerateArray().Single();
        defaultGroup.GetProperty("GroupName").GetString().ShouldBe("default");
        var defaultId = defaultGroup.GetProperty("GroupId").GetString()!;
        defaultGroup.GetProperty("IpPermissions")[0].GetProperty("UserIdGroupPairs")[0].GetProperty("GroupId").GetString().ShouldBe(defaultId);
        (await Fails("ec2", "delete-security-group", "--group-id", defaultId)).ShouldContain("CannotDelete");

        var created = await Ok("ec2", "create-security-group", "--group-name", "db", "--description", "database", "--vpc-id", vpcId);
        var groupId = created.GetProperty("GroupId").GetString()!;
        groupId.ShouldMatch("^sg-[0-9a-f]{17}$");
        (await Fails("ec2", "create-security-group", "--group-name", "db", "--description", "again", "--vpc-id", vpcId)).ShouldContain("InvalidGroup.Duplicate");
        var group = (await Ok("ec2", "describe-security-groups", "--group-ids", groupId)).GetProperty("SecurityGroups")[0];
        var egress = group.GetProperty("IpPermissionsEgress")[0];
        egress.GetProperty("IpProtocol").GetString().ShouldBe("-1");
        egress.GetProperty("IpRanges")[0].GetProperty("CidrIp").GetString().ShouldBe("0.0.0.0/0");
        group.GetProperty("IpPermissions").GetArrayLength().ShouldBe(0);

        var authorized = await Ok("ec2", "authorize-security-group-ingress", "--group-id", groupId, "--protocol", "tcp", "--port", "5432", "--cidr", "10.77.0.0/16");
        authorized.GetProperty("Return").GetBoolean().ShouldBeTrue();
        authorized.GetProperty("SecurityGroupRules")[0].GetProperty("SecurityGroupRuleId").GetString()!.ShouldMatch("^sgr-[0-9a-f]{17}$");
        (await Fails("ec2", "authorize-security-group-ingress", "--group-id", groupId, "--protocol", "tcp", "--port", "5432", "--cidr", "10.77.0.0/16")).ShouldContain("InvalidPermission.Duplicate");
        await Ok("ec2", "authorize-security-group-ingress", "--group-id", groupId, "--ip-permissions",
            $"IpProtocol=udp,FromPort=1000,ToPort=2000,UserIdGroupPairs=[{{GroupId={groupId}}}]",
            "IpProtocol=icmp,FromPort=8,ToPort=-1,IpRanges=[{CidrIp=10.77.1.0/24,Description=ping}]");
        await Ok("ec2", "authorize-security-group-egress", "--group-id", groupId, "--ip-permissions", $"IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{{GroupId={defaultId}}}]");
        (await Fails("ec2", "authorize-security-group-ingress", "--group-id", groupId, "--protocol", "tcp", "--port", "70000", "--cidr", "10.0.0.0/8")).ShouldContain("InvalidParameterValue");
        (await Fails("ec2", "authorize-security-group-ingress", "--group-id", groupId, "--protocol", "tcp", "--port", "22", "--cidr", "10.0.0/8")).ShouldContain("InvalidParameterValue");
        (await Fails("ec2", "authorize-security-group-ingress", "--group-id", "sg-0123456789abcdef0", "--protocol", "tcp", "--port", "22", "--cidr", "10.0.0.0/8")).ShouldContain("InvalidGroup.NotFound");

        group = (await Ok("ec2", "describe-security-groups", "--group-ids", groupId)).GetProperty("SecurityGroups")[0];
        var ingress = group.GetProperty("IpPermissions").EnumerateArray().ToList();
        ingress.Count.ShouldBe(3);
        var udp = ingress.Single(p => p.GetProperty("IpProtocol").GetString() == "udp");
        (udp.GetProperty("FromPort").GetInt32(), udp.GetProperty("ToPort").GetInt32()).ShouldBe((1000, 2000));
        udp.GetProperty("UserIdGroupPairs")[0].GetProperty("GroupId").GetString().ShouldBe(groupId);
        ingress.Single(p => p.GetProperty("IpProtocol").GetString() == "icmp").GetProperty("IpRanges")[0].GetProperty("Description").GetString().ShouldBe("ping");
        group.GetProperty("IpPermissionsEgress").GetArrayLength().ShouldBe(2);

        await Ok("ec2", "revoke-security-group-ingress", "--group-id", groupId, "--protocol", "tcp", "--port", "5432", "--cidr", "10.77.0.0/16");
        (await Fails("ec2", "revoke-security-group-ingress", "--group-id", groupId, "--protocol", "tcp", "--port", "5432", "--cidr", "10.77.0.0/16")).ShouldContain("InvalidPermission.NotFound");
        await Ok("ec2", "revoke-security-group-egress", "--group-id", groupId, "--ip-permissions", "IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]");
        group = (await Ok("ec2", "describe-security-groups", "--group-ids", groupId)).GetProperty("SecurityGroups")[0];
        group.GetProperty("IpPermissions").GetArrayLength().ShouldBe(2);
        group.GetProperty("IpPermissionsEgress").GetArrayLength().ShouldBe(1);

        // The default group's egress rule refers to nothing; the db group's egress refers to default: default is in use.
        (await Fails("ec2", "delete-vpc", "--vpc-id", vpcId)).ShouldContain("DependencyViolation");
        (await Fails("ec2", "delete-security-group", "--group-id", defaultId)).ShouldContain("CannotDelete");

        var endpoint = (await Ok("ec2", "create-vpc-endpoint", "--vpc-endpoint-type", "Interface", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.sagemaker.api",
            "--subnet-ids", subnetId, "--security-group-ids", groupId)).GetProperty("VpcEndpoint");
        var endpointId = endpoint.GetProperty("VpcEndpointId").GetString()!;
        endpointId.ShouldMatch("^vpce-[0-9a-f]{17}$");
        endpoint.GetProperty("State").GetString().ShouldBe("available");
        endpoint.GetProperty("DnsEntries")[0].GetProperty("DnsName").GetString()!.ShouldEndWith(".api.sagemaker.us-east-1.vpce.amazonaws.com");
        endpoint.GetProperty("PolicyDocument").GetString()!.ShouldContain("\"Allow\"");
        var eniId = endpoint.GetProperty("NetworkInterfaceIds")[0].GetString()!;
        var enis = await Ok("ec2", "describe-network-interfaces", "--filters", $"Name=vpc-id,Values={vpcId}");
        var eni = enis.GetProperty("NetworkInterfaces").EnumerateArray().Single();
        eni.GetProperty("NetworkInterfaceId").GetString().ShouldBe(eniId);
        eni.GetProperty("InterfaceType").GetString().ShouldBe("vpc_endpoint");
        eni.GetProperty("PrivateIpAddress").GetString().ShouldBe("10.77.1.4");
        eni.GetProperty("Groups")[0].GetProperty("GroupId").GetString().ShouldBe(groupId);
        (await Ok("ec2", "describe-subnets", "--subnet-ids", subnetId)).GetProperty("Subnets")[0].GetProperty("AvailableIpAddressCount").GetInt32().ShouldBe(250);

        var gateway = (await Ok("ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.s3", "--route-table-ids", "rtb-0123456789abcdef0")).GetProperty("VpcEndpoint");
        gateway.GetProperty("VpcEndpointType").GetString().ShouldBe("Gateway");
        var gatewayId = gateway.GetProperty("VpcEndpointId").GetString()!;
        (await Fails("ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.nothing")).ShouldContain("InvalidServiceName");
        (await Fails("ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.sagemaker.api")).ShouldContain("InvalidParameter");
        (await Fails("ec2", "create-vpc-endpoint", "--vpc-endpoint-type", "Interface", "--vpc-id", vpcId, "--service-name", "com.amazonaws.us-east-1.sagemaker.runtime", "--subnet-ids", subnetId,
            "--policy-document", "{\"Statement\":\"nope\"}")).ShouldContain("InvalidParameterValue");

        const string OnlyList = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sagemaker:ListTrainingJobs","Resource":"*"}]}""";
        await Ok("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", endpointId, "--policy-document", OnlyList);
        var described = (await Ok("ec2", "describe-vpc-endpoints", "--filters", "Name=service-name,Values=com.amazonaws.us-east-1.sagemaker.api", $"Name=vpc-id,Values={vpcId}")).GetProperty("VpcEndpoints");
        described.GetArrayLength().ShouldBe(1);
        described[0].GetProperty("PolicyDocument").GetString()!.ShouldContain("sagemaker:ListTrainingJobs");

        (await Fails("ec2", "delete-security-group", "--group-id", groupId)).ShouldContain("DependencyViolation");
        (await Fails("ec2", "delete-subnet", "--subnet-id", subnetId)).ShouldContain("DependencyViolation");

        var deleted = await Ok("ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", endpointId, gatewayId, "vpce-0123456789abcdef0");
        var unsuccessful = deleted.GetProperty("Unsuccessful").EnumerateArray().Single();
        unsuccessful.GetProperty("ResourceId").GetString().ShouldBe("vpce-0123456789abcdef0");
        unsuccessful.GetProperty("Error").GetProperty("Code").GetString().ShouldBe("InvalidVpcEndpointId.NotFound");
        (await Ok("ec2", "describe-network-interfaces", "--filters", $"Name=vpc-id,Values={vpcId}")).GetProperty("NetworkInterfaces").GetArrayLength().ShouldBe(0);

        await Ok("ec2", "revoke-security-group-egress", "--group-id", groupId, "--ip-permissions", $"IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{{GroupId={defaultId}}}]");
        await Ok("ec2", "delete-security-group", "--group-id", groupId);
        await Ok("ec2", "delete-subnet", "--subnet-id", subnetId);
        await Ok("ec2", "delete-vpc", "--vpc-id", vpcId);
        (await Fails("ec2", "describe-vpcs", "--vpc-ids", vpcId)).ShouldContain("InvalidVpcID.NotFound");

        if (VpcHostChecks.IsRoot)
        {
            var tag = VpcNetwork.TagOf(fixture.Server.DataDir);
            (await VpcHostChecks.NamespacesWithPrefixAsync($"skv{tag}-{vpcId}")).ShouldBeEmpty();
            (await VpcHostChecks.NamespacesWithPrefixAsync($"ske{tag}-{eniId}")).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Ec2Actions_AreAuthorisedAsEc2Actions()
    {
        var iam = new Iam.IamCli(fixture);
        var user = Iam.IamCli.Unique("ec2user");
        var key = await iam.CreateUserWithKeyAsync(user);
        await iam.PutUserPolicyAsync(user, "describe-only", Iam.IamCli.Allow("ec2:DescribeVpcs"));

        var listed = await iam.AsAsync(key, "ec2", "describe-vpcs");
        listed.ExitCode.ShouldBe(0, listed.StdErr);
        var refused = await iam.AsAsync(key, "ec2", "create-vpc", "--cidr-block", "10.80.0.0/16");
        refused.ExitCode.ShouldNotBe(0);
        refused.StdErr.ShouldContain("UnauthorizedOperation");
        refused.StdErr.ShouldContain("Encoded authorization failure message");
    }
}
