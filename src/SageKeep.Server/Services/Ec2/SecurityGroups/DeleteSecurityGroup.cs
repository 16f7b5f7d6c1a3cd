using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.SecurityGroups;

/// <summary>
/// <c>ec2:DeleteSecurityGroup</c> by GroupId: never the VPC's default group (CannotDelete), and not while an
/// interface, an endpoint or another group's rule refers to it (DependencyViolation).
/// </summary>
internal sealed class DeleteSecurityGroup(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override IReadOnlyList<string> Resources(OperationContext context) => [ArnOf("security-group", Text(context, "GroupId"))];

    protected override Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct) =>
        Ec2.Store.ChangeAsync(
            state =>
            {
                var id = Text(context, "GroupId");
                if (id is null && Text(context, "GroupName") is { } name)
                {
                    return AwsError.Sender("InvalidGroup.NotFound", $"The security group '{name}' does not exist in default VPC 'none'");
                }

                var (group, error) = Lookup(state, id, "sg", "GroupId");
                if (error is not null)
                {
                    return error;
                }

                if (Ec2Doc.Text(group, "GroupName") == "default")
                {
                    return AwsError.Sender("CannotDelete", $"the specified group: \"{id}\" name: \"default\" cannot be deleted by a user");
                }

                var referenced = state.All("eni").Any(e => Groups(e).Contains(id!))
                    || state.All("vpce").Any(e => Groups(e).Contains(id!))
                    || state.All("sg").Any(g => Ec2Doc.Text(g, "GroupId") != id && SecurityGroupRules.Of(g).Any(r => r.GroupId == id));
                if (referenced)
                {
                    return Ec2Errors.DependencyViolation($"resource {id} has a dependent object");
                }

                state.Remove(id!);
                return Ec2Outcome.Ok(new JsonObject { ["Return"] = true, ["GroupId"] = id }, Ec2Doc.Text(group, "VpcId")!);
            },
            ct);

    private static List<string> Groups(JsonObject document) =>
        [.. (document["Groups"] as JsonArray ?? []).OfType<JsonObject>().Select(g => Ec2Doc.Text(g, "GroupId")).OfType<string>()];
}
