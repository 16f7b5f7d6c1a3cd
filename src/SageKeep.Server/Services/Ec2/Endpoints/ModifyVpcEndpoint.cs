using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;

namespace SageKeep.Server.Services.Ec2.Endpoints;

/// <summary>
/// <c>ec2:ModifyVpcEndpoint</c>: the policy (PolicyDocument, or ResetPolicy to full access), subnets and groups
/// of an Interface endpoint (its interfaces follow), route tables of a Gateway endpoint, PrivateDnsEnabled.
/// </summary>
internal sealed class ModifyVpcEndpoint(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override IReadOnlyList<string> Resources(OperationContext context) => [ArnOf("vpc-endpoint", Text(context, "VpcEndpointId"))];

    protected override Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var policy = Text(context, "PolicyDocument");
        if (EndpointServices.CheckPolicy(policy) is { } policyError)
        {
            return Task.FromResult<Ec2Outcome>(policyError);
        }

        return Ec2.Store.ChangeAsync(
            state =>
            {
                var (endpoint, error) = Lookup(state, Text(context, "VpcEndpointId"), "vpce", "VpcEndpointId");
                if (error is not null)
                {
                    return error;
                }

                var id = Ec2Doc.Text(endpoint, "VpcEndpointId")!;
                var vpcId = Ec2Doc.Text(endpoint, "VpcId")!;
                var gateway = Ec2Doc.Text(endpoint, "VpcEndpointType") == "Gateway";
                if (Ec2Doc.Bool(context.Input, "ResetPolicy"))
                {
                    endpoint!["PolicyDocument"] = EndpointServices.FullAccessPolicy;
                }
                else if (policy is not null)
                {
                    endpoint!["PolicyDocument"] = policy;
                }

                var subnetChange = List(context, "AddSubnetIds").Count + List(context, "RemoveSubnetIds").Count + List(context, "AddSecurityGroupIds").Count + List(context, "RemoveSecurityGroupIds").Count;
                if (gateway && subnetChange > 0)
                {
                    return AwsError.Sender("InvalidParameter", "Subnets and security groups are only for Interface endpoints.");
                }

                if (gateway)
                {
                    var tables = Ec2Doc.Strings(endpoint, "RouteTableIds").Concat(List(context, "AddRouteTableIds")).Except(List(context, "RemoveRouteTableIds")).Distinct(StringComparer.Ordinal).ToList();
                    if (tables.FirstOrDefault(t => !Ec2Ids.IsWellFormed(t, "rtb")) is { } bad)
                    {
                        return AwsError.Sender("InvalidRouteTableId.Malformed", $"Invalid id: \"{bad}\" (expecting \"rtb-...\")");
                    }

                    endpoint!["RouteTableIds"] = Ec2Doc.Array(tables);
                }
                else
                {
                    var subnetIds = Ec2Doc.Strings(endpoint, "SubnetIds").Concat(List(context, "AddSubnetIds")).Except(List(context, "RemoveSubnetIds")).Distinct(StringComparer.Ordinal).ToList();
                    var groupIds = NetworkInterfaceDocumentsGroups(endpoint!).Concat(List(context, "AddSecurityGroupIds")).Except(List(context, "RemoveSecurityGroupIds")).Distinct(StringComparer.Ordinal).ToList();
                    var (subnets, subnetError) = EndpointServices.Subnets(state, vpcId, subnetIds);
                    var (groups, groupError) = groupIds.Count == 0
                        ? ([], AwsError.Sender("InvalidParameter", "An Interface endpoint needs at least one security group."))
                        : NetworkInterfaceDocuments.Groups(state, vpcId, groupIds);
                    if ((subnetError ?? groupError) is { } invalid)
                    {
                        return invalid;
                    }

                    endpoint!["SubnetIds"] = Ec2Doc.Array(subnets.Select(s => Ec2Doc.Text(s, "SubnetId")!));
                    endpoint["Groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["GroupId"] = Ec2Doc.Text(g, "GroupId"), ["GroupName"] = Ec2Doc.Text(g, "GroupName") })]);
                    if (context.Input["PrivateDnsEnabled"] is JsonValue v && v.TryGetValue(out bool dns))
                    {
                        endpoint["PrivateDnsEnabled"] = dns;
                    }

                    if (EndpointServices.SyncInterfaces(Ec2, state, endpoint) is { } eniError)
                    {
                        return eniError;
                    }
                }

                state.Put(id, endpoint!);
                return Ec2Outcome.Ok(new JsonObject { ["Return"] = true }, vpcId);
            },
            ct);
    }

    private static List<string> NetworkInterfaceDocumentsGroups(JsonObject endpoint) =>
        [.. (endpoint["Groups"] as JsonArray ?? []).OfType<JsonObject>().Select(g => Ec2Doc.Text(g, "GroupId")).OfType<string>()];
}
