using System.Globalization;
using System.Net;
using System.Text;

namespace SageKeep.Runtime.Vpc;

/// <summary>
/// Compiles a VPC's security groups into one nftables script for the VPC namespace, applied atomically
/// (<c>nft -f</c> replaces both tables in one transaction, so a rule change never opens a gap):
/// <list type="bullet">
/// <item><c>inet sagekeep</c>, stateful (bridged IPv4 passes the inet forward hook through br_netfilter):
/// replies of tracked connections pass; a new connection from ENI A to ENI B passes when one of A's groups
/// allows it out (chain <c>o_A</c>) and then one of B's groups allows it in (chain <c>i_B</c>); everything
/// else, IPv6 included, is dropped. Group peers are sets of the member ENIs' addresses.</item>
/// <item><c>bridge sagekeep_guard</c>, stateless anti-spoofing: a port may only send IPv4 and ARP from
/// its own ENI address.</item>
/// </list>
/// Connection tracking survives a replacement, so a change applies to new connections only, as in AWS.
/// </summary>
public static class FirewallCompiler
{
    public static string Compile(VpcSpec vpc)
    {
        ArgumentNullException.ThrowIfNull(vpc);
        var groups = vpc.Groups.ToDictionary(g => g.GroupId, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append("table inet ").Append(VpcNames.FirewallTable).Append('\n');
        text.Append("delete table inet ").Append(VpcNames.FirewallTable).Append('\n');
        text.Append("table bridge ").Append(VpcNames.GuardTable).Append('\n');
        text.Append("delete table bridge ").Append(VpcNames.GuardTable).Append('\n');

        text.Append("table inet ").Append(VpcNames.FirewallTable).Append(" {\n");
        var referenced = vpc.Groups.Select(g => g.GroupId)
            .Concat(vpc.Groups.SelectMany(g => g.Ingress.Concat(g.Egress)).Select(r => r.GroupId).OfType<string>())
            .Distinct(StringComparer.Ordinal);
        foreach (var groupId in referenced)
        {
            var members = vpc.Interfaces.Where(e => e.GroupIds.Contains(groupId, StringComparer.Ordinal)).Select(e => e.Address).ToList();
            text.Append("  set ").Append(SetName(groupId)).Append(" {\n    type ipv4_addr\n");
            if (members.Count > 0)
            {
                text.Append("    elements = { ").AppendJoin(", ", members).Append(" }\n");
            }

            text.Append("  }\n");
        }

        text.Append("  chain forward {\n    type filter hook forward priority 0; policy drop;\n");
        text.Append("    ct state established,related accept\n    ct state invalid drop\n");
        foreach (var eni in vpc.Interfaces)
        {
            text.Append("    ip saddr ").Append(eni.Address).Append(" goto o_").Append(Short(eni.EniId)).Append('\n');
        }

        text.Append("  }\n");
        AppendGatewayInput(text, vpc);
        text.Append("  chain ingress {\n");
        foreach (var eni in vpc.Interfaces)
        {
            text.Append("    ip daddr ").Append(eni.Address).Append(" goto i_").Append(Short(eni.EniId)).Append('\n');
        }

        if (vpc.GatewayAddress is { } gateway)
        {
            text.Append("    ip daddr ").Append(gateway).Append(" meta l4proto tcp accept\n");
        }

        text.Append("    drop\n  }\n");
        foreach (var eni in vpc.Interfaces)
        {
            text.Append("  chain o_").Append(Short(eni.EniId)).Append(" {\n");
            foreach (var rule in RulesOf(eni, groups, egress: true))
            {
                text.Append("    ").Append(Match(rule, "daddr")).Append("goto ingress\n");
            }

            text.Append("    drop\n  }\n");
            text.Append("  chain i_").Append(Short(eni.EniId)).Append(" {\n");
            foreach (var rule in RulesOf(eni, groups, egress: false))
            {
                text.Append("    ").Append(Match(rule, "saddr")).Append("accept\n");
            }

            text.Append("    drop\n  }\n");
        }

        text.Append("}\n");

        text.Append("table bridge ").Append(VpcNames.GuardTable).Append(" {\n");
        text.Append("  chain prerouting {\n    type filter hook prerouting priority -200; policy accept;\n");
        foreach (var eni in vpc.Interfaces)
        {
            var port = VpcNames.BridgePort(eni.EniId);
            text.Append("    iifname \"").Append(port).Append("\" ether type != { ip, arp } drop\n");
            text.Append("    iifname \"").Append(port).Append("\" ip saddr != ").Append(eni.Address).Append(" drop\n");
            text.Append("    iifname \"").Append(port).Append("\" arp saddr ip != ").Append(eni.Address).Append(" drop\n");
        }

        text.Append("  }\n}\n");
        return text.ToString();
    }

    /// <summary>
    /// Traffic to the gateway endpoint's address ends in the VPC namespace itself (the input hook): a new TCP
    /// connection from an ENI passes its groups' egress rules (chain <c>o_ENI</c>, then <c>ingress</c> accepts TCP to
    /// the gateway); anything else addressed to the namespace is dropped.
    /// </summary>
    private static void AppendGatewayInput(StringBuilder text, VpcSpec vpc)
    {
        if (vpc.GatewayAddress is null)
        {
            return;
        }

        text.Append("  chain input {\n    type filter hook input priority 0; policy drop;\n");
        text.Append("    ct state established,related accept\n    ct state invalid drop\n    iifname \"lo\" accept\n");
        foreach (var eni in vpc.Interfaces)
        {
            text.Append("    ip saddr ").Append(eni.Address).Append(" goto o_").Append(Short(eni.EniId)).Append('\n');
        }

        text.Append("  }\n");
    }

    private static IEnumerable<RuleSpec> RulesOf(EniSpec eni, Dictionary<string, GroupSpec> groups, bool egress) =>
        eni.GroupIds.Distinct(StringComparer.Ordinal)
            .Select(id => groups.GetValueOrDefault(id))
            .OfType<GroupSpec>()
            .SelectMany(g => egress ? g.Egress : g.Ingress);

    private static string Match(RuleSpec rule, string direction)
    {
        var text = new StringBuilder();
        if (rule.GroupId is { } group)
        {
            text.Append("ip ").Append(direction).Append(" @").Append(SetName(group)).Append(' ');
        }
        else if (rule.Cidr is { } cidr && !cidr.EndsWith("/0", StringComparison.Ordinal))
        {
            text.Append("ip ").Append(direction).Append(' ').Append(IPNetwork.Parse(cidr).ToString()).Append(' ');
        }

        switch (rule.Protocol)
        {
            case "-1":
                break;
            case "tcp" or "udp":
                text.Append(rule.FromPort <= 0 && rule.ToPort >= 65535
                    ? $"meta l4proto {rule.Protocol} "
                    : rule.FromPort == rule.ToPort
                        ? string.Create(CultureInfo.InvariantCulture, $"{rule.Protocol} dport {rule.FromPort} ")
                        : string.Create(CultureInfo.InvariantCulture, $"{rule.Protocol} dport {rule.FromPort}-{rule.ToPort} "));
                break;
            case "icmp":
                text.Append(rule.FromPort < 0 ? "meta l4proto icmp "
                    : rule.ToPort < 0 ? string.Create(CultureInfo.InvariantCulture, $"icmp type {rule.FromPort} ")
                    : string.Create(CultureInfo.InvariantCulture, $"icmp type {rule.FromPort} icmp code {rule.ToPort} "));
                break;
            default:
                text.Append("meta l4proto ").Append(int.Parse(rule.Protocol, CultureInfo.InvariantCulture)).Append(' ');
                break;
        }

        return text.ToString();
    }

    private static string SetName(string groupId) => "g_" + Short(groupId);

    private static string Short(string id) => id[(id.IndexOf('-', StringComparison.Ordinal) + 1)..];
}
