using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.Subnets;

/// <summary><c>ec2:DescribeSubnets</c> by SubnetIds and filters (vpc-id, subnet-id, cidr-block, availability-zone, state, tags…).</summary>
internal sealed class DescribeSubnets(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override async Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var state = await Ec2.Store.ReadAsync(ct).ConfigureAwait(false);
        var (documents, error) = Select(state, "subnet", List(context, "SubnetIds"));
        error ??= Ec2Filters.Apply(context.Input["Filters"], documents, Field);
        if (error is not null)
        {
            return error;
        }

        var (page, next, pageError) = Page(context, documents);
        if (pageError is not null)
        {
            return pageError;
        }

        var output = new JsonObject { ["Subnets"] = new JsonArray([.. page.Select(s => (JsonNode)SubnetOutput.Of(state, s))]) };
        if (next is not null)
        {
            output["NextToken"] = next;
        }

        return Ec2Outcome.Ok(output);
    }

    private static IEnumerable<string?>? Field(JsonObject subnet, string name) => name switch
    {
        "vpc-id" => [Ec2Doc.Text(subnet, "VpcId")],
        "subnet-id" => [Ec2Doc.Text(subnet, "SubnetId")],
        "subnet-arn" => [Ec2Doc.Text(subnet, "SubnetArn")],
        "cidr" or "cidr-block" or "cidrBlock" => [Ec2Doc.Text(subnet, "CidrBlock")],
        "availability-zone" or "availabilityZone" => [Ec2Doc.Text(subnet, "AvailabilityZone")],
        "availability-zone-id" or "availabilityZoneId" => [Ec2Doc.Text(subnet, "AvailabilityZoneId")],
        "state" => [Ec2Doc.Text(subnet, "State")],
        "owner-id" => [Ec2Doc.Text(subnet, "OwnerId")],
        "default-for-az" or "defaultForAz" => ["false"],
        _ => null,
    };
}
