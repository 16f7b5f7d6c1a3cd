using System.Text.Json.Nodes;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2.Network;

/// <summary>
/// Where a VPC's S3 gateway endpoint is reached from inside the VPC. AWS routes S3's public prefix list to the
/// gateway; here no outside address is ever routed, so the gateway gets the VPC's router address (the first host
/// of the VPC block: the ".1" every subnet keeps for itself, never an interface's address), held by the bridge in
/// the VPC namespace, where the server listens on its own port.
/// </summary>
internal static class GatewayEndpoints
{
    /// <summary>The VPC's S3 gateway endpoint, or null.</summary>
    public static JsonObject? Of(Ec2State state, string vpcId) =>
        state.InVpc("vpce", vpcId).FirstOrDefault(e => Ec2Doc.Text(e, "VpcEndpointType") == "Gateway");

    /// <summary>The gateway's private address while the VPC has a gateway endpoint, else null.</summary>
    public static string? AddressOf(Ec2State state, string vpcId) =>
        Of(state, vpcId) is null ? null : RouterAddress(Ec2Doc.Text(state.Find("vpc", vpcId), "CidrBlock"));

    /// <summary>The first host of a VPC block (<c>10.0.0.0/16</c> -> <c>10.0.0.1</c>).</summary>
    public static string RouterAddress(string? vpcCidr) => Cidr.FromUInt(Cidr.ToUInt(Cidr.Of(vpcCidr).BaseAddress) + 1).ToString();
}
