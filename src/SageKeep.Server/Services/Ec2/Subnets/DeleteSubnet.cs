using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.Subnets;

/// <summary><c>ec2:DeleteSubnet</c>: refused with DependencyViolation while network interfaces (endpoints, attached resources, jobs) use it.</summary>
internal sealed class DeleteSubnet(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override IReadOnlyList<string> Resources(OperationContext context) => [ArnOf("subnet", Text(context, "SubnetId"))];

    protected override Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct) =>
        Ec2.Store.ChangeAsync(
            state =>
            {
                var id = Text(context, "SubnetId");
                var (subnet, error) = Lookup(state, id, "subnet", "SubnetId");
                if (error is not null)
                {
                    return error;
                }

                if (state.All("eni").Any(e => Ec2Doc.Text(e, "SubnetId") == id)
                    || state.All("vpce").Any(e => Ec2Doc.Strings(e, "SubnetIds").Contains(id!)))
                {
                    return Ec2Errors.DependencyViolation($"The subnet '{id}' has dependencies and cannot be deleted.");
                }

                state.Remove(id!);
                return Ec2Outcome.Ok(null, Ec2Doc.Text(subnet, "VpcId")!);
            },
            ct);
}
