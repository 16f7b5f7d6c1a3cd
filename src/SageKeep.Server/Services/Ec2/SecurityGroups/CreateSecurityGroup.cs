using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.SecurityGroups;

/// <summary><c>ec2:CreateSecurityGroup</c> in a VPC: a unique name there, and EC2's default outbound rule (all traffic to 0.0.0.0/0).</summary>
internal sealed class CreateSecurityGroup(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override IReadOnlyList<string> Resources(OperationContext context) => [ArnOf("security-group", null), ArnOf("vpc", Text(context, "VpcId"))];

    protected override Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var name = Text(context, "GroupName") ?? string.Empty;
        var description = Text(context, "Description") ?? string.Empty;
        if (Text(context, "VpcId") is null)
        {
            return Task.FromResult<Ec2Outcome>(AwsError.Sender("VPCIdNotSpecified", "No default VPC for this user. GroupName is only allowed with a default VPC; give VpcId."));
        }

        if (name.Length is 0 or > 255 || name == "default" || name.StartsWith("sg-", StringComparison.Ordinal))
        {
            return Task.FromResult<Ec2Outcome>(Ec2Errors.Invalid($"Value ({name}) for parameter groupName is invalid. Group names are 1 to 255 characters, may not be 'default' and may not start with 'sg-'."));
        }

        if (description.Length > 255)
        {
            return Task.FromResult<Ec2Outcome>(Ec2Errors.Invalid("Value for parameter GroupDescription is invalid. Descriptions are at most 255 characters."));
        }

        var (tags, tagError) = Ec2Tags.From(context.Input, "security-group");
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

                if (state.InVpc("sg", vpcId!).Any(g => Ec2Doc.Text(g, "GroupName") == name))
                {
                    return AwsError.Sender("InvalidGroup.Duplicate", $"The security group '{name}' already exists for VPC '{vpcId}'");
                }

                var group = SecurityGroupDocuments.Create(Ec2, vpcId!, name, description, tags);
                var id = Ec2Doc.Text(group, "GroupId")!;
                state.Put(id, group);
                return Ec2Outcome.Ok(new JsonObject { ["GroupId"] = id, ["Tags"] = tags.DeepClone(), ["SecurityGroupArn"] = Ec2Doc.Text(group, "SecurityGroupArn") }, vpcId!);
            },
            ct);
    }
}
