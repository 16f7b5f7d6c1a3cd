using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.Vpcs;

/// <summary><c>ec2:DeleteVpc</c>: refused with DependencyViolation while subnets, endpoints or other security groups remain; takes its default group and network with it.</summary>
internal sealed class DeleteVpc(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override IReadOnlyList<string> Resources(OperationContext context) => [ArnOf("vpc", Text(context, "VpcId"))];

    protected override Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct) =>
        Ec2.Store.ChangeAsync(
            state =>
            {
                var id = Text(context, "VpcId");
                var (vpc, error) = Lookup(state, id, "vpc", "VpcId");
                if (error is not null)
                {
                    return error;
                }

                var groups = state.InVpc("sg", id!).ToList();
                var inUse = state.InVpc("subnet", id!).Any() || state.InVpc("vpce", id!).Any() || state.InVpc("eni", id!).Any()
                    || groups.Any(g => Ec2Doc.Text(g, "GroupName") != "default");
                if (inUse)
                {
                    return Ec2Errors.DependencyViolation($"The vpc '{id}' has dependencies and cannot be deleted.");
                }

                foreach (var group in groups)
                {
                    state.Remove(Ec2Doc.Text(group, "GroupId")!);
                }

                state.Remove(id!);
                return Ec2Outcome.Ok(null, id!);
            },
            ct);
}
