using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Ec2.SecurityGroups;

namespace SageKeep.Server.Services.Ec2.Vpcs;

/// <summary><c>ec2:CreateVpc</c>: an IPv4 block of /16 to /28 and, as in EC2, the VPC's <c>default</c> security group.</summary>
internal sealed class CreateVpc(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override IReadOnlyList<string> Resources(OperationContext context) => [ArnOf("vpc", null)];

    protected override Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var cidrText = Text(context, "CidrBlock");
        if (cidrText is null)
        {
            return Task.FromResult<Ec2Outcome>(Ec2Errors.Missing("cidrBlock"));
        }

        if (!Cidr.TryParse(cidrText, out var cidr))
        {
            return Task.FromResult<Ec2Outcome>(Ec2Errors.Invalid($"Value ({cidrText}) for parameter cidrBlock is invalid. This is not a valid CIDR block."));
        }

        if (cidr.PrefixLength is < 16 or > 28)
        {
            return Task.FromResult<Ec2Outcome>(Core.Errors.AwsError.Sender("InvalidVpc.Range", $"The CIDR '{cidrText}' is invalid."));
        }

        var tenancy = Text(context, "InstanceTenancy") ?? "default";
        if (tenancy != "default")
        {
            return Task.FromResult<Ec2Outcome>(Ec2Errors.Invalid($"Value ({tenancy}) for parameter instanceTenancy is invalid. Only 'default' is supported by this server."));
        }

        var (tags, tagError) = Ec2Tags.From(context.Input, "vpc");
        if (tagError is not null)
        {
            return Task.FromResult<Ec2Outcome>(tagError);
        }

        var id = Ec2Ids.New("vpc");
        var vpc = new JsonObject
        {
            ["VpcId"] = id,
            ["OwnerId"] = Ec2.Account.AccountId,
            ["State"] = "available",
            ["CidrBlock"] = cidr.ToString(),
            ["DhcpOptionsId"] = "default",
            ["InstanceTenancy"] = tenancy,
            ["IsDefault"] = false,
            ["CidrBlockAssociationSet"] = new JsonArray(new JsonObject
            {
                ["AssociationId"] = Ec2Ids.New("vpc-cidr-assoc"),
                ["CidrBlock"] = cidr.ToString(),
                ["CidrBlockState"] = new JsonObject { ["State"] = "associated" },
            }),
            ["Ipv6CidrBlockAssociationSet"] = new JsonArray(),
            ["Tags"] = tags,
        };
        return Ec2.Store.ChangeAsync(
            state =>
            {
                state.Put(id, vpc);
                var group = SecurityGroupDocuments.Create(Ec2, id, "default", "default VPC security group", []);
                SecurityGroupRules.Add(group, [SecurityGroupRules.SameGroup(Ec2Doc.Text(group, "GroupId")!, egress: false)]);
                state.Put(Ec2Doc.Text(group, "GroupId")!, group);
                return Ec2Outcome.Ok(new JsonObject { ["Vpc"] = Ec2Doc.Public(vpc) }, id);
            },
            ct);
    }
}
