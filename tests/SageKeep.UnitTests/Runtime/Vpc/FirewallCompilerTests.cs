using SageKeep.Runtime.Vpc;

namespace SageKeep.UnitTests.Runtime.Vpc;

public sealed class FirewallCompilerTests
{
    private static readonly VpcSpec Vpc = new(
        "vpc-0123456789abcdef0",
        16,
        [
            new EniSpec("eni-a0000000000000000", "10.0.1.4", ["sg-00000000000000001"], "customer-db"),
            new EniSpec("eni-b0000000000000000", "10.0.1.5", ["sg-00000000000000002"], null),
        ],
        [
            new GroupSpec("sg-00000000000000001", [new RuleSpec("tcp", 5432, 5432, null, "sg-00000000000000002"), new RuleSpec("icmp", 8, -1, "10.0.0.0/16", null)], []),
            new GroupSpec("sg-00000000000000002", [], [new RuleSpec("-1", -1, -1, "0.0.0.0/0", null), new RuleSpec("udp", 1000, 2000, "10.0.1.0/24", null)]),
        ]);

    [Fact]
    public void Compile_ReplacesBothTablesInOneScript()
    {
        var script = FirewallCompiler.Compile(Vpc);
        script.ShouldStartWith("table inet sagekeep\ndelete table inet sagekeep\ntable bridge sagekeep_guard\ndelete table bridge sagekeep_guard\n");
        script.ShouldContain("type filter hook forward priority 0; policy drop;");
        script.ShouldContain("ct state established,related accept");
    }

    [Fact]
    public void Compile_SourceEgressThenDestinationIngress_WithGroupSets()
    {
        var script = FirewallCompiler.Compile(Vpc);
        script.ShouldContain("ip saddr 10.0.1.5 goto o_b0000000000000000");
        script.ShouldContain("ip daddr 10.0.1.4 goto i_a0000000000000000");
        script.ShouldContain("elements = { 10.0.1.5 }");
        script.ShouldContain("ip saddr @g_00000000000000002 tcp dport 5432 accept");
        script.ShouldContain("ip saddr 10.0.0.0/16 icmp type 8 accept");
        script.ShouldContain("ip daddr 10.0.1.0/24 udp dport 1000-2000 goto ingress");

        // The all-traffic egress rule matches any destination and protocol; the db's group allows nothing out.
        var egressOfClient = script[script.IndexOf("chain o_b0000000000000000", StringComparison.Ordinal)..];
        egressOfClient[..egressOfClient.IndexOf("drop", StringComparison.Ordinal)].ShouldContain("    goto ingress\n");
        var egressOfDb = script[script.IndexOf("chain o_a0000000000000000 {", StringComparison.Ordinal)..];
        egressOfDb.ShouldStartWith("chain o_a0000000000000000 {\n    drop\n  }");
    }

    [Fact]
    public void Compile_EachPortMaySendOnlyFromItsOwnAddress()
    {
        var script = FirewallCompiler.Compile(Vpc);
        script.ShouldContain("iifname \"ea00000000000\" ip saddr != 10.0.1.4 drop");
        script.ShouldContain("iifname \"ea00000000000\" arp saddr ip != 10.0.1.4 drop");
        script.ShouldContain("ether type != { ip, arp } drop");
    }

    [Fact]
    public void Compile_GatewayAddress_IsReachedThroughTheSendersEgressRules()
    {
        FirewallCompiler.Compile(Vpc).ShouldNotContain("hook input");
        var script = FirewallCompiler.Compile(Vpc with { GatewayAddress = "10.0.0.1" });
        var input = script[script.IndexOf("chain input {", StringComparison.Ordinal)..];
        input = input[..input.IndexOf("  }", StringComparison.Ordinal)];
        input.ShouldContain("type filter hook input priority 0; policy drop;");
        input.ShouldContain("ip saddr 10.0.1.5 goto o_b0000000000000000");
        input.ShouldContain("ip saddr 10.0.1.4 goto o_a0000000000000000");
        var ingress = script[script.IndexOf("chain ingress {", StringComparison.Ordinal)..];
        ingress[..ingress.IndexOf("drop", StringComparison.Ordinal)].ShouldContain("ip daddr 10.0.0.1 meta l4proto tcp accept");
    }
}
