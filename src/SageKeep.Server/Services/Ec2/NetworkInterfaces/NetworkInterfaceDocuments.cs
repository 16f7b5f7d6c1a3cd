using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2.NetworkInterfaces;

/// <summary>
/// Network interfaces the platform creates (interface endpoints, attached namespaces, training containers):
/// the next free address of the subnet (EC2 keeps the first four and the last), the groups, and where the far
/// end lives: <see cref="NamespaceMember"/> names an existing namespace, absent means a platform namespace.
/// </summary>
internal static class NetworkInterfaceDocuments
{
    public const string NamespaceMember = "_Namespace";

    /// <summary>Who made the interface: <c>vpce-…</c>, <c>admin</c> or a training job ARN.</summary>
    public const string OwnerMember = "_Owner";

    public static (JsonObject? Interface, AwsError? Error) Create(
        Ec2Context ec2, Ec2State state, JsonObject subnet, IReadOnlyList<JsonObject> groups, string description, string interfaceType, string owner, string? externalNamespace, string? requesterId = null)
    {
        var subnetId = Ec2Doc.Text(subnet, "SubnetId")!;
        var cidr = Cidr.Of(Ec2Doc.Text(subnet, "CidrBlock"));
        var used = state.All("eni").Where(e => Ec2Doc.Text(e, "SubnetId") == subnetId).Select(e => Ec2Doc.Text(e, "PrivateIpAddress")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (Cidr.FirstFree(cidr, used) is not { } address)
        {
            return (null, AwsError.Sender("InsufficientFreeAddressesInSubnet", $"The specified subnet {subnetId} does not have enough free addresses to satisfy the request."));
        }

        var id = Ec2Ids.New("eni");
        var dnsName = $"ip-{address.Replace('.', '-')}.{(ec2.Account.Region == "us-east-1" ? "ec2.internal" : ec2.Account.Region + ".compute.internal")}";
        var document = new JsonObject
        {
            ["NetworkInterfaceId"] = id,
            ["SubnetId"] = subnetId,
            ["VpcId"] = Ec2Doc.Text(subnet, "VpcId"),
            ["AvailabilityZone"] = Ec2Doc.Text(subnet, "AvailabilityZone"),
            ["Description"] = description,
            ["Groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["GroupId"] = Ec2Doc.Text(g, "GroupId"), ["GroupName"] = Ec2Doc.Text(g, "GroupName") })]),
            ["InterfaceType"] = interfaceType,
            ["MacAddress"] = Ec2Ids.MacAddress(),
            ["OwnerId"] = ec2.Account.AccountId,
            ["PrivateDnsName"] = dnsName,
            ["PrivateIpAddress"] = address,
            ["PrivateIpAddresses"] = new JsonArray(new JsonObject { ["Primary"] = true, ["PrivateIpAddress"] = address, ["PrivateDnsName"] = dnsName }),
            ["Ipv6Addresses"] = new JsonArray(),
            ["RequesterManaged"] = interfaceType != "interface" || requesterId is not null,
            ["SourceDestCheck"] = true,
            ["Status"] = "in-use",
            ["TagSet"] = new JsonArray(),
            [OwnerMember] = owner,
        };
        if (interfaceType != "interface" || requesterId is not null)
        {
            document["RequesterId"] = requesterId ?? ec2.Account.AccountId;
        }

        if (externalNamespace is not null)
        {
            document[NamespaceMember] = externalNamespace;
            document["Attachment"] = new JsonObject
            {
                ["AttachmentId"] = Ec2Ids.New("eni-attach"),
                ["AttachTime"] = ec2.Time.GetUtcNow(),
                ["DeleteOnTermination"] = false,
                ["DeviceIndex"] = 0,
                ["Status"] = "attached",
                ["InstanceOwnerId"] = ec2.Account.AccountId,
            };
        }

        state.Put(id, document);
        return (document, null);
    }

    /// <summary>The groups a call names (all in <paramref name="vpcId"/>), or the VPC's default group when it names none.</summary>
    public static (List<JsonObject> Groups, AwsError? Error) Groups(Ec2State state, string vpcId, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return ([.. state.InVpc("sg", vpcId).Where(g => Ec2Doc.Text(g, "GroupName") == "default").Take(1)], null);
        }

        var groups = new List<JsonObject>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (!Ec2Ids.IsWellFormed(id, "sg"))
            {
                return ([], Ec2Errors.Malformed(id, "sg"));
            }

            if (state.Find("sg", id) is not { } group)
            {
                return ([], Ec2Errors.NotFound(id));
            }

            if (Ec2Doc.Text(group, "VpcId") != vpcId)
            {
                return ([], Ec2Errors.Invalid($"Security group {id} and subnet belong to different networks."));
            }

            groups.Add(group);
        }

        return groups.Count > 5
            ? ([], AwsError.Sender("SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached."))
            : (groups, null);
    }

    public static List<string> GroupIds(JsonObject document) =>
        [.. (document["Groups"] as JsonArray ?? []).OfType<JsonObject>().Select(g => Ec2Doc.Text(g, "GroupId")).OfType<string>()];
}
