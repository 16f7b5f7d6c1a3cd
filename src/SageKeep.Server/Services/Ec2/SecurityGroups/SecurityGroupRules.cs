using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2.SecurityGroups;

/// <summary>
/// Reads rules from Authorize/Revoke input (<c>IpPermissions</c>, or the flat CidrIp/IpProtocol/FromPort/ToPort/
/// SourceSecurityGroupName form), keeps them in the group's document (<c>_Rules</c>) and renders them as EC2's
/// IpPermissions (grouped by protocol and ports) and SecurityGroupRules.
/// </summary>
internal static class SecurityGroupRules
{
    public const string RulesMember = "_Rules";

    public static SecurityGroupRule SameGroup(string groupId, bool egress) => new(Ec2Ids.New("sgr"), egress, "-1", -1, -1, null, groupId, null);

    public static SecurityGroupRule AllTraffic(bool egress) => new(Ec2Ids.New("sgr"), egress, "-1", -1, -1, "0.0.0.0/0", null, null);

    public static List<SecurityGroupRule> Of(JsonObject group) =>
        [.. (group[RulesMember] as JsonArray ?? []).OfType<JsonObject>().Select(r => new SecurityGroupRule(
            Ec2Doc.Text(r, "Id")!,
            Ec2Doc.Bool(r, "Egress"),
            Ec2Doc.Text(r, "Protocol")!,
            Ec2Doc.Int(r, "From") ?? -1,
            Ec2Doc.Int(r, "To") ?? -1,
            Ec2Doc.Text(r, "Cidr"),
            Ec2Doc.Text(r, "GroupId"),
            Ec2Doc.Text(r, "Description")))];

    public static void Add(JsonObject group, IEnumerable<SecurityGroupRule> rules) => Write(group, Of(group).Concat(rules));

    public static void Write(JsonObject group, IEnumerable<SecurityGroupRule> rules)
    {
        var array = new JsonArray();
        foreach (var rule in rules)
        {
            var node = new JsonObject { ["Id"] = rule.Id, ["Egress"] = rule.Egress, ["Protocol"] = rule.Protocol, ["From"] = rule.FromPort, ["To"] = rule.ToPort };
            if (rule.Cidr is not null)
            {
                node["Cidr"] = rule.Cidr;
            }

            if (rule.GroupId is not null)
            {
                node["GroupId"] = rule.GroupId;
            }

            if (rule.Description is not null)
            {
                node["Description"] = rule.Description;
            }

            array.Add(node);
        }

        group[RulesMember] = array;
    }

    /// <summary>The rules an Authorize/Revoke call names, validated; peer groups must exist in the group's VPC.</summary>
    public static (List<SecurityGroupRule> Rules, AwsError? Error) Read(JsonObject input, bool egress, JsonObject group, Ec2State state)
    {
        var rules = new List<SecurityGroupRule>();
        var vpcId = Ec2Doc.Text(group, "VpcId");
        if (input["IpPermissions"] is JsonArray permissions && permissions.Count > 0)
        {
            foreach (var permission in permissions.OfType<JsonObject>())
            {
                var error = ReadPermission(permission, egress, vpcId!, state, rules);
                if (error is not null)
                {
                    return (rules, error);
                }
            }
        }
        else if (InputValues.GetString(input["IpProtocol"]) is not null || InputValues.GetString(input["CidrIp"]) is not null
            || InputValues.GetString(input["SourceSecurityGroupName"]) is not null)
        {
            var permission = new JsonObject
            {
                ["IpProtocol"] = InputValues.GetString(input["IpProtocol"]) ?? "-1",
                ["FromPort"] = input["FromPort"]?.DeepClone(),
                ["ToPort"] = input["ToPort"]?.DeepClone(),
            };
            if (InputValues.GetString(input["CidrIp"]) is { } cidr)
            {
                permission["IpRanges"] = new JsonArray(new JsonObject { ["CidrIp"] = cidr });
            }

            if (InputValues.GetString(input["SourceSecurityGroupName"]) is { } name)
            {
                permission["UserIdGroupPairs"] = new JsonArray(new JsonObject { ["GroupName"] = name });
            }

            var error = ReadPermission(permission, egress, vpcId!, state, rules);
            if (error is not null)
            {
                return (rules, error);
            }
        }

        return rules.Count == 0 && InputValues.GetString(input["SecurityGroupRuleIds"]) is null && input["SecurityGroupRuleIds"] is not JsonArray { Count: > 0 }
            ? (rules, Ec2Errors.Missing("IpPermissions"))
            : (rules, null);
    }

