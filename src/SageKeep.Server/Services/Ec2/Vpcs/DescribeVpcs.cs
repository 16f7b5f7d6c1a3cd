using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.Vpcs;

/// <summary><c>ec2:DescribeVpcs</c> by VpcIds and filters (vpc-id, cidr, cidr-block, cidr-block-association.cidr-block, state, is-default, owner-id, tags).</summary>
internal sealed class DescribeVpcs(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override async Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var state = await Ec2.Store.ReadAsync(ct).ConfigureAwait(false);
        var (documents, error) = Select(state, "vpc", List(context, "VpcIds"));
        error ??= Ec2Filters.Apply(context.Input["Filters"], documents, Field);
        if (error is not null)
        {
            return error;
        }

        var (page, next, pageError) = Page(context, documents);
        return pageError is not null ? pageError : Ec2Outcome.Ok(Listing("Vpcs", page, next));
    }

    private static IEnumerable<string?>? Field(JsonObject vpc, string name) => name switch
    {
        "vpc-id" => [Ec2Doc.Text(vpc, "VpcId")],
        "cidr" or "cidr-block" or "cidr-block-association.cidr-block" => [Ec2Doc.Text(vpc, "CidrBlock")],
        "state" => [Ec2Doc.Text(vpc, "State")],
        "is-default" => ["false"],
        "owner-id" => [Ec2Doc.Text(vpc, "OwnerId")],
        "dhcp-options-id" => [Ec2Doc.Text(vpc, "DhcpOptionsId")],
        _ => null,
    };
}
