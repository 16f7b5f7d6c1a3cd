using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.Subnets;

/// <summary><c>ec2:CreateSubnet</c>: a /16 to /28 block inside the VPC's, not overlapping another subnet, in one of the region's zones.</summary>
internal sealed class CreateSubnet(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override IReadOnlyList<string> Resources(OperationContext context) => [ArnOf("subnet", null), ArnOf("vpc", Text(context, "VpcId"))];

    protected override Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var region = Ec2.Account.Region;
        var cidrText = Text(context, "CidrBlock");
        var zone = Text(context, "AvailabilityZone");
        if (Text(context, "AvailabilityZoneId") is { } zoneId)
        {
            zone ??= Zones.FromId(region, zoneId);
            if (zone is null || Zones.IdOf(region, zone) != zoneId)
            {
                return Task.FromResult<Ec2Outcome>(Ec2Errors.Invalid($"Value ({zoneId}) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zone ids: {string.Join(", ", Zones.All(region).Select(z => Zones.IdOf(region, z)))}."));
            }
        }

        zone ??= region + "a";
        if (!Zones.IsValid(region, zone))
        {
            return Task.FromResult<Ec2Outcome>(Ec2Errors.Invalid($"Value ({zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {string.Join(", ", Zones.All(region))}."));
        }

        if (cidrText is null)
        {
            return Task.FromResult<Ec2Outcome>(Ec2Errors.Missing("cidrBlock"));
        }

        if (!Cidr.TryParse(cidrText, out var cidr))
        {
            return Task.FromResult<Ec2Outcome>(Ec2Errors.Invalid($"Value ({cidrText}) for parameter cidrBlock is invalid. This is not a valid CIDR block."));
        }

        var (tags, tagError) = Ec2Tags.From(context.Input, "subnet");
        if (tagError is not null)
        {
            return Task.FromResult<Ec2Outcome>(tagError);
        }

        return Ec2.Store.ChangeAsync(
            state =>
            {
                var vpcId = Text(context, "VpcId");
                var (vpc, error) = Lookup(state, vpcId, "vpc", "VpcId");
                if (error is not null)
                {
                    return error;
                }

                var vpcCidr = Cidr.Of(Ec2Doc.Text(vpc, "CidrBlock"));
                if (cidr.PrefixLength is < 16 or > 28 || !Cidr.Inside(cidr, vpcCidr))
                {
                    return AwsError.Sender("InvalidSubnet.Range", $"The CIDR '{cidrText}' is invalid.");
                }

                foreach (var other in state.InVpc("subnet", vpcId!))
                {
                    if (Cidr.TryParse(Ec2Doc.Text(other, "CidrBlock"), out var taken) && Cidr.Overlaps(taken, cidr))
                    {
                        return AwsError.Sender("InvalidSubnet.Conflict", $"The CIDR '{cidrText}' conflicts with another subnet");
                    }
                }

                var id = Ec2Ids.New("subnet");
                var subnet = new JsonObject
                {
                    ["SubnetId"] = id,
                    ["SubnetArn"] = Ec2.Arn("subnet", id),
                    ["VpcId"] = vpcId,
                    ["OwnerId"] = Ec2.Account.AccountId,
                    ["State"] = "available",
                    ["CidrBlock"] = cidr.ToString(),
                    ["AvailabilityZone"] = zone,
                    ["AvailabilityZoneId"] = Zones.IdOf(region, zone),
                    ["DefaultForAz"] = false,
                    ["MapPublicIpOnLaunch"] = false,
                    ["AssignIpv6AddressOnCreation"] = false,
                    ["Ipv6CidrBlockAssociationSet"] = new JsonArray(),
                    ["Tags"] = tags,
                };
                state.Put(id, subnet);
                return Ec2Outcome.Ok(new JsonObject { ["Subnet"] = SubnetOutput.Of(state, subnet) });
            },
            ct);
    }
}
