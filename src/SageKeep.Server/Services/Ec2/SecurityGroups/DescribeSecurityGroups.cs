using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.SecurityGroups;

/// <summary><c>ec2:DescribeSecurityGroups</c> by GroupIds, GroupNames and filters (vpc-id, group-id, group-name, description, owner-id, ip-permission.*, tags).</summary>
internal sealed class DescribeSecurityGroups(Ec2Context ec2) : Ec2Operation(ec2)
{
    protected override async Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct)
    {
        var state = await Ec2.Store.ReadAsync(ct).ConfigureAwait(false);
        var (documents, error) = Select(state, "sg", List(context, "GroupIds"));
        if (error is null && List(context, "GroupNames") is { Count: > 0 } names)
        {
            foreach (var missing in names.Where(n => !documents.Any(d => Ec2Doc.Text(d, "GroupName") == n)))
            {
                error = AwsError.Sender("InvalidGroup.NotFound", $"The security group '{missing}' does not exist");
            }

            documents.RemoveAll(d => !names.Contains(Ec2Doc.Text(d, "GroupName")!));
        }

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

        var output = new JsonObject { ["SecurityGroups"] = new JsonArray([.. page.Select(g => (JsonNode)SecurityGroupDocuments.Output(g, Ec2.Account.AccountId))]) };
        if (next is not null)
        {
            output["NextToken"] = next;
        }

        return Ec2Outcome.Ok(output);
    }

    private static IEnumerable<string?>? Field(JsonObject group, string name)
    {
        var rules = SecurityGroupRules.Of(group);
        return name switch
        {
            "vpc-id" => [Ec2Doc.Text(group, "VpcId")],
            "group-id" => [Ec2Doc.Text(group, "GroupId")],
            "group-name" => [Ec2Doc.Text(group, "GroupName")],
            "description" => [Ec2Doc.Text(group, "Description")],
            "owner-id" => [Ec2Doc.Text(group, "OwnerId")],
            "ip-permission.cidr" => rules.Where(r => !r.Egress).Select(r => r.Cidr),
            "ip-permission.group-id" => rules.Where(r => !r.Egress).Select(r => r.GroupId),
            "ip-permission.protocol" => rules.Where(r => !r.Egress).Select(r => r.Protocol),
            "egress.ip-permission.cidr" => rules.Where(r => r.Egress).Select(r => r.Cidr),
            "egress.ip-permission.group-id" => rules.Where(r => r.Egress).Select(r => r.GroupId),
            "egress.ip-permission.protocol" => rules.Where(r => r.Egress).Select(r => r.Protocol),
            _ => null,
        };
    }
}
