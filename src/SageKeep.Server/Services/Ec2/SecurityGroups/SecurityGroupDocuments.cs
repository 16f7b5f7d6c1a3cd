using System.Text.Json.Nodes;

namespace SageKeep.Server.Services.Ec2.SecurityGroups;

/// <summary>Security group documents: a new group allows all outbound IPv4 traffic, as EC2's are created.</summary>
internal static class SecurityGroupDocuments
{
    public static JsonObject Create(Ec2Context ec2, string vpcId, string name, string description, JsonArray tags)
    {
        var id = Ec2Ids.New("sg");
        var group = new JsonObject
        {
            ["GroupId"] = id,
            ["GroupName"] = name,
            ["Description"] = description,
            ["VpcId"] = vpcId,
            ["OwnerId"] = ec2.Account.AccountId,
            ["SecurityGroupArn"] = ec2.Arn("security-group", id),
            ["Tags"] = tags,
        };
        SecurityGroupRules.Write(group, [SecurityGroupRules.AllTraffic(egress: true)]);
        return group;
    }

    public static JsonObject Output(JsonObject group, string accountId)
    {
        var output = Ec2Doc.Public(group);
        var rules = SecurityGroupRules.Of(group);
        output["IpPermissions"] = SecurityGroupRules.Permissions(rules.Where(r => !r.Egress), accountId);
        output["IpPermissionsEgress"] = SecurityGroupRules.Permissions(rules.Where(r => r.Egress), accountId);
        return output;
    }
}
