using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;

namespace SageKeep.Server.Services.Ec2.Endpoints;

/// <summary><c>ec2:DeleteVpcEndpoints</c>: each endpoint with its interfaces; ids that do not exist come back as Unsuccessful items, as EC2 answers.</summary>
internal sealed class DeleteVpcEndpoints(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override IReadOnlyList<string> Resources(OperationContext context) => [.. List(context, "VpcEndpointIds").Select(id => ArnOf("vpc-endpoint", id)).DefaultIfEmpty(ArnOf("vpc-endpoint", null))];

    protected override Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct) =>
        Ec2.Store.ChangeAsync(
            state =>
            {
                var unsuccessful = new JsonArray();
                var vpcs = new List<string>();
                foreach (var id in List(context, "VpcEndpointIds").Distinct(StringComparer.Ordinal))
                {
                    var endpoint = Ec2Ids.IsWellFormed(id, "vpce") ? state.Find("vpce", id) : null;
                    if (endpoint is null)
                    {
                        var error = Ec2Ids.IsWellFormed(id, "vpce") ? Ec2Errors.NotFound(id) : Ec2Errors.Malformed(id, "vpce");
                        unsuccessful.Add(new JsonObject { ["Error"] = new JsonObject { ["Code"] = error.Code, ["Message"] = error.Message }, ["ResourceId"] = id });
                        continue;
                    }

                    foreach (var eni in state.All("eni").Where(e => Ec2Doc.Text(e, NetworkInterfaceDocuments.OwnerMember) == id).ToList())
                    {
                        state.Remove(Ec2Doc.Text(eni, "NetworkInterfaceId")!);
                    }

                    state.Remove(id);
                    vpcs.Add(Ec2Doc.Text(endpoint, "VpcId")!);
                }

                return Ec2Outcome.Ok(new JsonObject { ["Unsuccessful"] = unsuccessful }, [.. vpcs]);
            },
            ct);
}
