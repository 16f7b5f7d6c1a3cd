using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ec2.SecurityGroups;

/// <summary>
/// Authorize and Revoke, ingress and egress: the rules are read and checked as a whole (one duplicate refuses
/// the call, InvalidPermission.Duplicate), stored, and the VPC's firewall replaced before the call answers, so
/// new connections follow the new rules.
/// </summary>
internal abstract class SecurityGroupRuleChange(Ec2Context ec2, bool egress, bool revoke) : Ec2Operation(ec2)
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

                var (rules, readError) = SecurityGroupRules.Read(context.Input, egress, group!, state);
                if (readError is not null)
                {
                    return readError;
                }

                var existing = SecurityGroupRules.Of(group!);
                var account = Ec2.Account;
                var vpcId = Ec2Doc.Text(group, "VpcId")!;
                if (!revoke)
                {
                    var keys = existing.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var rule in rules)
                    {
                        if (keys.Contains(rule.Key) || !seen.Add(rule.Key))
                        {
                            return AwsError.Sender("InvalidPermission.Duplicate", $"the specified rule \"{rule.Describe()}\" already exists");
                        }
                    }

                    SecurityGroupRules.Write(group!, existing.Concat(rules));
                    state.Put(id!, group!);
                    return Ec2Outcome.Ok(new JsonObject { ["Return"] = true, ["SecurityGroupRules"] = SecurityGroupRules.RuleItems(rules, id!, account.AccountId, account) }, vpcId);
                }

                var byId = List(context, "SecurityGroupRuleIds");
                var removed = new List<SecurityGroupRule>();
                foreach (var ruleId in byId)
                {
                    var match = existing.FirstOrDefault(r => r.Id == ruleId && r.Egress == egress);
                    if (match is null)
                    {
                        return AwsError.Sender("InvalidSecurityGroupRuleId.NotFound", $"The security group rule ID '{ruleId}' does not exist");
                    }

                    removed.Add(match);
                }

                var unknown = new List<SecurityGroupRule>();
                foreach (var rule in rules)
                {
                    if (existing.FirstOrDefault(r => r.Key == rule.Key) is { } match)
                    {
                        removed.Add(match);
                    }
                    else
                    {
                        unknown.Add(rule);
                    }
                }

                if (removed.Count == 0)
                {
                    return AwsError.Sender("InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
                }

                var gone = removed.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
                SecurityGroupRules.Write(group!, existing.Where(r => !gone.Contains(r.Id)));
                state.Put(id!, group!);
                var output = new JsonObject { ["Return"] = true };
                if (unknown.Count > 0)
                {
                    output["UnknownIpPermissions"] = SecurityGroupRules.Permissions(unknown, account.AccountId);
                }

                return Ec2Outcome.Ok(output, vpcId);
            },
            ct);
}

/// <summary><c>ec2:AuthorizeSecurityGroupIngress</c>.</summary>
internal sealed class AuthorizeSecurityGroupIngress(Ec2Context ec2) : SecurityGroupRuleChange(ec2, egress: false, revoke: false);

/// <summary><c>ec2:AuthorizeSecurityGroupEgress</c>.</summary>
internal sealed class AuthorizeSecurityGroupEgress(Ec2Context ec2) : SecurityGroupRuleChange(ec2, egress: true, revoke: false);

/// <summary><c>ec2:RevokeSecurityGroupIngress</c>: by rule or by SecurityGroupRuleIds; rules not found come back as UnknownIpPermissions.</summary>
internal sealed class RevokeSecurityGroupIngress(Ec2Context ec2) : SecurityGroupRuleChange(ec2, egress: false, revoke: true);

/// <summary><c>ec2:RevokeSecurityGroupEgress</c>.</summary>
internal sealed class RevokeSecurityGroupEgress(Ec2Context ec2) : SecurityGroupRuleChange(ec2, egress: true, revoke: true);
