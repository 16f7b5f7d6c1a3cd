using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2.Endpoints;

/// <summary>
/// The endpoint services this server offers: <c>com.amazonaws.&lt;region&gt;.sagemaker.api</c> and
/// <c>….sagemaker.runtime</c> as Interface endpoints (an interface per subnet, listening for the API inside the
/// VPC), <c>….s3</c> as a Gateway endpoint. Also the endpoint policy (EC2's default allows everything) and the
/// interfaces kept in step with the endpoint's subnets and groups.
/// </summary>
internal static class EndpointServices
{
    public const string FullAccessPolicy = """{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}""";

    /// <summary>The DNS label of an interface service (<c>api.sagemaker</c>), or null for services that are not interface services.</summary>
    public static string? InterfaceLabel(string region, string service) =>
        service == $"com.amazonaws.{region}.sagemaker.api" ? "api.sagemaker"
        : service == $"com.amazonaws.{region}.sagemaker.runtime" ? "runtime.sagemaker"
        : null;

    public static bool IsGatewayService(string region, string service) => service == $"com.amazonaws.{region}.s3";

    public static AwsError? CheckPolicy(string? policy)
    {
        if (policy is null)
        {
            return null;
        }

        var parsed = PolicyParser.Parse(policy, PolicyKind.Resource);
        return parsed.Error is { } error ? Ec2Errors.Invalid($"The policy document is malformed: {error.Message}") : null;
    }

    public static JsonArray DnsEntries(string endpointId, string label, string region, IEnumerable<string> zones)
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var entries = new JsonArray(Entry($"{endpointId}-{suffix}.{label}.{region}.vpce.amazonaws.com"));
        foreach (var zone in zones.Distinct(StringComparer.Ordinal))
        {
            entries.Add(Entry($"{endpointId}-{suffix}-{zone}.{label}.{region}.vpce.amazonaws.com"));
        }

        return entries;

        static JsonObject Entry(string name) => new() { ["DnsName"] = name, ["HostedZoneId"] = "Z7HUB22UULQXV" };
    }

    /// <summary>One interface per subnet of an Interface endpoint, with the endpoint's groups; interfaces of removed subnets go.</summary>
    public static AwsError? SyncInterfaces(Ec2Context ec2, Ec2State state, JsonObject endpoint)
    {
        var endpointId = Ec2Doc.Text(endpoint, "VpcEndpointId")!;
        var subnets = Ec2Doc.Strings(endpoint, "SubnetIds");
        var groupIds = (endpoint["Groups"] as JsonArray ?? []).OfType<JsonObject>().Select(g => Ec2Doc.Text(g, "GroupId")).OfType<string>().ToList();
        var groups = groupIds.Select(id => state.Find("sg", id)).OfType<JsonObject>().ToList();
        var interfaces = new List<string>();
        foreach (var eni in state.All("eni").Where(e => Ec2Doc.Text(e, NetworkInterfaceDocuments.OwnerMember) == endpointId).ToList())
        {
            var id = Ec2Doc.Text(eni, "NetworkInterfaceId")!;
            if (!subnets.Contains(Ec2Doc.Text(eni, "SubnetId")!))
            {
                state.Remove(id);
                continue;
            }

            eni["Groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["GroupId"] = Ec2Doc.Text(g, "GroupId"), ["GroupName"] = Ec2Doc.Text(g, "GroupName") })]);
            state.Put(id, eni);
            interfaces.Add(id);
        }

        foreach (var subnetId in subnets)
        {
            if (state.All("eni").Any(e => Ec2Doc.Text(e, NetworkInterfaceDocuments.OwnerMember) == endpointId && Ec2Doc.Text(e, "SubnetId") == subnetId))
            {
                continue;
            }

            var (eni, error) = NetworkInterfaceDocuments.Create(ec2, state, state.Find("subnet", subnetId)!, groups, $"VPC Endpoint Interface {endpointId}", "vpc_endpoint", endpointId, null);
            if (error is not null)
            {
                return error;
            }

            interfaces.Add(Ec2Doc.Text(eni, "NetworkInterfaceId")!);
        }

        endpoint["NetworkInterfaceIds"] = Ec2Doc.Array(interfaces);
        return null;
    }

    /// <summary>The subnets a call names: each in the VPC, at most one per availability zone.</summary>
    public static (List<JsonObject> Subnets, AwsError? Error) Subnets(Ec2State state, string vpcId, IEnumerable<string> ids)
    {
        var subnets = new List<JsonObject>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (!Ec2Ids.IsWellFormed(id, "subnet"))
            {
                return ([], Ec2Errors.Malformed(id, "subnet"));
            }

            if (state.Find("subnet", id) is not { } subnet)
            {
                return ([], Ec2Errors.NotFound(id));
            }

            if (Ec2Doc.Text(subnet, "VpcId") != vpcId)
            {
                return ([], Ec2Errors.Invalid($"The subnet ID '{id}' is not in VPC '{vpcId}'."));
            }

            subnets.Add(subnet);
        }

        var zones = subnets.GroupBy(s => Ec2Doc.Text(s, "AvailabilityZone")).FirstOrDefault(g => g.Count() > 1);
        return zones is not null
            ? ([], AwsError.Sender("DuplicateSubnetsInSameZone", $"Found another VPC endpoint subnet in the availability zone of {Ec2Doc.Text(zones.Last(), "SubnetId")}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service."))
            : (subnets, null);
    }
}
