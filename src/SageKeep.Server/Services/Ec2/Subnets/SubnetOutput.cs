using System.Text.Json.Nodes;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2.Subnets;

/// <summary>A subnet as Describe shows it: AvailableIpAddressCount is the block less EC2's five reserved addresses and the interfaces in it.</summary>
internal static class SubnetOutput
{
    public static JsonObject Of(Ec2State state, JsonObject subnet)
    {
        var output = Ec2Doc.Public(subnet);
        var cidr = Cidr.Of(Ec2Doc.Text(subnet, "CidrBlock"));
        var used = state.All("eni").Count(e => Ec2Doc.Text(e, "SubnetId") == Ec2Doc.Text(subnet, "SubnetId"));
        output["AvailableIpAddressCount"] = (int)(Cidr.Size(cidr) - 5 - used);
        return output;
    }
}
