using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.Endpoints;

/// <summary><c>ec2:DescribeVpcEndpoints</c> by VpcEndpointIds and filters (vpc-id, vpc-endpoint-id, service-name, vpc-endpoint-type, vpc-endpoint-state, tags).</summary>
internal sealed class DescribeVpcEndpoints(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override async Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var state = await Ec2.Store.ReadAsync(ct).ConfigureAwait(false);
        var (documents, error) = Select(state, "vpce", List(context, "VpcEndpointIds"));
        error ??= Ec2Filters.Apply(context.Input["Filters"], documents, Field);
        if (error is not null)
        {
            return error;
        }

        var (page, next, pageError) = Page(context, documents);
        return pageError is not null ? pageError : Ec2Outcome.Ok(Listing("VpcEndpoints", page, next));
    }

    private static IEnumerable<string?>? Field(JsonObject endpoint, string name) => name switch
    {
        "vpc-id" => [Ec2Doc.Text(endpoint, "VpcId")],
        "vpc-endpoint-id" => [Ec2Doc.Text(endpoint, "VpcEndpointId")],
        "service-name" => [Ec2Doc.Text(endpoint, "ServiceName")],
        "vpc-endpoint-type" => [Ec2Doc.Text(endpoint, "VpcEndpointType")],
        "vpc-endpoint-state" => [Ec2Doc.Text(endpoint, "State")],
        "ip-address-type" => [Ec2Doc.Text(endpoint, "IpAddressType")],
        _ => null,
    };
}