    private static AwsError? ReadPermission(JsonObject permission, bool egress, string vpcId, Ec2State state, List<SecurityGroupRule> rules)
    {
        var protocolText = (InputValues.GetString(permission["IpProtocol"]) ?? string.Empty).ToLowerInvariant();
        var protocol = protocolText switch
        {
            "tcp" or "6" => "tcp",
            "udp" or "17" => "udp",
            "icmp" or "1" => "icmp",
            "-1" or "all" => "-1",
            _ when int.TryParse(protocolText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 255 => number.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        if (protocol is null)
        {
            return Ec2Errors.Invalid($"Invalid value '{protocolText}' for IP protocol. Unknown protocol.");
        }

        var hasFrom = InputValues.TryGetInt64(permission["FromPort"], out var fromLong);
        var hasTo = InputValues.TryGetInt64(permission["ToPort"], out var toLong);
        int from = -1, to = -1;
        switch (protocol)
        {
            case "tcp" or "udp":
                if (!hasFrom || !hasTo)
                {
                    return Ec2Errors.Invalid($"Invalid value 'null' for {(hasFrom ? "toPort" : "fromPort")}. Must specify both from and to ports with TCP/UDP.");
                }

                (from, to) = ((int)fromLong, (int)toLong);
                if (from == -1 && to == -1)
                {
                    (from, to) = (0, 65535);
                }

                if (from is < 0 or > 65535 || to is < 0 or > 65535 || from > to)
                {
                    return Ec2Errors.Invalid(string.Create(CultureInfo.InvariantCulture, $"Invalid value '{fromLong}-{toLong}' for portRange. Must be ports from 0 to 65535, from port not above to port."));
                }

                break;
            case "icmp":
                (from, to) = (hasFrom ? (int)fromLong : -1, hasTo ? (int)toLong : -1);
                if (from is < -1 or > 255 || to is < -1 or > 255 || (from == -1 && to != -1))
                {
                    return Ec2Errors.Invalid(string.Create(CultureInfo.InvariantCulture, $"Invalid value '{from},{to}' for ICMP type and code: -1 to 255, a code only with a type."));
                }

                break;
        }

        if (permission["Ipv6Ranges"] is JsonArray { Count: > 0 } || permission["PrefixListIds"] is JsonArray { Count: > 0 })
        {
            return Ec2Errors.Invalid("IPv6 ranges and prefix lists are not supported by this server; use IPv4 CIDR ranges or security groups.");
        }

        var before = rules.Count;
        foreach (var range in (permission["IpRanges"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var text = InputValues.GetString(range["CidrIp"]);
            if (!Cidr.TryParseLoose(text, out var cidr))
            {
                return Ec2Errors.Invalid($"CIDR block {text} is malformed");
            }

            rules.Add(new(Ec2Ids.New("sgr"), egress, protocol, from, to, cidr.ToString(), null, InputValues.GetString(range["Description"])));
        }

        foreach (var pair in (permission["UserIdGroupPairs"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var groupId = InputValues.GetString(pair["GroupId"]);
            JsonObject? peer;
            if (groupId is not null)
            {
                if (!Ec2Ids.IsWellFormed(groupId, "sg"))
                {
                    return Ec2Errors.Malformed(groupId, "sg");
                }

                peer = state.Find("sg", groupId);
                if (peer is null)
                {
                    return Ec2Errors.NotFound(groupId);
                }
            }
            else if (InputValues.GetString(pair["GroupName"]) is { } name)
            {
                peer = state.InVpc("sg", vpcId).FirstOrDefault(g => Ec2Doc.Text(g, "GroupName") == name);
                if (peer is null)
                {
                    return AwsError.Sender("InvalidGroup.NotFound", $"The security group '{name}' does not exist in VPC '{vpcId}'");
                }
            }
            else
            {
                return Ec2Errors.Missing("GroupId");
            }

            if (Ec2Doc.Text(peer, "VpcId") != vpcId)
            {
                return Ec2Errors.Invalid($"You have specified two resources that belong to different networks: {Ec2Doc.Text(peer, "GroupId")} is not in {vpcId}.");
            }

            rules.Add(new(Ec2Ids.New("sgr"), egress, protocol, from, to, null, Ec2Doc.Text(peer, "GroupId"), InputValues.GetString(pair["Description"])));
        }

        return rules.Count == before
            ? Ec2Errors.Invalid("A permission must name at least one peer: an IPv4 CIDR range (IpRanges) or a security group (UserIdGroupPairs).")
            : null;
    }

    /// <summary>EC2's IpPermissions / IpPermissionsEgress: rules grouped by protocol and ports, peers as IpRanges and UserIdGroupPairs.</summary>
    public static JsonArray Permissions(IEnumerable<SecurityGroupRule> rules, string accountId)
    {
        var output = new JsonArray();
        foreach (var group in rules.GroupBy(r => (r.Protocol, r.FromPort, r.ToPort)))
        {
            var permission = new JsonObject { ["IpProtocol"] = group.Key.Protocol };
            if (group.First().HasPorts)
            {
                permission["FromPort"] = group.Key.FromPort;
                permission["ToPort"] = group.Key.ToPort;
            }

            permission["IpRanges"] = new JsonArray([.. group.Where(r => r.Cidr is not null).Select(r => (JsonNode)Peer(new JsonObject { ["CidrIp"] = r.Cidr }, r))]);
            permission["Ipv6Ranges"] = new JsonArray();
            permission["PrefixListIds"] = new JsonArray();
            permission["UserIdGroupPairs"] = new JsonArray([.. group.Where(r => r.GroupId is not null).Select(r => (JsonNode)Peer(new JsonObject { ["GroupId"] = r.GroupId, ["UserId"] = accountId }, r))]);
            output.Add(permission);
        }

        return output;
    }

    /// <summary>EC2's SecurityGroupRule items (Authorize and Revoke answers).</summary>
    public static JsonArray RuleItems(IEnumerable<SecurityGroupRule> rules, string groupId, string accountId, Core.AwsAccount account)
    {
        var output = new JsonArray();
        foreach (var rule in rules)
        {
            var item = new JsonObject
            {
                ["SecurityGroupRuleId"] = rule.Id,
                ["GroupId"] = groupId,
                ["GroupOwnerId"] = accountId,
                ["IsEgress"] = rule.Egress,
                ["IpProtocol"] = rule.Protocol,
                ["FromPort"] = rule.FromPort,
                ["ToPort"] = rule.ToPort,
                ["SecurityGroupRuleArn"] = Ec2Ids.Arn(account, "security-group-rule", rule.Id),
            };
            if (rule.Cidr is not null)
            {
                item["CidrIpv4"] = rule.Cidr;
            }

            if (rule.GroupId is not null)
            {
                item["ReferencedGroupInfo"] = new JsonObject { ["GroupId"] = rule.GroupId, ["UserId"] = accountId };
            }

            if (rule.Description is not null)
            {
                item["Description"] = rule.Description;
            }

            output.Add(item);
        }

        return output;
    }

    private static JsonObject Peer(JsonObject peer, SecurityGroupRule rule)
    {
        if (rule.Description is not null)
        {
            peer["Description"] = rule.Description;
        }

        return peer;
    }
}
