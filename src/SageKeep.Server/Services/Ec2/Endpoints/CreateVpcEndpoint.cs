using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;

namespace SageKeep.Server.Services.Ec2.Endpoints;

/// <summary>
/// <c>ec2:CreateVpcEndpoint</c>: Interface endpoints for the SageMaker API and runtime (an interface in each
/// subnet with the given groups, or the VPC's default group), Gateway endpoints for S3 (route tables); the
/// policy is checked as an IAM resource policy and defaults to full access.
/// </summary>
internal sealed class CreateVpcEndpoint(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override IReadOnlyList<string> Resources(OperationContext context) =>
        [ArnOf("vpc-endpoint", null), ArnOf("vpc", Text(context, "VpcId")), .. List(context, "SubnetIds").Select(s => ArnOf("subnet", s)), .. List(context, "SecurityGroupIds").Select(s => ArnOf("security-group", s))];

    protected override Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var region = Ec2.Account.Region;
        var service = Text(context, "ServiceName") ?? string.Empty;
        var type = Text(context, "VpcEndpointType") ?? "Gateway";
        var label = EndpointServices.InterfaceLabel(region, service);
        if (label is null && !EndpointServices.IsGatewayService(region, service))
        {
            return Task.FromResult<Ec2Outcome>(AwsError.Sender("InvalidServiceName", $"The Vpc Endpoint Service '{service}' does not exist"));
        }

        if ((type == "Interface") != (label is not null) || type is not ("Interface" or "Gateway"))
        {
            return Task.FromResult<Ec2Outcome>(AwsError.Sender("InvalidParameter", $"The VPC endpoint service {service} does not support the VPC endpoint type {type}."));
        }

        var policy = Text(context, "PolicyDocument");
        if (EndpointServices.CheckPolicy(policy) is { } policyError)
        {
            return Task.FromResult<Ec2Outcome>(policyError);
        }

        var (tags, tagError) = Ec2Tags.From(context.Input, "vpc-endpoint");
        if (tagError is not null)
        {
            return Task.FromResult<Ec2Outcome>(tagError);
        }

        return Ec2.Store.ChangeAsync(
            state =>
            {
                var vpcId = Text(context, "VpcId");
                var (_, error) = Lookup(state, vpcId, "vpc", "VpcId");
                if (error is not null)
                {
                    return error;
                }

                var id = Ec2Ids.New("vpce");
                var endpoint = new JsonObject
                {
                    ["VpcEndpointId"] = id,
                    ["VpcEndpointType"] = type,
                    ["VpcId"] = vpcId,
                    ["ServiceName"] = service,
                    ["State"] = "available",
                    ["PolicyDocument"] = policy ?? EndpointServices.FullAccessPolicy,
                    ["RouteTableIds"] = new JsonArray(),
                    ["SubnetIds"] = new JsonArray(),
                    ["Groups"] = new JsonArray(),
                    ["NetworkInterfaceIds"] = new JsonArray(),
                    ["DnsEntries"] = new JsonArray(),
                    ["PrivateDnsEnabled"] = false,
                    ["RequesterManaged"] = false,
                    ["IpAddressType"] = "ipv4",
                    ["CreationTimestamp"] = Ec2.Time.GetUtcNow(),
                    ["OwnerId"] = Ec2.Account.AccountId,
                    ["Tags"] = tags,
                };
                if (type == "Gateway")
                {
                    var tables = List(context, "RouteTableIds");
                    if (tables.FirstOrDefault(t => !Ec2Ids.IsWellFormed(t, "rtb")) is { } bad)
                    {
                        return AwsError.Sender("InvalidRouteTableId.Malformed", $"Invalid id: \"{bad}\" (expecting \"rtb-...\")");
                    }

                    if (List(context, "SubnetIds").Count > 0 || List(context, "SecurityGroupIds").Count > 0)
                    {
                        return AwsError.Sender("InvalidParameter", "Subnets and security groups are only for Interface endpoints; a Gateway endpoint takes route tables.");
                    }

                    // One gateway address per VPC (Network/GatewayEndpoints): a second S3 gateway would need another
                    // route for the same prefix list, which EC2 refuses per route table.
                    if (Network.GatewayEndpoints.Of(state, vpcId!) is { } existing)
                    {
                        return AwsError.Sender("RouteAlreadyExists", $"The VPC {vpcId} already has the gateway endpoint {Ec2Doc.Text(existing, "VpcEndpointId")} for {service}; this server supports one per VPC.");
                    }

                    endpoint["RouteTableIds"] = Ec2Doc.Array(tables);
                    endpoint.Remove("IpAddressType");
                    state.Put(id, endpoint);
                    return Ec2Outcome.Ok(Answer(endpoint, context), vpcId!);
                }

                var (subnets, subnetError) = EndpointServices.Subnets(state, vpcId!, List(context, "SubnetIds"));
                var (groups, groupError) = NetworkInterfaceDocuments.Groups(state, vpcId!, List(context, "SecurityGroupIds"));
                if ((subnetError ?? groupError) is { } invalid)
                {
                    return invalid;
                }

                endpoint["SubnetIds"] = Ec2Doc.Array(subnets.Select(s => Ec2Doc.Text(s, "SubnetId")!));
                endpoint["Groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["GroupId"] = Ec2Doc.Text(g, "GroupId"), ["GroupName"] = Ec2Doc.Text(g, "GroupName") })]);
                endpoint["PrivateDnsEnabled"] = context.Input["PrivateDnsEnabled"] is JsonValue v && v.TryGetValue(out bool dns) ? dns : true;
                endpoint["DnsEntries"] = EndpointServices.DnsEntries(id, label!, region, subnets.Select(s => Ec2Doc.Text(s, "AvailabilityZone")!));
                if (EndpointServices.SyncInterfaces(Ec2, state, endpoint) is { } eniError)
                {
                    return eniError;
                }

                state.Put(id, endpoint);
                return Ec2Outcome.Ok(Answer(endpoint, context), vpcId!);
            },
            ct);
    }

    private static JsonObject Answer(JsonObject endpoint, OperationContext context)
    {
        var output = new JsonObject { ["VpcEndpoint"] = Ec2Doc.Public(endpoint) };
        if (Text(context, "ClientToken") is { } token)
        {
            output["ClientToken"] = token;
        }

        return output;
    }
}
